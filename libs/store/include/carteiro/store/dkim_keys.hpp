#pragma once
// DKIM signing keys of local domains (schema/0013_dkim_keys.sql). The store keeps rows;
// making keys and records is mailauth's (dkim_keygen.hpp). A domain has a current pair
// (RSA and Ed25519) that signs; a rotation retires it: retired keys stay listed for a
// grace period (their DNS records stay published), sign nothing, and are then deleted.
// private_pem is secret: never log it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "carteiro/store/db.hpp"

namespace carteiro::store {

enum class DkimAlgorithm { rsa, ed25519 };

struct DkimKey {
  std::int64_t id = 0;
  std::string domain;
  std::string selector;
  DkimAlgorithm algorithm = DkimAlgorithm::rsa;
  std::string private_pem;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> retired_at;  // empty: current
  std::optional<std::int64_t> delete_at;
  bool current() const { return !retired_at; }
};

struct NewDkimKey {
  DkimAlgorithm algorithm = DkimAlgorithm::rsa;
  std::string private_pem;
};

namespace dkim_keys {

inline constexpr int kDefaultGraceDays = 7;

std::string_view algorithm_name(DkimAlgorithm algorithm);  // "rsa", "ed25519"
// The selector prefix: "rsa" or "ed" (RFC 8463 keys are told apart by their selector only).
std::string_view selector_prefix(DkimAlgorithm algorithm);

// The domain's keys to sign with (current ones), RSA first.
std::vector<DkimKey> current(Db& db, std::string_view domain);
// Every key still listed at NOW: current ones, then retired ones not yet deleted (newest
// first). The domain may be unknown (an empty list).
std::vector<DkimKey> listed(Db& db, std::string_view domain, std::int64_t now);

// Makes KEYS the domain's current keys: the current ones are retired at NOW and deleted
// GRACE_SECONDS later. Each new key gets the selector "<prefix>-YYYYMMDD" (NOW's UTC
// date), with "-2", "-3"... when that selector was already used for the domain. Returns
// the new keys. UserError: unknown domain.
std::vector<DkimKey> rotate(Db& db, std::string_view domain, const std::vector<NewDkimKey>& keys, std::int64_t now,
                            std::int64_t grace_seconds);

// Deletes retired keys whose delete_at has come; returns how many.
std::int64_t prune(Db& db, std::int64_t now);

}  // namespace dkim_keys
}  // namespace carteiro::store
