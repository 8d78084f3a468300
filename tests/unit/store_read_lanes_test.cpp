// The store's two read lanes: reads that scan message bodies (read_heavy) have their own
// connections, so however many of them are stuck, a light read (a login's account lookup,
// an RCPT check) is served at once.
#include <doctest/doctest.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "carteiro/store/domains.hpp"
#include "carteiro/store/store.hpp"
#include "store_test_db.hpp"

using namespace carteiro;
using namespace carteiro::store;

namespace {

constexpr auto kPatience = std::chrono::seconds(10);  // only reached when the lanes are shared

// Polls for a state that store threads reach on their own (no event to wait on).
template <typename Predicate>
bool eventually(Predicate done) {
  auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

// A read in the heavy lane that keeps its connection until RELEASED.
asio::awaitable<void> held_heavy_read(Store& store, std::shared_future<void> released, std::atomic<int>& running,
                                      std::atomic<int>& finished) {
  auto scan = [&running, released](Db&) {
    ++running;
    released.wait();
    return 0;
  };
  co_await store.read_heavy(scan);
  ++finished;
}

// A light read, as a login's account lookup or an RCPT check makes.
asio::awaitable<void> domain_lookup(Store& store, std::promise<bool>& answer) {
  auto lookup = [](Db& db) { return domains::is_local(db, "example.test"); };
  bool found = co_await store.read(lookup);
  answer.set_value(found);
}

}  // namespace

TEST_CASE("store: a light read is served while more heavy reads than heavy connections are stuck") {
  TestDb fixture;
  domains::add(*fixture.db, "example.test");
  StoreOptions options{fixture.dir / "carteiro.db"};
  options.read_connections = 1;
  options.heavy_read_connections = 2;
  Store store(options);

  asio::io_context io;
  auto work = asio::make_work_guard(io);
  std::thread runner([&io] { io.run(); });

  // Heavy reads that hold their connection until the test lets them go: twice as many as
  // there are heavy connections, so some are queued behind the others.
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> heavy_running = 0, heavy_finished = 0;
  const int heavy = 4;
  for (int i = 0; i < heavy; ++i)
    asio::co_spawn(io, held_heavy_read(store, released, heavy_running, heavy_finished), asio::detached);
  CHECK(eventually([&] { return heavy_running == 2; }));

  std::promise<bool> light;
  asio::co_spawn(io, domain_lookup(store, light), asio::detached);
  auto answer = light.get_future();
  bool served = answer.wait_for(kPatience) == std::future_status::ready;
  CHECK(served);
  if (served) CHECK(answer.get());
  CHECK(heavy_running == 2);  // the heavy lane is bounded: the others still wait their turn
  CHECK(heavy_finished == 0);

  release.set_value();
  CHECK(eventually([&] { return heavy_finished == heavy; }));
  CHECK(heavy_running == heavy);
  work.reset();
  runner.join();
}
