// RFC 8617 section 5.2: validating a message's ARC chain.
#include <variant>

#include "arc_sets.hpp"
#include "carteiro/mailauth/arc.hpp"
#include "carteiro/mailauth/dkim_canon.hpp"
#include "dkim_check.hpp"

namespace carteiro::mailauth::arc {

namespace {

ChainResult failed(ChainResult result, std::string reason) {
  result.status = ChainStatus::fail;
  result.reason = std::move(reason);
  return result;
}

std::string instance_name(std::string_view field, std::size_t instance) {
  return std::string(field) + " i=" + std::to_string(instance);
}

}  // namespace

std::string_view chain_status_name(ChainStatus status) {
  switch (status) {
    case ChainStatus::none:
      return "none";
    case ChainStatus::pass:
      return "pass";
    case ChainStatus::fail:
      return "fail";
  }
  return "none";
}

ChainResult verify_chain(std::string_view text, DnsLookup& dns, std::int64_t now) {
  std::string message = dkim::with_crlf(text);
  std::string_view block = mime::header_block(message);
  auto fields = mime::split_fields(block);
  std::string_view body = std::string_view(message).substr(block.size());

  // Step 1: collect the sets; none is "none", a broken structure is "fail".
  ChainResult result;
  CollectedSets collected = collect_sets(fields);
  const auto& sets = collected.sets;
  result.instances = static_cast<int>(sets.size());
  if (!collected.error.empty()) return failed(result, collected.error);
  if (sets.empty()) return result;
  const std::size_t newest = sets.size();

  std::vector<Seal> seals;
  for (std::size_t k = 1; k <= newest; ++k) {
    auto parsed = parse_seal(sets[k - 1].seal->value);
    if (auto* error = std::get_if<dkim::ParseError>(&parsed))
      return failed(result, instance_name("ARC-Seal", k) + ": " + error->reason);
    seals.push_back(std::get<Seal>(std::move(parsed)));
  }
  // Step 2: a sealer already found the chain broken.
  if (seals.back().cv == ChainStatus::fail) return failed(result, instance_name("ARC-Seal", newest) + " says cv=fail");
  // Step 3 (section 4.2.2): the first seal saw no chain, every later one a passing chain.
  for (std::size_t k = 1; k <= newest; ++k) {
    ChainStatus expected = k == 1 ? ChainStatus::none : ChainStatus::pass;
    if (seals[k - 1].cv != expected)
      return failed(result, instance_name("ARC-Seal", k) + " has cv=" + std::string(chain_status_name(seals[k - 1].cv)) +
                                ", not " + std::string(chain_status_name(expected)));
  }
  auto first_results = results_payload(sets.front().results->value);
  if (!first_results) return failed(result, "ARC-Authentication-Results i=1 is malformed");

  // Step 4: the newest ARC-Message-Signature, validated as a DKIM signature.
  const mime::RawField& ams = *sets.back().signature;
  auto parsed = parse_message_signature(ams.value);
  if (auto* error = std::get_if<dkim::ParseError>(&parsed))
    return failed(result, instance_name("ARC-Message-Signature", newest) + ": " + error->reason);
  const auto& sig = std::get<dkim::Signature>(parsed);
  std::string canonical_body = dkim::canonical_body(body, sig.body_canon);
  std::string data = dkim::header_hash_input(fields, sig.signed_headers, ams.lines, sig.header_canon);
  auto checked = dkim::check_signed({}, sig, &canonical_body, data, dns, now);
  if (checked.status != dkim::Status::pass)
    return failed(result, instance_name("ARC-Message-Signature", newest) + ": " + checked.reason);

  // Step 6: every ARC-Seal, newest first, over the sets up to its own.
  for (std::size_t k = newest; k >= 1; --k) {
    std::string covered = seal_hash_input(std::span(sets).first(k));
    auto sealed = dkim::check_signed({}, seals[k - 1].signature, nullptr, covered, dns, now);
    if (sealed.status != dkim::Status::pass) return failed(result, instance_name("ARC-Seal", k) + ": " + sealed.reason);
  }

  // Step 7.
  result.status = ChainStatus::pass;
  result.last_sealer = seals.back().signature.domain;
  result.first_results = std::move(*first_results);
  return result;
}

}  // namespace carteiro::mailauth::arc
