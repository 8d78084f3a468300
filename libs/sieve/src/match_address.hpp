#pragma once
// The parts of an address a test compares (RFC 5228 section 2.7.4, RFC 5233 section 4):
// addresses come from address header fields (parsed by libs/mime, groups and comments
// handled there) or from the SMTP envelope.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "script.hpp"

namespace carteiro::sieve {

struct MailAddress {
  std::string local;
  std::string domain;  // "" when the address has none ("To: root")
};

// The mailboxes of an address-list field value (group names and markers left out).
std::vector<MailAddress> addresses_in(std::string_view field_value);

// An envelope address "local@domain" (no angle brackets); the null path "" gives an
// address whose every part is "" (RFC 5228 section 5.4).
MailAddress envelope_address(std::string_view text);

// The part PART of ADDRESS; nullopt when it has none: :detail of an address without the
// "+" separator matches nothing, while "user+" has an empty detail (RFC 5233 section 4).
std::optional<std::string> address_part(const MailAddress& address, AddressPart part);

// The parts of every address, those that have the part.
std::vector<std::string> address_parts(const std::vector<MailAddress>& addresses, AddressPart part);

}  // namespace carteiro::sieve
