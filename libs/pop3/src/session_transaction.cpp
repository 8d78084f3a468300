// TRANSACTION state (RFC 1939 section 5, TOP and UIDL of section 7) and UPDATE (section 6).
#include <fmt/format.h>

#include <functional>

#include "carteiro/common/log.hpp"
#include "replies.hpp"
#include "session.hpp"
#include "carteiro/pop3/wire.hpp"
#include "carteiro/store/content_pieces.hpp"
#include "carteiro/store/messages.hpp"

namespace carteiro::pop3 {

namespace {
// RETR/TOP read and send the message in pieces of this size, stuffed as they go out.
constexpr std::size_t kSendChunk = 256 * 1024;
// LIST and UIDL of a large maildrop go out in batches of lines, not all at once.
constexpr std::uint32_t kListingBatch = 2048;
}  // namespace

bool Session::check_message(std::uint32_t number) {
  switch (maildrop_.lookup(number)) {
    case Lookup::found:
      return true;
    case Lookup::deleted:
      err(code::kNone, fmt::format("Message {} is deleted", number));
      return false;
    case Lookup::no_such_message:
      err(code::kNone, fmt::format("No such message (the maildrop has {} messages)", maildrop_.last_number()));
      return false;
  }
  return false;
}

asio::awaitable<void> Session::on_stat(const Command&) {
  // RFC 1939 section 5: "+OK nn mm", nothing else on the line.
  ok(fmt::format("{} {}", maildrop_.count(), maildrop_.octets()));
  co_return;
}

// LIST and UIDL (RFC 1939 sections 5 and 7) with a message number: its one line; without:
// HEADING, then a line for each message not marked deleted, flushed in batches.
asio::awaitable<void> Session::send_listing(const Command& command, const std::string& heading,
                                            const std::function<std::string(std::uint32_t)>& describe) {
  if (command.message) {
    if (check_message(*command.message)) ok(fmt::format("{} {}", *command.message, describe(*command.message)));
    co_return;
  }
  ok(heading);
  for (std::uint32_t n = 1; n <= maildrop_.last_number(); ++n) {
    if (maildrop_.lookup(n) == Lookup::found) line(fmt::format("{} {}", n, describe(n)));
    if (n % kListingBatch != 0) continue;
    bool sent = co_await conn_->flush();
    if (!sent) {
      done_ = true;  // the client is gone
      co_return;
    }
  }
  end_multiline();
}

asio::awaitable<void> Session::on_list(const Command& command) {
  std::string heading = fmt::format("{} messages ({} octets)", maildrop_.count(), maildrop_.octets());
  std::function<std::string(std::uint32_t)> octets = [this](std::uint32_t n) {
    return std::to_string(maildrop_.at(n).octets);
  };
  co_await send_listing(command, heading, octets);
}

asio::awaitable<void> Session::on_uidl(const Command& command) {
  std::string heading = "Unique-ID listing follows";
  std::function<std::string(std::uint32_t)> unique_id = [this](std::uint32_t n) { return maildrop_.unique_id(n); };
  co_await send_listing(command, heading, unique_id);
}

asio::awaitable<void> Session::on_retr(const Command& command) {
  if (!check_message(*command.message)) co_return;
  co_await send_message(*command.message, std::nullopt);
}

asio::awaitable<void> Session::on_top(const Command& command) {
  if (!check_message(*command.message)) co_return;
  co_await send_message(*command.message, command.lines);
}

// The message goes out piece by piece: one Store::read per piece (nothing held open across
// the network writes), stuffed and sent, so one piece and its stuffed copy are all that is
// in memory. TOP stops reading once it has the header and its body lines.
asio::awaitable<void> Session::send_message(std::uint32_t number, std::optional<std::uint32_t> top_lines) {
  const auto& message = maildrop_.at(number);
  const auto mailbox_id = maildrop_.mailbox_id();
  const auto uid = message.uid;
  std::int64_t offset = 0;
  auto read_next = [mailbox_id, uid, &offset](store::Db& db) {
    return store::messages::read_piece(db, mailbox_id, uid, offset, kSendChunk);
  };
  auto piece = co_await context_.store.read(read_next);
  if (!piece) {  // expunged by an IMAP session since login
    err(code::kNone, fmt::format("Message {} was removed by another session", number));
    co_return;
  }
  std::optional<TopCutter> top;
  if (top_lines) {
    top.emplace(*top_lines);
    ok("Top of message follows");
  } else {
    ok(fmt::format("{} octets", message.octets));
  }
  MultilineWriter writer;
  std::string wire;
  for (;;) {
    bool last = piece->size() < kSendChunk;  // read_piece is short only at the end
    offset += static_cast<std::int64_t>(piece->size());
    std::string_view sending = *piece;
    if (top) {
      sending = sending.substr(0, top->take(sending));
      last = last || top->done();
    }
    writer.write(sending, wire);
    if (last) writer.finish(wire);
    conn_->send(wire);
    wire.clear();
    if (last) co_return;
    bool sent = co_await conn_->flush();
    if (!sent) {
      done_ = true;  // the client is gone
      co_return;
    }
    piece = co_await context_.store.read(read_next);
    if (!piece) {
      // Expunged and released by another session after our +OK: the rest cannot be sent,
      // and a terminator now would pass a truncated message off as whole. End the session
      // (no QUIT, so nothing is deleted); the client sees the response cut short.
      log::warn("[{}] pop3: message {} of {} was removed while being sent; closing", conn_->id(), number,
                account_->address);
      done_ = true;
      co_return;
    }
  }
}

asio::awaitable<void> Session::on_dele(const Command& command) {
  if (!check_message(*command.message)) co_return;
  maildrop_.mark_deleted(*command.message);
  ok(fmt::format("Message {} deleted", *command.message));
  co_return;
}

asio::awaitable<void> Session::on_noop(const Command&) {
  ok("");
  co_return;
}

asio::awaitable<void> Session::on_rset(const Command&) {
  maildrop_.unmark_all();
  ok(fmt::format("Maildrop has {} messages ({} octets)", maildrop_.count(), maildrop_.octets()));
  co_return;
}

asio::awaitable<void> Session::on_quit(const Command&) {
  if (state_ == State::authorization) {
    ok("Bye");
    done_ = true;
    co_return;
  }
  co_await update();
}

// RFC 1939 section 6: the marked messages are removed now, all in one durable write, and
// "+OK" only after it. The expunge is announced to IMAP sessions on the INBOX (touch).
asio::awaitable<void> Session::update() {
  enter_state(State::update);
  done_ = true;
  auto uids = maildrop_.deleted_uids();
  if (!uids.empty()) {
    auto mailbox_id = maildrop_.mailbox_id();
    auto remove = [mailbox_id, &uids](store::WriteTx& tx) {
      store::messages::expunge(tx.db, mailbox_id, uids);
      tx.touch(mailbox_id);
    };
    try {
      co_await context_.store.write(remove);
    } catch (const std::exception& e) {
      log::error("[{}] pop3: removing {} messages of {}: {}", conn_->id(), uids.size(), account_->address, e.what());
      err(code::kSysTemp, "Deleted messages were not removed; try again later");
      co_return;
    }
    log::info("[{}] pop3: {} removed {} messages", conn_->id(), account_->address, uids.size());
  }
  ok(fmt::format("Bye: {} messages deleted", uids.size()));
}

}  // namespace carteiro::pop3
