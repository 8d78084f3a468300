#pragma once
// Mail addresses as SMTP envelopes and the admin CLI see them: local@domain.
#include <optional>
#include <string>
#include <string_view>

namespace carteiro {

struct Address {
  std::string local;   // as given (case kept; matched case-insensitively against accounts)
  std::string domain;  // lower-cased
  std::string text() const { return local + "@" + domain; }
  bool operator==(const Address&) const = default;
};

// Parses "local@domain" (no angle brackets). Accepts a dot-atom or quoted local part and a
// domain name or address literal, per RFC 5321 section 4.1.2; UTF-8 allowed (RFC 6531).
// Returns nullopt when malformed.
std::optional<Address> parse_address(std::string_view text);
bool valid_domain(std::string_view domain);
// "bob+tag" -> "bob" (plus-addressing); a local part without '+' is returned as is.
std::string_view strip_plus_tag(std::string_view local);

}  // namespace carteiro
