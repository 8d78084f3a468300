#pragma once
// Change notifications from the store's writer to the sessions that care (IMAP sessions
// on a mailbox, the queue runner). Published only after the commit is durable.
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>

namespace carteiro::store {

class Events {
 public:
  // Topics are mailbox ids; kQueue is the outbound queue.
  static constexpr std::int64_t kQueue = -1;
  // Called on the writer thread with the events lock held: it must only post work to
  // its own executor (or set a flag) and return. Never call back into Events from it.
  using Callback = std::function<void()>;

  class Subscription {
   public:
    Subscription() = default;
    Subscription(Events* events, std::uint64_t id) : events_(events), id_(id) {}
    Subscription(Subscription&& o) noexcept : events_(o.events_), id_(o.id_) { o.events_ = nullptr; }
    Subscription& operator=(Subscription&& o) noexcept {
      if (this != &o) {
        reset();
        events_ = o.events_;
        id_ = o.id_;
        o.events_ = nullptr;
      }
      return *this;
    }
    ~Subscription() { reset(); }
    void reset() {
      if (events_) events_->unsubscribe(id_);
      events_ = nullptr;
    }
   private:
    Events* events_ = nullptr;
    std::uint64_t id_ = 0;
  };

  [[nodiscard]] Subscription subscribe(std::int64_t topic, Callback callback);
  void publish(std::int64_t topic);

 private:
  void unsubscribe(std::uint64_t id);
  std::mutex mutex_;
  std::uint64_t next_id_ = 1;
  std::multimap<std::int64_t, std::pair<std::uint64_t, Callback>> subscribers_;
};

}  // namespace carteiro::store
