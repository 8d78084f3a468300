#include "stored_content.hpp"

#include "carteiro/common/strings.hpp"

namespace carteiro::queue {

namespace {

// Pieces of the whole-message scan before sending (on a reader thread, in one call).
constexpr std::size_t kScanPiece = 256 * 1024;

struct Survey {
  bool found = false;
  std::int64_t size = 0;
  bool eight_bit = false;
};

Survey survey(store::Db& db, const store::queue::QueuedContent& queued) {
  Survey out;
  if (!store::queue::holds(db, queued)) return out;
  auto visit = [&out](std::string_view piece) {
    out.size += static_cast<std::int64_t>(piece.size());
    if (!out.eight_bit) out.eight_bit = has_eight_bit(piece);
    return true;  // the size needs every piece
  };
  out.found = store::contents::scan(db, queued.content_id, kScanPiece, visit);
  return out;
}

class StoredContent final : public MessageContent {
 public:
  StoredContent(store::Store& store, store::queue::QueuedContent queued, const Survey& survey)
      : store_(store), queued_(queued), size_(survey.size), eight_bit_(survey.eight_bit) {}
  std::int64_t size() const override { return size_; }
  bool eight_bit() const override { return eight_bit_; }
  asio::awaitable<std::optional<std::string>> read(std::int64_t offset, std::size_t max) const override {
    auto read_piece = [queued = queued_, offset, max](store::Db& db) {
      return store::queue::read_piece(db, queued, offset, max);
    };
    auto piece = co_await store_.read(read_piece);
    co_return piece;
  }

 private:
  store::Store& store_;
  store::queue::QueuedContent queued_;
  std::int64_t size_;
  bool eight_bit_;
};

}  // namespace

asio::awaitable<std::shared_ptr<const MessageContent>> open_stored(store::Store& store,
                                                                   store::queue::QueuedContent queued) {
  auto look = [queued](store::Db& db) { return survey(db, queued); };
  Survey found = co_await store.read_heavy(look);  // reads the whole message
  if (!found.found) co_return nullptr;
  co_return std::make_shared<StoredContent>(store, queued, found);
}

}  // namespace carteiro::queue
