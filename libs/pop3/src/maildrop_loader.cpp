#include "carteiro/pop3/maildrop_loader.hpp"

#include <utility>
#include <vector>

#include "carteiro/common/log.hpp"
#include "carteiro/pop3/wire.hpp"
#include "carteiro/store/content_pieces.hpp"
#include "carteiro/store/pop3_maildrop.hpp"

namespace carteiro::pop3 {

namespace {
struct Loaded {
  Maildrop maildrop;
  std::vector<std::pair<std::int64_t, std::int64_t>> new_sizes;  // (content_id, octets)
};

// Messages whose size is not cached yet are scanned in pieces of this size.
constexpr std::size_t kSizePiece = 256 * 1024;

// On a store reader thread: one piece of one message in memory at a time.
Loaded read_maildrop(store::Db& db, std::int64_t account_id) {
  auto listing = store::pop3_maildrop::list_inbox(db, account_id);
  Loaded out;
  std::vector<MaildropMessage> messages;
  messages.reserve(listing.entries.size());
  for (const auto& entry : listing.entries) {
    std::int64_t octets = 0;
    if (entry.octets) {
      octets = *entry.octets;
    } else {
      WireSizeCounter counter;
      auto count = [&counter](std::string_view piece) {
        counter.add(piece);
        return true;
      };
      store::contents::scan(db, entry.content_id, kSizePiece, count);
      octets = counter.total();
      out.new_sizes.emplace_back(entry.content_id, octets);
    }
    messages.push_back(MaildropMessage{entry.uid, octets, false});
  }
  out.maildrop = Maildrop(listing.mailbox_id, listing.uidvalidity, std::move(messages));
  return out;
}
}  // namespace

asio::awaitable<Maildrop> load_maildrop(store::Store& store, std::int64_t account_id) {
  auto read = [account_id](store::Db& db) { return read_maildrop(db, account_id); };
  Loaded loaded = co_await store.read(read);
  if (!loaded.new_sizes.empty()) {
    auto sizes = std::move(loaded.new_sizes);
    auto save = [&sizes](store::WriteTx& tx) { store::pop3_maildrop::save_sizes(tx.db, sizes); };
    try {
      co_await store.write(save);
    } catch (const std::exception& e) {
      // Only a cache: the next login computes them again.
      log::warn("pop3: caching {} message sizes failed: {}", sizes.size(), e.what());
    }
  }
  co_return std::move(loaded.maildrop);
}

}  // namespace carteiro::pop3
