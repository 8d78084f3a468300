// DATA: read the message, check it, add the trace field, hand it to delivery, and say
// 250 only once the store has it on disk.
#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "carteiro/common/log.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/common/time.hpp"
#include "carteiro/delivery/message_id.hpp"
#include "carteiro/delivery/priority.hpp"
#include "carteiro/smtp/data_reader.hpp"
#include "carteiro/smtp/message_headers.hpp"
#include "carteiro/smtp/received.hpp"
#include "carteiro/smtp/sender_policy.hpp"
#include "session.hpp"

namespace carteiro::smtp {

namespace {

// A script's reject reason as one line of an SMTP reply: printable ASCII, bounded.
std::string rejection_text(std::string_view reason) {
  constexpr std::size_t kMaxReason = 200;
  std::string out;
  for (char c : reason.substr(0, reason.find_first_of("\r\n"))) {
    if (out.size() >= kMaxReason) break;
    auto u = static_cast<unsigned char>(c);
    out += u >= 0x20 && u < 0x7F ? c : '?';
  }
  out = std::string(trim(out));
  return out.empty() ? std::string(kRejectedByRules.text) : out;
}

}  // namespace

Spool Session::new_spool() const { return Spool(ctx_.config.spool_dir(), ctx_.config.store.spool_threshold); }

// The message as it will be stored: our Received: on top, with TRACE (the MX's sender
// checks) above it; on the MX, Authentication-Results fields forged in our name removed;
// on submission the Bcc: field removed and a missing Date: or Message-ID: added (RFC 6409
// section 8).
HeaderRewrite Session::header_rewrite(const HeaderIndex& index, const std::string& id, std::string_view trace) const {
  ReceivedInfo info;
  info.helo = helo_;
  info.peer_ip = conn_->info().peer_text();
  info.by = ctx_.config.hostname;
  info.with = with_protocol(extended_, conn_->is_tls(), account_.has_value(), tx_.parameters.smtputf8);
  info.tls = conn_->tls_description();
  info.id = id;
  if (tx_.recipients.size() == 1) info.for_recipient = tx_.recipients.front();
  info.when = unix_now();
  HeaderRewrite rewrite;
  rewrite.prepend = std::string(trace) + received_field(info);  // trace fields: the newest on top
  if (submission()) {
    rewrite.remove.push_back("Bcc");
    if (!index.has("Date")) rewrite.append += fmt::format("Date: {}\r\n", rfc5322_date(info.when));
    if (!index.has("Message-ID")) rewrite.append += fmt::format("Message-ID: <{}@{}>\r\n", id, ctx_.config.hostname);
  } else {
    // RFC 8601 section 5: results claiming to be ours that came from outside are forged.
    rewrite.remove_if = [host = ctx_.config.hostname](std::string_view name, std::string_view value) {
      return forged_results_field(name, value, host);
    };
  }
  return rewrite;
}

// Usually only the trace field goes on top: it becomes the delivery's prefix and the
// message stays where it was received, uncopied. When the header itself changes (Bcc:
// dropped, Date: added, a missing empty line put in), the rewritten message is written
// into a second spool, so even then no whole copy lands in the heap.
delivery::Message Session::prepare_message(std::string_view message, const HeaderIndex& index,
                                           const HeaderRewrite& rewrite, std::optional<Spool>& rewritten) const {
  HeaderRewrite edits = rewrite;
  edits.prepend.clear();
  std::string header = rewrite_header(message, index, edits);
  if (header == message.substr(0, index.body_start)) return delivery::Message{rewrite.prepend, message};
  rewritten.emplace(new_spool());
  rewritten->append(rewrite.prepend);
  rewritten->append(header);
  rewritten->append(message.substr(index.body_start));
  return delivery::Message{{}, rewritten->finish()};
}

// RFC 6710: MT-PRIORITY when the client gave it; else, on submission, what the author's
// mail client put in the header (delivery/priority.hpp). The MX takes no priority from
// a header: anyone can write one.
int Session::message_priority(std::string_view message) const {
  if (tx_.parameters.mt_priority) return *tx_.parameters.mt_priority;
  if (!submission()) return 0;
  return delivery::header_priority(message).value_or(0);
}

asio::awaitable<bool> Session::author_refused(std::string_view message, const HeaderIndex& index) {
  if (!submission()) co_return false;
  OwnAddresses own;
  try {
    own = co_await own_addresses();
  } catch (const std::exception& e) {
    log::error("[{}] reading the aliases of {} failed: {}", conn_->id(), account_->address, e.what());
    reply(kLocalError);
    co_return true;
  }
  auto verdict = check_authors(message, index, own);
  switch (verdict.result) {
    case AuthorCheck::ok:
      break;
    case AuthorCheck::missing:
      reply(kAuthorMissing);
      break;
    case AuthorCheck::malformed:
      reply(kAuthorMalformed);
      break;
    case AuthorCheck::not_owned:
      log::info("[{}] {} may not write as {}: <{}>", conn_->id(), account_->address, verdict.field,
                printable(verdict.address));
      reply(kAuthorNotOwned, fmt::format("{}: <{}> is not yours; you may send as {}", verdict.field,
                                         printable(verdict.address.substr(0, kMaxAddressInReply)), own.summary(kMaxAliasesInReply)));
      break;
  }
  co_return verdict.result != AuthorCheck::ok;
}

asio::awaitable<void> Session::accept_message(Spool spool) {
  std::string_view message;
  std::optional<Spool> rewritten;
  std::string id = delivery::make_message_id();
  delivery::Message out;
  // Shared: sender checks past their deadline may still be reading it.
  auto received = std::make_shared<Spool>(std::move(spool));
  SenderCheckStep checked;
  try {
    message = received->finish();
    auto index = index_headers(message);
    if (index.count("Received") > kMaxHops) {  // RFC 5321 section 6.3
      reply(kTooManyHops);
      reset_transaction();
      co_return;
    }
    auto checking = author_refused(message, index);
    if (co_await std::move(checking)) {
      reset_transaction();
      co_return;
    }
    auto authenticating = check_sender(received, id);
    checked = co_await std::move(authenticating);
    if (checked.refused) {
      reset_transaction();
      co_return;
    }
    out = prepare_message(message, index, header_rewrite(index, id, checked.fields), rewritten);
  } catch (const SpoolError& e) {
    log::error("[{}] message {} not accepted: {}", conn_->id(), id, e.what());
    reply(kLocalError);
    reset_transaction();
    co_return;
  }
  if (rewritten) received.reset();  // the received copy is no longer needed: free it now
  delivery::Envelope envelope{tx_.sender, tx_.recipients, id};
  envelope.quarantine = checked.quarantine;
  envelope.origin = std::move(checked.origin);
  envelope.priority = message_priority(out.body);
  envelope.auth = account_ ? account_->address : std::string();
  reset_transaction();
  // What a report on recipients that stopped resolving needs (OUT is handed over).
  std::string sender = envelope.sender;
  delivery::Message returned{out.prefix, out.body};
  try {
    auto delivery = ctx_.deliverer.deliver(std::move(envelope), std::move(out));
    auto delivered = co_await std::move(delivery);
    if (delivered.rejected) {
      reply(kRejectedByRules, rejection_text(*delivered.rejected));
      co_return;
    }
    if (delivered.all_full()) {
      // Every mailbox filled up between RCPT and now: nothing was stored (README "Quotas").
      reply(kMailboxFull);
      co_return;
    }
    if (delivered.local == 0 && delivered.remote == 0 && !delivered.failed.empty()) {
      // Every recipient stopped resolving between RCPT and now (an account removed):
      // nothing was stored; a retry gets the real answer at RCPT.
      reply(kLocalError, "Recipients changed during the transaction; try again");
      co_return;
    }
    errors_ = 0;
    reply(kQueued, fmt::format("{} {}", kQueued.text, delivered.id));
    if (!delivered.failed.empty()) co_await report_unresolved(sender, returned, delivered);
  } catch (const std::exception& e) {
    log::error("[{}] delivery of {} failed: {}", conn_->id(), id, e.what());
    const auto* store_error = dynamic_cast<const store::Error*>(&e);
    bool full = store_error && store_error->kind() == store::ErrorKind::full;
    reply(full ? kStorageFull : kLocalError);
  }
}

// RFC 5321 section 4.1.1.4.
asio::awaitable<void> Session::on_data(const CommandLine& c) {
  if (!c.argument.empty()) {
    reply(kBadArguments, "Syntax: DATA");
    co_return;
  }
  if (tx_.chunked) {  // RFC 3030 section 2
    reply(kBadSequence, "DATA not allowed after BDAT in one transaction");
    co_return;
  }
  if (tx_.recipients.empty()) {  // section 3.3: MAIL given, every RCPT refused
    reply(kNoValidRecipients);
    co_return;
  }
  reply(kStartData);
  DataReader reader(limits().max_message_size);
  Spool spool = new_spool();
  std::optional<std::string> spool_error;  // then read on to the end and answer 451
  net::Line line;
  for (;;) {
    if (!co_await read_line(line, kMaxDataLine)) {
      log::info("[{}] client gone or timed out in DATA: nothing stored", conn_->id());
      co_return;
    }
    if (reader.feed(line)) break;
    if (reader.error() == DataError::bare_newline) {
      // Where the message ends can no longer be told safely: refuse and hang up.
      log::info("[{}] bare LF/CR in DATA from {}: refused", conn_->id(), conn_->info().peer_text());
      reply(kBareNewline, fmt::format("{} {}", ctx_.config.hostname, kBareNewline.text));
      enter_state(State::closing);
      co_return;
    }
    if (reader.pending().size() >= kSpoolPiece) {
      append_or_record(spool, reader.pending(), spool_error);
      reader.clear_pending();
    }
    if (reader.error() != DataError::none && spool.size() > 0) spool = new_spool();  // refused: free it now
  }
  if (reader.error() != DataError::none) {
    log::info("[{}] message refused: {} octets, {}", conn_->id(), reader.size(),
              reader.error() == DataError::too_big ? "over the size limit" : "line too long");
    reply(reader.error() == DataError::too_big ? kMessageTooBig : kDataLineTooLong);
    reset_transaction();
    co_return;
  }
  append_or_record(spool, reader.pending(), spool_error);
  if (spool_error) {
    log::error("[{}] message not accepted: {}", conn_->id(), *spool_error);
    reply(kLocalError);
    reset_transaction();
    co_return;
  }
  co_await accept_message(std::move(spool));
}

// RFC 3030 (CHUNKING): BDAT size [LAST], then exactly SIZE octets, no dot-stuffing and
// no end marker to guess. The octets are always consumed, even when the command is
// refused, so the session stays in step; past the size limit they are not kept.
asio::awaitable<void> Session::on_bdat(const CommandLine& c) {
  auto arg = parse_bdat_argument(c.argument);
  if (!arg) {
    // How many octets follow is unknown: reading on would take them for commands.
    reply(kBadArguments, "Syntax: BDAT size [LAST]; closing connection");
    enter_state(State::closing);
    co_return;
  }
  auto refused = refusal(*find_command(Verb::bdat));
  bool keep = !refused && !tx_.recipients.empty() && tx_.chunks_size() + arg->size <= limits().max_message_size;
  if (keep && !tx_.chunks) tx_.chunks.emplace(new_spool());
  std::optional<std::string> spool_error;  // then read on to the end of the chunk and answer 451
  std::uint64_t remaining = arg->size;
  std::string piece;
  while (remaining > 0) {
    auto n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining, kSpoolPiece));
    auto status = co_await conn_->read_exact(piece, n);
    if (status != net::ReadStatus::ok) {
      log::info("[{}] client gone or timed out in BDAT: nothing stored", conn_->id());
      end_by(status);
      co_return;
    }
    remaining -= n;
    if (keep) append_or_record(*tx_.chunks, piece, spool_error);
  }
  if (refused) {
    reply(refused->first, refused->second);
    co_return;
  }
  if (tx_.recipients.empty()) {
    reply(kNoValidRecipients);
    co_return;
  }
  if (!keep) {
    log::info("[{}] message refused in BDAT: over the size limit", conn_->id());
    reply(kMessageTooBig);
    reset_transaction();
    co_return;
  }
  if (spool_error) {
    log::error("[{}] message not accepted in BDAT: {}", conn_->id(), *spool_error);
    reply(kLocalError);
    reset_transaction();
    co_return;
  }
  tx_.chunked = true;
  if (!arg->last) {
    reply(kOk, fmt::format("{} octets received", arg->size));
    co_return;
  }
  Spool message = std::move(*tx_.chunks);
  co_await accept_message(std::move(message));
}

}  // namespace carteiro::smtp
