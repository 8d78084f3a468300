#pragma once
// DKIM signatures on everything that leaves for another domain (RFC 6376; RFC 8463): each
// outbound queue entry a delivery writes gets one DKIM-Signature field per current key of
// its signing domain (RSA and Ed25519), on top of what is sent. Signing runs before the
// durable write, on a store read thread: neither an I/O thread nor the writer pays for it.
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "carteiro/delivery/deliver.hpp"
#include "carteiro/mailauth/dkim_sign.hpp"
#include "carteiro/store/db.hpp"

namespace carteiro::delivery {

struct DeliveryPlan;

// The domain whose keys sign a message: the From field's domain when we hold keys for it
// (what DMARC aligns with, RFC 7489 section 3.1), else the envelope sender's when we hold
// keys for it (SRS addresses and lists' bounce addresses are ours), else none. For each,
// the closest parent domain with keys will do: reports From MAILER-DAEMON@<hostname> are
// signed by the local domain the hostname is in.
std::optional<std::string> signing_domain(std::string_view from_domain, std::string_view sender_domain,
                                          const std::function<bool(const std::string&)>& have_keys);

// The signing keys of domains, read from the store (store/dkim_keys.hpp) and kept
// MAX_AGE_SECONDS: a rotation by the CLI is used by a running daemon within that time.
class SigningKeys {
 public:
  static constexpr std::int64_t kDefaultMaxAge = 60;
  explicit SigningKeys(std::int64_t max_age_seconds = kDefaultMaxAge) : max_age_(max_age_seconds) {}
  // DOMAIN's current keys (empty: none); thread-safe.
  std::vector<mailauth::dkim::SigningKey> of(store::Db& db, const std::string& domain, std::int64_t now);

 private:
  struct Entry {
    std::int64_t loaded_at = 0;
    std::vector<mailauth::dkim::SigningKey> keys;
  };
  std::int64_t max_age_;
  std::mutex mutex_;
  std::map<std::string, Entry> cache_;
};

// Puts the DKIM-Signature fields on top of each of PLAN's remote copies (its prefix) of
// MESSAGE; a copy without a signing domain goes unsigned (logged at debug). A copy of a
// message from outside (ORIGIN set: redirects, aliases and list posts pass it on) is first
// ARC-sealed by the signing domain's RSA key, and is not DKIM-signed when its From is one
// of our domains that DMARC did not prove (our signature would vouch for a forgery).
// Returns how many copies were signed.
std::size_t sign_remote_copies(store::Db& db, SigningKeys& keys, DeliveryPlan& plan, const Message& message,
                               std::int64_t now, std::string_view id, const CheckedOrigin* origin = nullptr);

}  // namespace carteiro::delivery
