#include "carteiro/smtp/own_addresses.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "carteiro/common/strings.hpp"
#include "carteiro/mime/address_list.hpp"
#include "carteiro/mime/header.hpp"

namespace carteiro::smtp {

bool OwnAddresses::owns(const Address& address) const {
  Address base{std::string(strip_plus_tag(address.local)), address.domain};
  auto is = [&](std::string_view mine) { return iequals(mine, address.text()) || iequals(mine, base.text()); };
  return is(account) || std::any_of(aliases.begin(), aliases.end(), is);
}

std::string OwnAddresses::summary(std::size_t max_aliases) const {
  std::string out = fmt::format("{} (+tag allowed)", account);
  std::size_t shown = std::min(max_aliases, aliases.size());
  for (std::size_t i = 0; i < shown; ++i) out += ", " + aliases[i];
  if (shown < aliases.size()) out += fmt::format(" and {} more", aliases.size() - shown);
  return out;
}

namespace {

// The unfolded values of every field NAME in the header.
std::vector<std::string> field_values(std::string_view message, const HeaderIndex& index, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& field : index.fields) {
    if (!iequals(field.name, name)) continue;
    auto text = message.substr(field.begin, field.end - field.begin);
    auto colon = text.find(':');
    out.push_back(mime::unfold(text.substr(colon + 1)));
  }
  return out;
}

// The mailboxes of an address list (group markers skipped); nullopt when one has no domain
// or there is none at all.
std::optional<std::vector<Address>> mailboxes(std::string_view value) {
  std::vector<Address> out;
  for (const auto& a : mime::parse_address_list(value)) {
    if (a.group_start() || a.group_end()) continue;
    if (!a.mailbox || !a.host || a.mailbox->empty() || a.host->empty()) return std::nullopt;
    out.push_back(Address{*a.mailbox, to_lower(*a.host)});
  }
  if (out.empty()) return std::nullopt;
  return out;
}

// Checks the one field NAME may have; REQUIRED: absence is an error.
AuthorVerdict check_field(std::string_view message, const HeaderIndex& index, std::string_view name, bool required,
                          const OwnAddresses& own) {
  auto values = field_values(message, index, name);
  if (values.empty()) return {required ? AuthorCheck::missing : AuthorCheck::ok, std::string(name), {}};
  if (values.size() > 1) return {AuthorCheck::malformed, std::string(name), {}};
  auto addresses = mailboxes(values.front());
  if (!addresses) return {AuthorCheck::malformed, std::string(name), {}};
  for (const auto& address : *addresses)
    if (!own.owns(address)) return {AuthorCheck::not_owned, std::string(name), address.text()};
  return {};
}

}  // namespace

AuthorVerdict check_authors(std::string_view message, const HeaderIndex& index, const OwnAddresses& own) {
  auto from = check_field(message, index, "From", true, own);
  if (from.result != AuthorCheck::ok) return from;
  return check_field(message, index, "Sender", false, own);
}

}  // namespace carteiro::smtp
