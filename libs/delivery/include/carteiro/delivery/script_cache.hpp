#pragma once
// Accounts' active Sieve scripts, compiled once per version and shared by every delivery
// (they are immutable). Thread-safe: plans run on the store's reader threads.
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "carteiro/sieve/compile.hpp"
#include "carteiro/store/db.hpp"

namespace carteiro::delivery {

class ScriptCache {
 public:
  explicit ScriptCache(sieve::Limits limits = {}) : limits_(limits) {}
  // ACCOUNT's active script, compiled; null when it has none. A stored script was checked
  // when it was uploaded; one that does not compile now (a limit lowered since) is logged
  // once and treated as none: the mail is kept (RFC 5228 section 2.10.6).
  std::shared_ptr<const sieve::Script> active(store::Db& db, std::int64_t account_id);

 private:
  struct Entry {
    std::int64_t version = 0;
    std::shared_ptr<const sieve::Script> script;
  };
  sieve::Limits limits_;
  std::mutex mutex_;
  std::unordered_map<std::int64_t, Entry> entries_;
};

}  // namespace carteiro::delivery
