#include "carteiro/mailauth/dkim_verify.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <variant>

#include "carteiro/common/strings.hpp"
#include "carteiro/mailauth/dkim_canon.hpp"
#include "carteiro/mailauth/dkim_tags.hpp"
#include "dkim_check.hpp"
#include "dkim_crypto.hpp"

namespace carteiro::mailauth::dkim {

namespace {

// The message once, shared by all its signatures: fields, and the body canonicalized each
// way on first use.
struct Message {
  std::string text;
  std::vector<mime::RawField> fields;
  std::string_view body;
  std::optional<std::string> canonical[2];

  const std::string& body_in(Canonicalization canon) {
    auto& slot = canonical[canon == Canonicalization::simple ? 0 : 1];
    if (!slot) slot = canonical_body(body, canon);
    return *slot;
  }
};

Result refuse(Result result, Status status, std::string reason) {
  result.status = status;
  result.reason = std::move(reason);
  return result;
}

std::vector<std::string> unsigned_fields(const Message& message, const std::vector<std::string>& names) {
  std::map<std::string, int> listed;
  for (const auto& name : names) ++listed[name];
  std::vector<std::string> extra;
  for (const auto& [name, times] : listed) {
    auto present = std::count_if(message.fields.begin(), message.fields.end(),
                                 [&](const mime::RawField& f) { return iequals(f.name, name); });
    if (present > times) extra.push_back(name);
  }
  return extra;
}

// Section 6.1.2: the key record, and whether it may verify this signature.
std::variant<Key, Result> fetch_key(const Signature& sig, Result result, DnsLookup& dns) {
  TxtAnswer answer = dns.txt(sig.selector + "._domainkey." + sig.domain);
  if (answer.status == DnsStatus::temporary) return refuse(result, Status::temperror, "key lookup failed: " + answer.error);
  if (answer.status != DnsStatus::ok || answer.records.empty()) return refuse(result, Status::permerror, "no key");
  auto parsed = parse_key_record(answer.records.front());
  if (auto* error = std::get_if<ParseError>(&parsed)) return refuse(result, Status::permerror, "bad key record: " + error->reason);
  Key key = std::get<Key>(std::move(parsed));
  if (key.public_key.empty()) return refuse(result, Status::permerror, "key revoked");
  if (!key.for_email) return refuse(result, Status::permerror, "key not for email");
  bool ed25519 = sig.algorithm == Algorithm::ed25519_sha256;
  if (ed25519 != (key.type == KeyType::ed25519)) return refuse(result, Status::permerror, "key type does not match a=");
  std::string hash = sig.algorithm == Algorithm::rsa_sha1 ? "sha1" : "sha256";
  if (!key.hashes.empty() && std::find(key.hashes.begin(), key.hashes.end(), hash) == key.hashes.end())
    return refuse(result, Status::permerror, "key does not allow " + hash);
  if (key.strict_identity) {
    std::string_view identity = sig.identity;
    if (!iequals(identity.substr(identity.rfind('@') + 1), sig.domain))
      return refuse(result, Status::permerror, "key requires i= in d= itself (t=s)");
  }
  return key;
}

Result check_signature(Message& message, const mime::RawField& field, DnsLookup& dns, std::int64_t now) {
  Result result;
  auto parsed = parse_signature(field.value);
  if (auto* error = std::get_if<ParseError>(&parsed)) return refuse(result, Status::permerror, error->reason);
  const Signature& sig = std::get<Signature>(parsed);
  result.domain = sig.domain;
  result.selector = sig.selector;
  result.algorithm = sig.algorithm_name;
  result.identity = sig.identity;
  result.signature = sig.signature_text;
  result.unsigned_fields = unsigned_fields(message, sig.signed_headers);
  std::string data = header_hash_input(message.fields, sig.signed_headers, field.lines, sig.header_canon);
  return check_signed(std::move(result), sig, &message.body_in(sig.body_canon), data, dns, now);
}

}  // namespace

Result check_signed(Result result, const Signature& sig, const std::string* canonical_body, std::string_view header_data,
                    DnsLookup& dns, std::int64_t now) {
  // RFC 8301 section 3.1: rsa-sha1 is no longer good enough to pass.
  if (sig.algorithm == Algorithm::rsa_sha1) return refuse(result, Status::fail, "rsa-sha1 is not accepted");
  if (sig.expiration && *sig.expiration < now) return refuse(result, Status::fail, "signature expired");

  auto fetched = fetch_key(sig, result, dns);
  if (auto* refused = std::get_if<Result>(&fetched)) return *refused;
  const Key& key = std::get<Key>(fetched);
  result.testing = key.testing;
  auto failed = [&](std::string reason) {
    return refuse(result, key.testing ? Status::neutral : Status::fail, std::move(reason));
  };

  Pkey public_key_ = public_key(key);
  if (!public_key_) return refuse(result, Status::permerror, "unusable public key");
  if (key.type == KeyType::rsa && key_bits(public_key_.get()) < kMinRsaBits) return failed("RSA key too short");

  if (canonical_body) {
    // Section 3.5 l=: only that much of the canonical body is signed.
    std::string_view body = *canonical_body;
    if (sig.body_length) {
      if (*sig.body_length > body.size()) return failed("l= is longer than the body");
      result.content_beyond_length = *sig.body_length < body.size();
      body = body.substr(0, *sig.body_length);
    }
    if (sha256(body) != sig.body_hash) return failed("body hash mismatch");
  }

  if (!verify_data(public_key_.get(), sig.algorithm, header_data, sig.signature)) return failed("signature does not verify");
  result.status = Status::pass;
  return result;
}

std::string_view status_name(Status status) {
  switch (status) {
    case Status::pass: return "pass";
    case Status::fail: return "fail";
    case Status::neutral: return "neutral";
    case Status::temperror: return "temperror";
    case Status::permerror: return "permerror";
  }
  return "permerror";
}

std::vector<Result> verify_message(std::string_view text, DnsLookup& dns, std::int64_t now) {
  Message message;
  message.text = with_crlf(text);
  std::string_view block = mime::header_block(message.text);
  message.fields = mime::split_fields(block);
  message.body = std::string_view(message.text).substr(block.size());

  std::vector<Result> results;
  for (const auto& field : message.fields) {
    if (!iequals(field.name, "DKIM-Signature")) continue;
    if (results.size() >= kMaxSignatures) {
      results.push_back(refuse(Result{}, Status::neutral, "too many signatures"));
      continue;
    }
    results.push_back(check_signature(message, field, dns, now));
  }
  return results;
}

}  // namespace carteiro::mailauth::dkim
