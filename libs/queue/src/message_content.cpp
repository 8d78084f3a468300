#include "carteiro/queue/message_content.hpp"

#include <algorithm>

#include "carteiro/common/strings.hpp"

namespace carteiro::queue {

namespace {

class InMemoryContent final : public MessageContent {
 public:
  explicit InMemoryContent(std::string data) : data_(std::move(data)), eight_bit_(has_eight_bit(data_)) {}
  std::int64_t size() const override { return static_cast<std::int64_t>(data_.size()); }
  bool eight_bit() const override { return eight_bit_; }
  asio::awaitable<std::optional<std::string>> read(std::int64_t offset, std::size_t max) const override {
    auto start = std::min(data_.size(), static_cast<std::size_t>(std::max<std::int64_t>(offset, 0)));
    co_return data_.substr(start, max);
  }

 private:
  std::string data_;
  bool eight_bit_;
};

}  // namespace

std::shared_ptr<const MessageContent> in_memory(std::string data) {
  return std::make_shared<InMemoryContent>(std::move(data));
}

}  // namespace carteiro::queue
