#include "carteiro/mailauth/dkim_sign.hpp"

#include <algorithm>

#include "carteiro/common/base64.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/mailauth/dkim_canon.hpp"
#include "dkim_crypto.hpp"
#include "dkim_sign_parts.hpp"

namespace carteiro::mailauth::dkim {

namespace {

// Section 5.4.1's recommended fields, with Message-ID and the MIME fields that change how
// the body reads.
constexpr std::string_view kSignedFields[] = {
    "from", "reply-to", "subject", "date", "to", "cc", "resent-date", "resent-from", "resent-to",
    "resent-cc", "in-reply-to", "references", "list-id", "list-help", "list-unsubscribe",
    "list-subscribe", "list-post", "list-owner", "list-archive", "message-id", "mime-version",
    "content-type", "content-transfer-encoding"};
// Fields a reader sees and that an attacker would add a second copy of (section 8.15).
constexpr std::string_view kOversignedFields[] = {"from", "to", "subject", "date"};

constexpr std::size_t kFoldWidth = 72;

}  // namespace

std::vector<std::string> fields_to_sign(const std::vector<mime::RawField>& fields) {
  std::vector<std::string> names;
  for (auto name : kSignedFields) {
    auto present = std::count_if(fields.begin(), fields.end(), [&](const mime::RawField& f) { return iequals(f.name, name); });
    bool oversign = std::find(std::begin(kOversignedFields), std::end(kOversignedFields), name) != std::end(kOversignedFields);
    names.insert(names.end(), present + (oversign ? 1 : 0), std::string(name));
  }
  return names;
}

// Appends "tag=" and VALUE split into folded lines of at most kFoldWidth, at SEPARATOR
// (the ":" of h=) or anywhere (base64).
void append_folded(std::string& out, std::string_view value, char separator) {
  std::size_t line = out.size() - std::min(out.size(), out.rfind('\n') + 1);
  for (std::size_t pos = 0; pos < value.size();) {
    std::size_t take = value.size() - pos;
    if (line + take > kFoldWidth) {
      std::size_t room = kFoldWidth > line ? kFoldWidth - line : 1;
      take = room;
      if (separator) {
        std::size_t cut = value.substr(pos, room).rfind(separator);
        take = cut == std::string_view::npos || cut == 0 ? value.find(separator, pos) - pos + 1 : cut + 1;
        take = std::min(take, value.size() - pos);
      }
    }
    out.append(value.substr(pos, take));
    pos += take;
    line += take;
    if (pos < value.size()) {
      out += "\r\n\t";
      line = 1;
    }
  }
}

std::string join(const std::vector<std::string>& names, char separator) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : std::string(1, separator)) + name;
  return out;
}

namespace {

// Where the header ends in the last piece when pieces of header fields come before it: after
// its first blank line (what mime::header_block finds in the joined text).
std::size_t header_end_after_prefix(std::string_view last) {
  if (last.starts_with("\r\n")) return 2;
  if (last.starts_with("\n")) return 1;
  for (std::size_t pos = last.find('\n'); pos != std::string_view::npos; pos = last.find('\n', pos + 1)) {
    std::string_view next = last.substr(pos + 1);
    if (next.starts_with("\r\n")) return pos + 3;
    if (next.starts_with("\n")) return pos + 2;
  }
  return last.size();
}

}  // namespace

std::variant<Pkey, ParseError> signing_key(const SigningKey& key) {
  Pkey private_key = private_key_from_pem(key.private_pem);
  if (!private_key) return ParseError{"unreadable private key"};
  bool ed25519 = is_ed25519(private_key.get());
  if (!ed25519 && (EVP_PKEY_get_base_id(private_key.get()) != EVP_PKEY_RSA || key_bits(private_key.get()) < kMinSigningRsaBits))
    return ParseError{"the key is neither Ed25519 nor RSA of at least 1024 bits"};
  return private_key;
}

Parsed<std::string> sign_message(std::string_view text, const SigningKey& key, std::int64_t now) {
  return sign_message(std::vector<std::string_view>{text}, key, now);
}

Parsed<std::string> sign_message(const std::vector<std::string_view>& pieces, const SigningKey& key, std::int64_t now) {
  auto loaded = signing_key(key);
  if (auto* error = std::get_if<ParseError>(&loaded)) return *error;
  Pkey private_key = std::get<Pkey>(std::move(loaded));
  bool ed25519 = is_ed25519(private_key.get());

  // The header (small) is joined from the pieces; the body stays where it is.
  std::string prefix;
  for (std::size_t i = 0; i + 1 < pieces.size(); ++i) prefix.append(pieces[i]);
  std::string_view last = pieces.empty() ? std::string_view() : pieces.back();
  std::size_t header_end = prefix.empty() ? mime::header_block(last).size() : header_end_after_prefix(last);
  std::string header = with_crlf(prefix + std::string(last.substr(0, header_end)));
  auto fields = mime::split_fields(mime::header_block(header));
  if (std::none_of(fields.begin(), fields.end(), [](const mime::RawField& f) { return iequals(f.name, "from"); }))
    return ParseError{"the message has no From field"};
  RelaxedBodyHash body_hash;
  body_hash.update(last.substr(header_end));
  auto names = fields_to_sign(fields);

  std::string field = "DKIM-Signature: v=1; a=" + std::string(ed25519 ? "ed25519-sha256" : "rsa-sha256") +
                      "; c=relaxed/relaxed;\r\n\td=" + key.domain + "; s=" + key.selector + "; t=" +
                      std::to_string(now) + ";\r\n\th=";
  append_folded(field, join(names, ':'), ':');
  field += ";\r\n\tbh=" + base64_encode(body_hash.finish()) + ";\r\n\tb=";

  std::string data = header_hash_input(fields, names, field, Canonicalization::relaxed);
  auto signature = sign_data(private_key.get(), data);
  if (!signature) return ParseError{"signing failed"};
  append_folded(field, base64_encode(*signature), 0);
  return field + "\r\n";
}

}  // namespace carteiro::mailauth::dkim
