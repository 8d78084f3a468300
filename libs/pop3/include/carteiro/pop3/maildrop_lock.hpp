#pragma once
// RFC 1939 section 8: "the POP3 server acquires an exclusive-access lock on the maildrop"
// once a session enters the TRANSACTION state. One daemon serves every POP3 session, so
// the lock is in-process: a set of account ids, held by a Guard until the session ends.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

namespace carteiro::pop3 {

class MaildropLocks : public std::enable_shared_from_this<MaildropLocks> {
 public:
  class Guard {
   public:
    Guard(std::shared_ptr<MaildropLocks> locks, std::int64_t account_id)
        : locks_(std::move(locks)), account_id_(account_id) {}
    Guard(Guard&& other) noexcept : locks_(std::move(other.locks_)), account_id_(other.account_id_) {}
    Guard& operator=(Guard&&) = delete;
    Guard(const Guard&) = delete;
    ~Guard() {
      if (locks_) locks_->release(account_id_);
    }

   private:
    std::shared_ptr<MaildropLocks> locks_;
    std::int64_t account_id_;
  };

  // Thread-safe. nullopt: another session holds this account's maildrop ([IN-USE]).
  std::optional<Guard> try_lock(std::int64_t account_id);
  bool locked(std::int64_t account_id) const;

 private:
  void release(std::int64_t account_id);
  mutable std::mutex mutex_;
  std::set<std::int64_t> held_;
};

}  // namespace carteiro::pop3
