// TRANSACTION state (RFC 1939 section 5, TOP and UIDL of section 7) and UPDATE (section 6).
#include <fmt/format.h>

#include <functional>

#include "carteiro/common/log.hpp"
#include "carteiro/pop3/replies.hpp"
#include "carteiro/pop3/session.hpp"
#include "carteiro/pop3/wire.hpp"
#include "carteiro/store/messages.hpp"
#include "carteiro/store/pop3_maildrop.hpp"

namespace carteiro::pop3 {

namespace {
// RETR/TOP send the message in pieces of this size, stuffed as they go out.
constexpr std::size_t kSendChunk = 64 * 1024;
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

asio::awaitable<void> Session::cmd_stat(const Command&) {
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

asio::awaitable<void> Session::cmd_list(const Command& command) {
  std::string heading = fmt::format("{} messages ({} octets)", maildrop_.count(), maildrop_.octets());
  std::function<std::string(std::uint32_t)> octets = [this](std::uint32_t n) {
    return std::to_string(maildrop_.at(n).octets);
  };
  co_await send_listing(command, heading, octets);
}

asio::awaitable<void> Session::cmd_uidl(const Command& command) {
  std::string heading = "Unique-ID listing follows";
  std::function<std::string(std::uint32_t)> unique_id = [this](std::uint32_t n) { return maildrop_.unique_id(n); };
  co_await send_listing(command, heading, unique_id);
}

asio::awaitable<void> Session::cmd_retr(const Command& command) {
  if (!check_message(*command.message)) co_return;
  co_await send_message(*command.message, std::nullopt);
}

asio::awaitable<void> Session::cmd_top(const Command& command) {
  if (!check_message(*command.message)) co_return;
  co_await send_message(*command.message, command.lines);
}

asio::awaitable<void> Session::send_message(std::uint32_t number, std::optional<std::uint32_t> top_lines) {
  const auto& message = maildrop_.at(number);
  auto mailbox_id = maildrop_.mailbox_id();
  auto uid = message.uid;
  auto fetch = [mailbox_id, uid](store::Db& db) { return store::pop3_maildrop::read_message(db, mailbox_id, uid); };
  auto content = co_await context_.store.read(fetch);
  if (!content) {  // expunged by an IMAP session since login
    err(code::kNone, fmt::format("Message {} was removed by another session", number));
    co_return;
  }
  std::string_view body = *content;
  if (top_lines) {
    body = body.substr(0, top_length(body, *top_lines));
    ok("Top of message follows");
  } else {
    ok(fmt::format("{} octets", message.octets));
  }
  // The content is in memory once; each piece is stuffed into a small buffer and sent,
  // the terminator with the last piece.
  MultilineWriter writer;
  std::string piece;
  for (std::size_t offset = 0;;) {
    auto chunk = body.substr(offset, kSendChunk);
    offset += chunk.size();
    writer.write(chunk, piece);
    bool last = offset >= body.size();
    if (last) writer.finish(piece);
    conn_->send(piece);
    piece.clear();
    if (last) co_return;
    bool sent = co_await conn_->flush();
    if (!sent) {
      done_ = true;  // the client is gone
      co_return;
    }
  }
}

asio::awaitable<void> Session::cmd_dele(const Command& command) {
  if (!check_message(*command.message)) co_return;
  maildrop_.mark_deleted(*command.message);
  ok(fmt::format("Message {} deleted", *command.message));
  co_return;
}

asio::awaitable<void> Session::cmd_noop(const Command&) {
  ok("");
  co_return;
}

asio::awaitable<void> Session::cmd_rset(const Command&) {
  maildrop_.unmark_all();
  ok(fmt::format("Maildrop has {} messages ({} octets)", maildrop_.count(), maildrop_.octets()));
  co_return;
}

asio::awaitable<void> Session::cmd_quit(const Command&) {
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
