#include "carteiro/delivery/deliver.hpp"

#include <algorithm>

#include "carteiro/common/log.hpp"
#include "carteiro/delivery/content_meta.hpp"
#include "carteiro/delivery/message_id.hpp"
#include "carteiro/common/time.hpp"
#include "carteiro/delivery/outgoing_signature.hpp"
#include "carteiro/delivery/plan.hpp"
#include "carteiro/delivery/script_cache.hpp"
#include "carteiro/delivery/srs.hpp"

namespace carteiro::delivery {

Deliverer::Deliverer(store::Store& store, std::string hostname, DeliveryOptions options)
    : store_(store),
      hostname_(std::move(hostname)),
      limits_(options.sieve_limits),
      scripts_(std::make_unique<ScriptCache>(options.sieve_limits)),
      srs_(options.srs_secret.empty() ? nullptr : std::make_unique<Srs>(options.srs_secret, options.srs_max_age_days)),
      signing_keys_(std::make_unique<SigningKeys>()) {}

Deliverer::~Deliverer() = default;

// Resolution runs on a read connection, the parse on the caller's thread, and only the
// inserts on the writer: the writer's batch (one fsync for many sessions) stays short.
// An account removed between the read and the write makes the write throw (its INBOX is
// gone): the caller answers 451 and the client tries again.
// The message's bytes are parsed where they are and written into the store in pieces
// (prefixes, then the body): no whole copy of a large message is made on the way.
asio::awaitable<Delivered> Deliverer::deliver(Envelope envelope, Message message) {
  if (envelope.id.empty()) envelope.id = make_message_id();
  PlanContext context{scripts_.get(), srs_.get(), limits_, hostname_, unix_now()};
  auto plan_fn = [&envelope, &message, &context](store::Db& db) { return plan_delivery(db, envelope, message, context); };
  DeliveryPlan plan = co_await store_.read(plan_fn);
  if (plan.all_rejected()) {
    // RFC 5429 section 2.2: refused in the SMTP dialogue; nothing is written.
    Delivered out;
    out.id = envelope.id;
    out.rejected = plan.rejected.front().reason;
    log::info("{}: from=<{}> rejected by every recipient's mail rules", out.id, envelope.sender);
    co_return out;
  }
  if (!plan.remote.empty()) {
    // DKIM signatures, on a heavy read thread (it reads the whole body) before the write.
    auto sign_fn = [this, &plan, &message, &envelope](store::Db& db) {
      auto* origin = envelope.origin ? &*envelope.origin : nullptr;
      return sign_remote_copies(db, *signing_keys_, plan, message, plan.now, envelope.id, origin);
    };
    co_await store_.read_heavy(sign_fn);
  }
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
