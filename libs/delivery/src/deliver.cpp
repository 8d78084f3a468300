#include "carteiro/delivery/deliver.hpp"

#include <algorithm>

#include "carteiro/common/log.hpp"
#include "carteiro/delivery/content_meta.hpp"
#include "carteiro/delivery/message_id.hpp"
#include "carteiro/delivery/plan.hpp"

namespace carteiro::delivery {

Deliverer::Deliverer(store::Store& store, std::string hostname) : store_(store), hostname_(std::move(hostname)) {}

// Resolution runs on a read connection, the parse on the caller's thread, and only the
// inserts on the writer: the writer's batch (one fsync for many sessions) stays short.
// An account removed between the read and the write makes the write throw (its INBOX is
// gone): the caller answers 451 and the client tries again.
// The message's bytes are parsed where they are and written into the store in pieces
// (prefixes, then the body): no whole copy of a large message is made on the way.
asio::awaitable<Delivered> Deliverer::deliver(Envelope envelope, Message message) {
  if (envelope.id.empty()) envelope.id = make_message_id();
  auto plan_fn = [&envelope, &message](store::Db& db) { return plan_delivery(db, envelope, message.body); };
  DeliveryPlan plan = co_await store_.read(plan_fn);
  // The caller's prefix is trace fields only: ENVELOPE and BODYSTRUCTURE are the body's.
  store::ContentMeta meta = with_prefix(content_meta(message.body), message.prefix.size());
  auto write_fn = [&plan, &message, &meta](store::WriteTx& tx) { return store_copies(tx, plan, message, meta); };
  Delivered out = co_await store_.write(write_fn);
  out.id = envelope.id;
  for (auto& f : out.failed) log::warn("{}: not delivered to {}: {}", out.id, f.recipient, f.why);
  log::info("{}: from=<{}> stored in {} mailbox(es), {} recipient(s) queued", out.id, envelope.sender, out.local,
            out.remote);
  co_return out;
}

bool Delivered::all_full() const {
  if (local != 0 || remote != 0 || failed.empty()) return false;
  return std::all_of(failed.begin(), failed.end(), [](const Undelivered& f) { return f.status == kMailboxFullStatus; });
}

asio::awaitable<Delivered> Deliverer::deliver(Envelope envelope, std::string data) {
  Message message{{}, data};
  auto delivering = deliver(std::move(envelope), std::move(message));
  co_return co_await std::move(delivering);
}

}  // namespace carteiro::delivery
