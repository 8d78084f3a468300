// RFC 8617 section 5.1: the ARC set an intermediary adds to a message it passes on.
#include <algorithm>
#include <variant>

#include "arc_sets.hpp"
#include "carteiro/common/base64.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/mailauth/arc.hpp"
#include "carteiro/mailauth/dkim_canon.hpp"
#include "dkim_crypto.hpp"
#include "dkim_sign_parts.hpp"

namespace carteiro::mailauth::arc {

namespace {

constexpr auto kRelaxed = dkim::Canonicalization::relaxed;

// A field written here, seen as one of the message's (views into TEXT, which must outlive it).
mime::RawField raw_field(const std::string& text) {
  auto fields = mime::split_fields(text);
  return fields.front();
}

// Section 4.1.1: "i=N; authserv-id; payload", refolded at the payload's blanks (whatever
// line breaks RESULTS holds, none can start a field of its own).
std::string results_field(int instance, std::string_view authserv_id, std::string_view results) {
  std::string field = "ARC-Authentication-Results: i=" + std::to_string(instance) + "; ";
  // RFC 8601 section 2.2: a server that has no result to give says "none".
  std::string payload = single_line(results);
  dkim::append_folded(field, single_line(authserv_id) + "; " + (payload.empty() ? "none" : payload), ' ');
  return field + "\r\n";
}

// Section 4.1.2: the message's fields as a DKIM signer picks them, plus the DKIM-Signature
// fields already present (which the RFC says the AMS SHOULD cover).
std::vector<std::string> message_signature_headers(const std::vector<mime::RawField>& fields) {
  auto names = dkim::fields_to_sign(fields);
  auto signatures = std::count_if(fields.begin(), fields.end(),
                                  [](const mime::RawField& f) { return iequals(f.name, "DKIM-Signature"); });
  names.insert(names.end(), signatures, "dkim-signature");
  return names;
}

// Appends the base64 signature of DATA to FIELD (which ends in "b=") and the final CRLF.
dkim::Parsed<std::string> signed_field(std::string field, EVP_PKEY* key, std::string_view data) {
  auto signature = dkim::sign_data(key, data);
  if (!signature) return dkim::ParseError{"signing failed"};
  dkim::append_folded(field, base64_encode(*signature), 0);
  return field + "\r\n";
}

}  // namespace

dkim::Parsed<std::string> seal(std::string_view text, const ChainResult& chain, std::string_view authserv_id,
                               std::string_view results, const dkim::SigningKey& key, std::int64_t now) {
  auto loaded = dkim::signing_key(key);
  if (auto* error = std::get_if<dkim::ParseError>(&loaded)) return *error;
  const dkim::Pkey& private_key = std::get<dkim::Pkey>(loaded);
  std::string algorithm = dkim::is_ed25519(private_key.get()) ? "ed25519-sha256" : "rsa-sha256";

  std::string message = dkim::with_crlf(text);
  std::string_view block = mime::header_block(message);
  auto fields = mime::split_fields(block);
  if (std::none_of(fields.begin(), fields.end(), [](const mime::RawField& f) { return iequals(f.name, "from"); }))
    return dkim::ParseError{"the message has no From field"};

  CollectedSets collected = collect_sets(fields);
  const int instance = static_cast<int>(collected.sets.size()) + 1;
  if (instance > kMaxInstances) return dkim::ParseError{"the message already carries 50 ARC sets"};
  if (instance == 1 && chain.status != ChainStatus::none)
    return dkim::ParseError{"the chain result does not match the message: it has no ARC set"};
  if (instance > 1 && chain.status == ChainStatus::none)
    return dkim::ParseError{"the chain result does not match the message: it has ARC sets"};
  if (chain.status == ChainStatus::pass && !collected.error.empty())
    return dkim::ParseError{"the chain result does not match the message: " + collected.error};
  // Section 5.1.2: once a sealer has marked the chain failed, nobody seals it again.
  if (instance > 1 && collected.error.empty()) {
    auto newest = parse_seal(collected.sets.back().seal->value);
    if (auto* parsed = std::get_if<Seal>(&newest); parsed && parsed->cv == ChainStatus::fail)
      return dkim::ParseError{"the chain was already marked failed (cv=fail)"};
  }
  std::string head = "i=" + std::to_string(instance) + "; a=" + algorithm + "; ";
  std::string tail = "d=" + key.domain + "; s=" + key.selector + "; t=" + std::to_string(now) + ";\r\n\t";

  // Section 4.1.2: the ARC-Message-Signature, a DKIM signature of the message as it is.
  auto names = message_signature_headers(fields);
  std::string body = dkim::canonical_body(std::string_view(message).substr(block.size()), kRelaxed);
  std::string ams = "ARC-Message-Signature: " + head + "c=relaxed/relaxed;\r\n\t" + tail + "h=";
  dkim::append_folded(ams, dkim::join(names, ':'), ':');
  ams += ";\r\n\tbh=" + base64_encode(dkim::sha256(body)) + ";\r\n\tb=";
  auto signed_ams = signed_field(ams, private_key.get(), dkim::header_hash_input(fields, names, ams, kRelaxed));
  if (auto* error = std::get_if<dkim::ParseError>(&signed_ams)) return *error;
  ams = std::get<std::string>(std::move(signed_ams));

  // Section 4.1.3 and 5.1.1: the ARC-Seal over every set, the new one last; a failed chain's
  // seal covers only its own set (section 5.1.2).
  std::string aar = results_field(instance, authserv_id, results);
  std::string as = "ARC-Seal: " + head + "cv=" + std::string(chain_status_name(chain.status)) + ";\r\n\t" + tail + "b=";
  std::vector<ArcSet> covered;
  if (chain.status != ChainStatus::fail) covered = collected.sets;
  covered.push_back({raw_field(aar), raw_field(ams), raw_field(as)});
  auto signed_as = signed_field(as, private_key.get(), seal_hash_input(covered));
  if (auto* error = std::get_if<dkim::ParseError>(&signed_as)) return *error;
  return std::get<std::string>(signed_as) + ams + aar;
}

}  // namespace carteiro::mailauth::arc
