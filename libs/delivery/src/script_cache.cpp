#include "carteiro/delivery/script_cache.hpp"

#include "carteiro/common/log.hpp"
#include "carteiro/store/sieve_scripts.hpp"

namespace carteiro::delivery {

std::shared_ptr<const sieve::Script> ScriptCache::active(store::Db& db, std::int64_t account_id) {
  auto stored = store::sieve_scripts::active(db, account_id);
  std::lock_guard lock(mutex_);
  if (!stored) {
    entries_.erase(account_id);
    return nullptr;
  }
  auto it = entries_.find(account_id);
  if (it != entries_.end() && it->second.version == stored->version) return it->second.script;
  // Compiled under the lock: a script is small (max_script_size) and compiles in far less
  // time than the store took to read it; two deliveries never compile the same version twice.
  auto compiled = sieve::compile(stored->text, limits_);
  if (!compiled)
    log::error("sieve: account {}: active script \"{}\" does not compile ({}); mail is kept in INBOX", account_id,
               stored->name, compiled.error ? compiled.error->text() : "unknown error");
  entries_[account_id] = Entry{stored->version, compiled.script};
  return compiled.script;
}

}  // namespace carteiro::delivery
