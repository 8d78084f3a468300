#pragma once
// The ARC sets of a message (RFC 8617 section 4.1) and the grammar of their three fields:
// the instance tag, the ARC-Authentication-Results prefix, the tags of the
// ARC-Message-Signature and ARC-Seal, and what the ARC-Seal signs. Private to the library.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "carteiro/mailauth/arc.hpp"
#include "carteiro/mailauth/dkim_tags.hpp"
#include "carteiro/mime/header.hpp"

namespace carteiro::mailauth::arc {

// One instance's fields as they sit in the message (views into it).
struct ArcSet {
  std::optional<mime::RawField> results;    // ARC-Authentication-Results
  std::optional<mime::RawField> signature;  // ARC-Message-Signature
  std::optional<mime::RawField> seal;       // ARC-Seal
};

struct CollectedSets {
  std::vector<ArcSet> sets;  // sets[k - 1] holds instance k, up to the highest one seen
  std::string error;         // the first structural fault (section 5.2 step 1); empty if none
};

// Every ARC field of FIELDS, grouped by instance. Faults: a field without a valid i= (1 to
// kMaxInstances, section 4.2.1), two fields of one kind for one instance, an instance
// below the highest with a field missing (sections 4.2.2 and 5.2).
CollectedSets collect_sets(const std::vector<mime::RawField>& fields);

// ARC-Authentication-Results value: "i=N;" then the Authentication-Results payload
// (section 4.1.1). The payload as single_line gives it; nullopt when the prefix is malformed.
std::optional<std::string> results_payload(std::string_view value);

// FOLDED on one line: every run of blanks and line breaks one space, none at the ends (how
// an Authentication-Results payload was folded carries no meaning: RFC 8601's CFWS).
std::string single_line(std::string_view folded);

// ARC-Message-Signature (section 4.1.2): a DKIM-Signature without v= whose i= is the
// instance; a=, b=, bh=, d=, h=, i= and s= required; no l= and h= never names ARC-Seal.
dkim::Parsed<dkim::Signature> parse_message_signature(std::string_view value);

struct Seal {
  dkim::Signature signature;  // a=, b=, d=, s=, t=; relaxed header canonicalization
  ChainStatus cv = ChainStatus::none;
};
// ARC-Seal (section 4.1.3): a=, b=, cv=, d=, i= and s= required; h= is not allowed.
dkim::Parsed<Seal> parse_seal(std::string_view value);

// Section 5.1.1: what the ARC-Seal of the last set of SETS signs: every set in order, each
// as ARC-Authentication-Results, ARC-Message-Signature, ARC-Seal, relaxed, the last
// ARC-Seal with its b= value removed and no final CRLF. Every field must be present.
std::string seal_hash_input(std::span<const ArcSet> sets);

}  // namespace carteiro::mailauth::arc
