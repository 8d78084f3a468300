#pragma once
// ARC (RFC 8617): verification of a message's chain of ARC sets (section 5.2) and the set
// an intermediary adds when it passes a message on (section 5.1).
#include <cstdint>
#include <string>
#include <string_view>

#include "carteiro/mailauth/dkim_sign.hpp"
#include "carteiro/mailauth/dns.hpp"

namespace carteiro::mailauth::arc {

// Section 4.4 (cv=) and the Authentication-Results method "arc" (section 10.1).
enum class ChainStatus { none, pass, fail };
std::string_view chain_status_name(ChainStatus status);

// RFC 8617 section 4.2.1: at most 50 sets.
inline constexpr int kMaxInstances = 50;

struct ChainResult {
  ChainStatus status = ChainStatus::none;
  int instances = 0;                  // how many sets the message carries
  std::string reason;                 // fail: what broke (which instance, which field)
  // pass only: the newest set's sealer (the ARC-Seal's d=), and what the first
  // intermediary's ARC-Authentication-Results said (its payload after "i=1;"), so a
  // receiver may trust a sealer's record of the original verdict (section 7.2).
  std::string last_sealer;
  std::string first_results;
};

// Section 5.2, every step, with the DKIM key lookups of the AMS and AS fields.
// Algorithms: a= of both signed fields is DKIM's (sections 4.1.2 and 4.1.3 refer to RFC
// 6376), whose registry holds rsa-sha256 and, since RFC 8463, ed25519-sha256: both are
// accepted, with DKIM's key rules (RSA of at least 1024 bits); rsa-sha1 is not (RFC 8301).
ChainResult verify_chain(std::string_view message, DnsLookup& dns, std::int64_t now);

// Section 5.1: the three fields (ARC-Seal, ARC-Message-Signature, ARC-Authentication-Results,
// in that order, each folded and CRLF-ended) to put on top of MESSAGE, instance N+1 of a
// chain whose verification gave CHAIN. RESULTS is this server's Authentication-Results
// payload (after "authserv-id;"). A chain that failed gets cv=fail and is sealed no further
// (section 5.1.2); over kMaxInstances nothing is added (an error).
// Precisely: CHAIN must be verify_chain's verdict on MESSAGE (none exactly when it has no
// set); a fail is sealed once, cv=fail, that seal covering only its own set, and a chain
// whose newest seal already says cv=fail is refused. KEY may be Ed25519, but verifiers that
// only know rsa-sha256 for ARC (python3-dkim, for one) cannot check it: RSA is the choice
// that every verifier reads.
dkim::Parsed<std::string> seal(std::string_view message, const ChainResult& chain, std::string_view authserv_id,
                               std::string_view results, const dkim::SigningKey& key, std::int64_t now);

}  // namespace carteiro::mailauth::arc
