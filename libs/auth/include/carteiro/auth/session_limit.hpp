#pragma once
// A cap on the concurrent logged-in sessions of one account, per protocol ([imap] and
// [pop3] max_sessions_per_account): a leaked password or a misconfigured client cannot
// hold hundreds of sessions. A session holds a Slot from login to its end, however it
// ends (the Slot's destructor gives it back).
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace carteiro::auth {

class SessionLimit : public std::enable_shared_from_this<SessionLimit> {
 public:
  class Slot {
   public:
    Slot(std::shared_ptr<SessionLimit> limit, std::int64_t account_id)
        : limit_(std::move(limit)), account_id_(account_id) {}
    Slot(Slot&& other) noexcept : limit_(std::move(other.limit_)), account_id_(other.account_id_) {}
    Slot& operator=(Slot&&) = delete;
    Slot(const Slot&) = delete;
    ~Slot() {
      if (limit_) limit_->release(account_id_);
    }

   private:
    std::shared_ptr<SessionLimit> limit_;
    std::int64_t account_id_;
  };

  // MAX sessions per account; 0: no limit.
  explicit SessionLimit(unsigned max) : max_(max) {}
  // Thread-safe. nullopt: the account has MAX sessions already.
  std::optional<Slot> try_acquire(std::int64_t account_id);
  unsigned sessions(std::int64_t account_id) const;

 private:
  void release(std::int64_t account_id);
  unsigned max_;
  mutable std::mutex mutex_;
  std::unordered_map<std::int64_t, unsigned> sessions_;
};

}  // namespace carteiro::auth
