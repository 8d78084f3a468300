#pragma once
// How much one authenticated account may send through submission: messages and
// recipients over the last hour ([submission] max_messages_per_hour and
// max_recipients_per_hour; 0 = no limit), so a stolen password cannot turn the server
// into a spam cannon. A message counts at MAIL FROM and a recipient at RCPT TO when
// accepted, whether or not the transaction ends in a message. Kept in memory: a restart
// starts every account afresh. Thread-safe; the clock is injectable for tests.
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <unordered_map>

namespace carteiro::smtp {

class SendingRate {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;
  static constexpr std::chrono::hours kWindow{1};

  SendingRate(unsigned max_messages, unsigned max_recipients, Now now = &Clock::now);
  // Counts one more message (recipient) for ACCOUNT; false, counting nothing, when the
  // last hour's allowance is used up.
  bool take_message(std::int64_t account);
  bool take_recipient(std::int64_t account);

 private:
  using Window = std::unordered_map<std::int64_t, std::deque<Clock::time_point>>;
  bool take(Window& window, std::int64_t account, unsigned max);

  unsigned max_messages_;
  unsigned max_recipients_;
  Now now_;
  std::mutex mutex_;
  Window messages_;
  Window recipients_;
};

}  // namespace carteiro::smtp
