#include "carteiro/store/events.hpp"

namespace carteiro::store {

Events::Subscription Events::subscribe(std::int64_t topic, Callback callback) {
  std::lock_guard lock(mutex_);
  auto id = next_id_++;
  subscribers_.emplace(topic, std::make_pair(id, std::move(callback)));
  return Subscription(this, id);
}

void Events::publish(std::int64_t topic) {
  std::lock_guard lock(mutex_);
  auto [begin, end] = subscribers_.equal_range(topic);
  for (auto it = begin; it != end; ++it) it->second.second();
}

void Events::unsubscribe(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  for (auto it = subscribers_.begin(); it != subscribers_.end(); ++it) {
    if (it->second.first == id) {
      subscribers_.erase(it);
      return;
    }
  }
}

}  // namespace carteiro::store
