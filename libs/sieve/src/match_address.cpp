// Address parts for the address and envelope tests (RFC 5228 2.7.4, RFC 5233).
#include "match_address.hpp"

#include "carteiro/mime/address_list.hpp"

namespace carteiro::sieve {

namespace {
// RFC 5233 section 4: the separator between user and detail. "+" is what Carteiro's
// delivery understands as plus-addressing (carteiro::strip_plus_tag).
constexpr char kDetailSeparator = '+';
}  // namespace

std::vector<MailAddress> addresses_in(std::string_view field_value) {
  std::vector<MailAddress> out;
  for (const mime::EnvelopeAddress& a : mime::parse_address_list(field_value)) {
    if (!a.mailbox || !a.host) continue;  // a group's start or end marker
    out.push_back({*a.mailbox, *a.host});
  }
  return out;
}

MailAddress envelope_address(std::string_view text) {
  if (text.size() >= 2 && text.front() == '<' && text.back() == '>')
    text = text.substr(1, text.size() - 2);
  std::size_t at = text.rfind('@');
  if (at == std::string_view::npos) return {std::string(text), ""};
  return {std::string(text.substr(0, at)), std::string(text.substr(at + 1))};
}

std::optional<std::string> address_part(const MailAddress& address, AddressPart part) {
  std::size_t separator = address.local.find(kDetailSeparator);
  switch (part) {
    case AddressPart::all:
      return address.domain.empty() ? address.local : address.local + "@" + address.domain;
    case AddressPart::localpart: return address.local;
    case AddressPart::domain: return address.domain;
    case AddressPart::user: return address.local.substr(0, separator);
    case AddressPart::detail:
      if (separator == std::string::npos) return std::nullopt;
      return address.local.substr(separator + 1);
  }
  return std::nullopt;
}

std::vector<std::string> address_parts(const std::vector<MailAddress>& addresses, AddressPart part) {
  std::vector<std::string> out;
  for (const MailAddress& a : addresses)
    if (auto p = address_part(a, part)) out.push_back(std::move(*p));
  return out;
}

}  // namespace carteiro::sieve
