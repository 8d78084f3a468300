// Store benchmark: N concurrent writers, each committing small messages into its own
// INBOX through the daemon's write path; prints messages/s and commits (fsyncs) per message.
//   store_bench DIR WRITERS MESSAGES_PER_WRITER on|off [full|normal]
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "carteiro/store/accounts.hpp"
#include "carteiro/store/domains.hpp"
#include "carteiro/store/mailboxes.hpp"
#include "carteiro/store/messages.hpp"
#include "carteiro/store/migrations.hpp"
#include "carteiro/store/store.hpp"

using namespace carteiro::store;

namespace {
asio::awaitable<void> writer(Store& store, std::int64_t inbox, int count, const std::string& message) {
  for (int i = 0; i < count; ++i) {
    auto work = [inbox, &message](WriteTx& tx) {
      auto c = contents::insert(tx.db, message, ContentMeta{});
      messages::append(tx.db, inbox, c);
      tx.touch(inbox);
    };
    co_await store.write(work);
  }
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    fmt::print(stderr, "usage: store_bench DIR WRITERS MESSAGES_PER_WRITER on|off [full|normal]\n");
    return 2;
  }
  std::filesystem::path dir = argv[1];
  int writers = std::stoi(argv[2]);
  int each = std::stoi(argv[3]);
  bool group = std::string(argv[4]) == "on";
  std::string sync = argc > 5 ? argv[5] : "full";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto file = dir / "bench.db";
  std::vector<std::int64_t> inboxes;
  {
    Db db(file);
    migrate(db);
    domains::add(db, "bench.test");
    for (int w = 0; w < writers; ++w)
      inboxes.push_back(mailboxes::inbox_id(db, accounts::add(db, fmt::format("u{}@bench.test", w), "x").id));
  }
  std::string message = "From: a@b.test\r\nSubject: bench\r\n\r\n" + std::string(4000, 'x') + "\r\n";
  Store store(StoreOptions{file, sync, group, 2});
  asio::io_context io;
  auto t0 = std::chrono::steady_clock::now();
  for (int w = 0; w < writers; ++w) asio::co_spawn(io, writer(store, inboxes[w], each, message), asio::detached);
  io.run();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  auto stats = store.stats();
  fmt::print("group commit {:<3}  synchronous={:<6}  writers {:>3}  messages {:>6}  {:>8.0f} msg/s  {:.2f} commits/msg\n",
             group ? "on" : "off", sync, writers, writers * each, writers * each / seconds,
             static_cast<double>(stats.commits) / static_cast<double>(stats.requests));
  return 0;
}
