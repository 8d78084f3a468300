#pragma once
// One file descriptor held in reserve, so that a listener out of descriptors (EMFILE,
// ENFILE) can still accept the waiting connection, send it the busy reply and close it,
// rather than leave it hanging in the backlog while accept() fails in a loop.
#include <mutex>

namespace carteiro::net {

class SpareDescriptor {
 public:
  SpareDescriptor();  // opens /dev/null
  ~SpareDescriptor();
  SpareDescriptor(const SpareDescriptor&) = delete;
  SpareDescriptor& operator=(const SpareDescriptor&) = delete;

  // Runs FN with the spare descriptor closed (so one more descriptor is free), then takes
  // it back. False, without running FN, when there is no spare (another listener is using
  // it, or it could not be reopened yet).
  template <typename Fn>
  bool with_released(Fn&& fn) {
    std::lock_guard lock(mutex_);
    if (!hold() || !release()) return false;
    fn();
    hold();
    return true;
  }

 private:
  bool hold();     // reopens if closed; false when that fails
  bool release();
  std::mutex mutex_;
  int fd_ = -1;
};

}  // namespace carteiro::net
