// RFC 6376 section 3.6.1: the key record a signer publishes at
// <selector>._domainkey.<domain>; RFC 8463 section 4 adds k=ed25519.
#include "carteiro/common/strings.hpp"
#include "carteiro/mailauth/dkim_tags.hpp"

namespace carteiro::mailauth::dkim {

namespace {

std::vector<std::string> colon_list(std::string_view text) {
  std::vector<std::string> items;
  for (auto item : split(text, ':')) {
    auto trimmed = trim(item);
    while (!trimmed.empty() && (trimmed.back() == '\r' || trimmed.back() == '\n')) trimmed.remove_suffix(1);
    if (!trimmed.empty()) items.push_back(to_lower(trimmed));
  }
  return items;
}

}  // namespace

Parsed<Key> parse_key_record(std::string_view txt) {
  auto parsed = parse_tag_list(txt);
  if (auto* error = std::get_if<ParseError>(&parsed)) return *error;
  const TagList& tags = std::get<TagList>(parsed);
  // v= is optional, but when present it must come first and say DKIM1.
  if (auto* v = tags.find("v")) {
    if (tags.tags.front().name != "v" || *v != "DKIM1") return ParseError{"bad key version"};
  }
  Key key;
  if (auto* k = tags.find("k")) {
    std::string type = to_lower(*k);
    if (type == "rsa") key.type = KeyType::rsa;
    else if (type == "ed25519") key.type = KeyType::ed25519;
    else return ParseError{"unknown key type " + type};
  }
  auto* p = tags.find("p");
  if (!p) return ParseError{"key record without p="};
  auto decoded = decode_folded_base64(*p);
  if (!decoded) return ParseError{"bad p= value"};
  key.public_key = std::move(*decoded);
  if (auto* h = tags.find("h")) key.hashes = colon_list(*h);
  if (auto* s = tags.find("s")) {
    key.for_email = false;
    for (const auto& service : colon_list(*s)) key.for_email = key.for_email || service == "*" || service == "email";
  }
  if (auto* t = tags.find("t")) {
    for (const auto& flag : colon_list(*t)) {
      key.testing = key.testing || flag == "y";
      key.strict_identity = key.strict_identity || flag == "s";
    }
  }
  return key;
}

}  // namespace carteiro::mailauth::dkim
