// Reading a stored message piece by piece (content_pieces.hpp).
#include <doctest/doctest.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "carteiro/store/accounts.hpp"
#include "carteiro/store/content_pieces.hpp"
#include "carteiro/store/domains.hpp"
#include "carteiro/store/mailboxes.hpp"
#include "carteiro/store/messages.hpp"
#include "carteiro/store/migrations.hpp"
#include "carteiro/store/queue.hpp"
#include "store_test_db.hpp"

using namespace carteiro::store;

namespace {

using PiecesDb = TestDb;

std::string patterned(std::size_t size) {
  std::string out(size, '\0');
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<char>((i * 131 + i / 7) & 0xff);
  return out;
}

}  // namespace

TEST_CASE("store pieces: read_piece returns the octets asked for, short only at the end") {
  PiecesDb f;
  const auto data = patterned(1024 * 1024 + 5);
  auto id = contents::insert(*f.db, data, ContentMeta{});
  std::string joined;
  for (std::int64_t offset = 0;;) {
    auto piece = contents::read_piece(*f.db, id, offset, 100000);
    REQUIRE(piece);
    joined += *piece;
    offset += static_cast<std::int64_t>(piece->size());
    if (piece->size() < 100000) break;
  }
  CHECK(joined == data);
  CHECK(contents::read_piece(*f.db, id, static_cast<std::int64_t>(data.size()), 10) == std::string());
  CHECK(contents::read_piece(*f.db, id, static_cast<std::int64_t>(data.size()) + 100, 10) == std::string());
  CHECK(contents::read_piece(*f.db, id, -1, 10) == std::string());
  CHECK(contents::read_piece(*f.db, id + 1000, 0, 10) == std::nullopt);
  auto empty = contents::insert(*f.db, "", ContentMeta{});
  CHECK(contents::read_piece(*f.db, empty, 0, 10) == std::string());
}

TEST_CASE("store pieces: scan visits every octet in order, and can stop") {
  PiecesDb f;
  const auto data = patterned(300001);
  auto id = contents::insert(*f.db, data, ContentMeta{});
  std::string seen;
  auto all = [&seen](std::string_view piece) {
    CHECK(piece.size() <= 4096);
    seen += piece;
    return true;
  };
  CHECK(contents::scan(*f.db, id, 4096, all));
  CHECK(seen == data);
  int visits = 0;
  auto first_only = [&visits](std::string_view) { return ++visits < 1; };
  CHECK(contents::scan(*f.db, id, 4096, first_only));
  CHECK(visits == 1);
  CHECK(!contents::scan(*f.db, id + 1000, 4096, all));
}

TEST_CASE("store pieces: a message's pieces end with nullopt once it is expunged") {
  PiecesDb f;
  domains::add(*f.db, "example.test");
  auto account = accounts::add(*f.db, "bob@example.test", "$scrypt$x");
  auto inbox = mailboxes::find(*f.db, account.id, "INBOX");
  REQUIRE(inbox);
  auto content = contents::insert(*f.db, "Subject: x\r\n\r\nbody\r\n", ContentMeta{});
  auto placed = messages::append(*f.db, inbox->id, content);
  CHECK(messages::read_piece(*f.db, inbox->id, placed.uid, 0, 9) == std::string("Subject: "));
  CHECK(messages::read_piece(*f.db, inbox->id, placed.uid, 9, 100) == std::string("x\r\n\r\nbody\r\n"));
  messages::expunge(*f.db, inbox->id, {placed.uid});
  CHECK(messages::read_piece(*f.db, inbox->id, placed.uid, 0, 9) == std::nullopt);
}

TEST_CASE("store pieces: a queued message reads until the entry is removed") {
  PiecesDb f;
  auto content = contents::insert(*f.db, "queued\r\n", ContentMeta{});
  auto queue_id = queue::enqueue(*f.db, content, "a@local.test", {"b@remote.test"});
  auto entry = queue::find(*f.db, queue_id);
  REQUIRE(entry);
  queue::QueuedContent queued{queue_id, content, entry->created_at};
  CHECK(queue::holds(*f.db, queued));
  CHECK(queue::read_piece(*f.db, queued, 0, 100) == std::string("queued\r\n"));
  CHECK(queue::read_piece(*f.db, queue::QueuedContent{queue_id, content + 1, entry->created_at}, 0, 100) ==
        std::nullopt);
  queue::remove(*f.db, queue_id);
  CHECK(!queue::holds(*f.db, queued));
  CHECK(queue::read_piece(*f.db, queued, 0, 100) == std::nullopt);
}
