#include <fmt/format.h>

#include "carteiro/common/time.hpp"
#include "carteiro/store/queue.hpp"
#include "commands.hpp"

namespace carteiro::cli {

namespace {
std::string sender_text(const std::string& s) { return s.empty() ? "<>" : s; }

void print_entry(const store::QueueEntry& e, bool detail) {
  std::size_t pending = 0;
  for (auto& r : e.recipients) pending += r.status == "pending";
  fmt::print("{:>8}  {:>9}  {}  {}  {} recipient(s), {} pending, next attempt {}{}\n", e.id, e.size,
             rfc5322_date(e.created_at), sender_text(e.sender), e.recipients.size(), pending,
             rfc5322_date(e.next_attempt), e.priority == 0 ? "" : fmt::format(", priority {}", e.priority));
  if (!detail) return;
  fmt::print("  attempts: {}{}\n", e.attempts, e.warned ? " (delay warning sent)" : "");
  if (!e.last_error.empty()) fmt::print("  last error: {}\n", e.last_error);
  for (auto& r : e.recipients)
    fmt::print("  {:<8} {}{}\n", r.status, r.address, r.last_reply.empty() ? "" : "  " + r.last_reply);
}

std::int64_t parse_id(const std::string& text) {
  try {
    std::size_t used = 0;
    auto id = std::stoll(text, &used);
    if (used == text.size() && id > 0) return id;
  } catch (...) {
  }
  throw store::UserError(fmt::format("\"{}\" is not a queue id (see carteiro queue list)", text));
}
}  // namespace

void add_queue_commands(CLI::App& app, Context& ctx) {
  auto* queue = app.add_subcommand("queue", "The outbound queue (mail waiting for other servers)");
  queue->require_subcommand(1);
  auto id = std::make_shared<std::string>();

  queue->add_subcommand("list", "List queued messages")->callback([&ctx] {
    ctx.transact([](store::Db& db) {
      auto all = store::queue::list(db);
      if (all.empty()) fmt::print("the queue is empty\n");
      for (auto& e : all) print_entry(e, false);
    });
  });

  auto* show = queue->add_subcommand("show", "Show one queued message with its recipients");
  show->add_option("ID", *id)->required();
  show->callback([&ctx, id] {
    ctx.transact([&](store::Db& db) {
      auto e = store::queue::find(db, parse_id(*id));
      if (!e) throw store::UserError(fmt::format("no queue entry {}", *id));
      print_entry(*e, true);
    });
  });

  queue->add_subcommand("flush", "Make every queued message due now")->callback([&ctx] {
    ctx.transact([](store::Db& db) {
      store::queue::flush(db);
      fmt::print("every queued message is due now\n");
    });
  });

  auto* del = queue->add_subcommand("del", "Delete a queued message without sending it");
  del->add_option("ID", *id)->required();
  del->callback([&ctx, id] {
    ctx.transact([&](store::Db& db) {
      if (!store::queue::remove(db, parse_id(*id))) throw store::UserError(fmt::format("no queue entry {}", *id));
      fmt::print("deleted queue entry {}\n", *id);
    });
  });
}

}  // namespace carteiro::cli
