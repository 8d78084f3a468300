#include "session.hpp"

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <fmt/format.h>

#include <cctype>

#include "carteiro/common/log.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/imap/parser.hpp"
#include "carteiro/imap/response.hpp"
#include "carteiro/store/imap_queries.hpp"
#include "carteiro/store/quotas.hpp"
#include "command_table.hpp"
#include "carteiro/imap/flags.hpp"

namespace carteiro::imap {

std::int64_t RecentClaims::claim(MailboxKey mailbox, std::int64_t up_to, std::int64_t stored) {
  std::lock_guard lock(mutex_);
  auto& claimed = claimed_[mailbox];
  auto before = std::max(claimed, stored);
  claimed = std::max(before, up_to);
  return before;
}

std::int64_t RecentClaims::claimed(MailboxKey mailbox, std::int64_t stored) const {
  std::lock_guard lock(mutex_);
  auto it = claimed_.find(mailbox);
  return std::max(stored, it == claimed_.end() ? 0 : it->second);
}

const char* state_name(State state) {
  switch (state) {
    case State::not_authenticated: return "not authenticated";
    case State::authenticated: return "authenticated";
    case State::selected: return "selected";
    case State::logout: return "logout";
  }
  return "?";
}

namespace {
// "UID FETCH" -> {"FETCH", true}
std::pair<std::string, bool> split_uid(std::string_view display) {
  if (display.rfind("UID ", 0) == 0) return {std::string(display.substr(4)), true};
  return {std::string(display), false};
}
}  // namespace

Reply ok(std::string text, std::string code) { return Reply{Reply::Status::ok, std::move(code), std::move(text)}; }
Reply no(std::string text, std::string code) { return Reply{Reply::Status::no, std::move(code), std::move(text)}; }
Reply bad(std::string text) { return Reply{Reply::Status::bad, {}, std::move(text)}; }

Session::Session(ServiceContext& context, std::shared_ptr<net::Connection> conn)
    : context_(context), conn_(std::move(conn)) {}

Session::~Session() { subscription_.reset(); }

void Session::enter_state(State next) {
  if (next == state_) return;
  log::debug("[{}] imap state {} -> {}", id(), state_name(state_), state_name(next));
  state_ = next;
}

void Session::log_in(store::Account account, auth::SessionLimit::Slot slot) {
  log::info("[{}] imap login {} from {}", id(), account.address, conn_->info().peer_text());
  account_ = std::move(account);
  session_slot_.emplace(std::move(slot));
  failed_logins_ = 0;
  conn_->set_idle_timeout(std::chrono::seconds(context_.config.imap.idle_timeout_s));
  conn_->mark_logged_in();
  enter_state(State::authenticated);
}

void Session::select(std::unique_ptr<SelectedMailbox> mailbox) {
  changed_->store(false);
  std::weak_ptr<net::Connection> weak = conn_;
  auto changed = changed_;
  // Runs on the store's writer thread after a commit: only flag and wake (events.hpp).
  auto on_change = [weak, changed] {
    changed->store(true);
    if (auto conn = weak.lock()) conn->wake();
  };
  subscription_ = context_.store.events().subscribe(mailbox->id(), on_change);
  selected_ = std::move(mailbox);
  enter_state(State::selected);
}

void Session::deselect() {
  subscription_.reset();
  selected_.reset();
  if (state_ == State::selected) enter_state(State::authenticated);
}

void Session::untagged(std::string_view text) {
  std::string line;
  line.reserve(text.size() + 4);
  line += "* ";
  line += text;
  line += "\r\n";
  send(line);
}

void Session::send(std::string_view bytes) {
  unflushed_ += bytes.size();
  conn_->send(bytes);
}

asio::awaitable<void> Session::flush() {
  unflushed_ = 0;
  bool sent = co_await conn_->flush();
  if (!sent) client_gone();
}

void Session::client_gone() {
  ending_ = true;
  gone_ = true;
}

asio::awaitable<void> Session::flush_if_large() {
  if (unflushed_ >= kMaxBufferedOutput) co_await flush();
}

std::string Session::capabilities() const {
  std::string caps =
      "IMAP4rev1 LITERAL+ SASL-IR ID ENABLE IDLE NAMESPACE UIDPLUS MOVE UNSELECT CHILDREN SPECIAL-USE "
      "LIST-EXTENDED CONDSTORE QRESYNC ESEARCH QUOTA QUOTA=RES-STORAGE QUOTA=RES-MESSAGE";
  caps += fmt::format(" APPENDLIMIT={}", context_.config.smtp.max_message_size);
  if (state_ == State::not_authenticated) {
    if (conn_->tls_available() && !conn_->is_tls()) caps += " STARTTLS";
    // RFC 3501 section 6.2.3: LOGINDISABLED while plaintext passwords are not acceptable.
    caps += conn_->plaintext_auth_allowed() ? " AUTH=PLAIN AUTH=LOGIN" : " LOGINDISABLED";
  }
  return caps;
}

void Session::enable_condstore() {
  if (condstore_) return;
  condstore_ = true;
  // RFC 7162 section 3.1: the client learns the selected mailbox's HIGHESTMODSEQ, which
  // SELECT may have sent before it cared.
  if (state_ == State::selected)
    untagged(fmt::format("OK [HIGHESTMODSEQ {}] Highest", selected_->known_modseq()));
}

std::int64_t Session::claim_recent(MailboxKey mailbox, std::int64_t up_to, bool read_only, std::int64_t stored) {
  if (read_only) return context_.recent.claimed(mailbox, stored);
  auto before = context_.recent.claim(mailbox, up_to, stored);
  if (up_to > before) {
    // Not awaited: the claim already holds in memory; losing the stored copy in a crash
    // only shows some messages as recent once more.
    auto remember = [mailbox, up_to](store::WriteTx& tx) {
      store::mailboxes::claim_recent(tx.db, mailbox.id, mailbox.uidvalidity, up_to);
    };
    asio::co_spawn(conn_->executor(), context_.store.write(remember), asio::detached);
  }
  return before;
}

asio::awaitable<void> Session::report_changes(bool allow_expunge, bool force) {
  bool present = co_await learn_changes(force);
  if (present) send_updates(allow_expunge);
}

asio::awaitable<bool> Session::learn_changes(bool force) {
  if (state_ != State::selected) co_return false;
  if (!changed_->exchange(false) && !force) co_return true;
  auto& mailbox = *selected_;
  auto query = [&mailbox](store::Db& db) {
    store::imap::ReadSnapshot snapshot(db);
    return store::imap::changes_since(db, mailbox.id(), mailbox.known_modseq(), mailbox.live_count(),
                                      mailbox.max_uid());
  };
  auto delta = co_await context_.store.read(query);
  if (delta.mailbox_gone) {
    // Another session deleted it (RFC 3501 section 6.3.4 leaves this to the server).
    end_session(fmt::format("Mailbox {} was deleted", mailbox.name()));
    co_return false;
  }
  auto previous_max = mailbox.max_uid();
  mailbox.apply(delta);
  if (mailbox.max_uid() > previous_max) {
    auto before = claim_recent({mailbox.id(), mailbox.uidvalidity()}, mailbox.max_uid(), mailbox.read_only(), 0);
    mailbox.add_recent(std::max(before, previous_max), mailbox.max_uid());
  }
  co_return true;
}

void Session::send_updates(bool allow_expunge) {
  if (state_ != State::selected) return;
  if (!selected_->has_updates(allow_expunge)) return;
  auto updates = selected_->take_updates(allow_expunge);
  if (updates.keywords) {
    untagged("FLAGS " + defined_flags(selected_->keywords()));
    if (!selected_->read_only())
      untagged(fmt::format("OK [PERMANENTFLAGS {}] Flags permitted", permanent_flags(selected_->keywords())));
  }
  // RFC 7162 section 3.2.10: once QRESYNC is enabled, expunges are reported by UID.
  if (qresync_ && !updates.vanished.empty())
    untagged("VANISHED " + uid_set_text(updates.vanished));
  else if (!qresync_)
    for (auto seq : updates.expunged) untagged(fmt::format("{} EXPUNGE", seq));
  if (updates.exists) untagged(fmt::format("{} EXISTS", *updates.exists));
  if (updates.recent) untagged(fmt::format("{} RECENT", *updates.recent));
  // RFC 7162 section 3.1.4: with CONDSTORE, flag changes carry the message's MODSEQ.
  for (const auto& [seq, f] : updates.flags)
    untagged(fmt::format("{} FETCH (UID {} FLAGS {}{})", seq, f.uid,
                         flag_list(f.flags, f.keywords, selected_->recent(f.uid)),
                         condstore_ ? fmt::format(" MODSEQ ({})", f.modseq) : ""));
}

asio::awaitable<net::ReadStatus> Session::read_continuation(std::string& text, bool wakeable) {
  co_await flush();
  net::Line line;
  auto status = co_await conn_->read_line(line, kMaxLine, wakeable);
  if (status == net::ReadStatus::ok) {
    text = std::move(line.text);
  } else if (status != net::ReadStatus::woken) {
    goodbye(status);
  }
  co_return status;
}

void Session::end_session(std::string bye_text) {
  ending_ = true;
  if (bye_text_.empty()) bye_text_ = std::move(bye_text);
}

void Session::goodbye(net::ReadStatus why) {
  interrupted_ = true;  // the command being read or run gets no tagged reply
  switch (why) {
    case net::ReadStatus::timeout:
      end_session(conn_->passed_deadline() ? "Too slow: command or login not completed in time"
                                           : "Autologout; idle for too long");
      break;
    case net::ReadStatus::shutdown: end_session("Server shutting down"); break;
    default: client_gone(); break;
  }
}

void Session::reply(const std::string& tag, const Reply& r) {
  const char* status = r.status == Reply::Status::ok ? "OK" : r.status == Reply::Status::no ? "NO" : "BAD";
  std::string line = tag + " " + status + " ";
  if (!r.code.empty()) line += "[" + r.code + "] ";
  line += r.text + "\r\n";
  send(line);
}

const CommandSpec* Session::allowed(std::string_view name, bool uid, std::string& why) const {
  const auto* spec = find_command(name, uid);
  if (!spec) {
    why = fmt::format("Unknown command {}", printable(name));
    return nullptr;
  }
  if (auto refused = refusal(*spec)) {
    why = std::move(*refused);
    return nullptr;
  }
  return spec;
}

std::optional<std::string> Session::refusal(const CommandSpec& spec) const {
  if (net::allowed_in(spec.states, state_)) return std::nullopt;
  std::string display = spec.uid ? "UID " + std::string(spec.name) : std::string(spec.name);
  if (state_ == State::not_authenticated) return fmt::format("{} needs you to log in first", display);
  if (spec.states == kSelected) return fmt::format("{} needs a selected mailbox (SELECT or EXAMINE first)", display);
  if (spec.states == kNotAuthenticated) return fmt::format("{} is only valid before logging in", display);
  return fmt::format("{} is not valid in the {} state", display, state_name(state_));
}

asio::awaitable<bool> Session::skip_literal(std::size_t size) {
  // Bytes the client sends without waiting (LITERAL+) for a command already refused.
  if (size > context_.config.smtp.max_message_size) {
    end_session("Literal too large, closing the connection");
    co_return false;
  }
  std::optional<std::string> unused;
  auto status = co_await read_literal_into(size, nullptr, unused);
  if (status != net::ReadStatus::ok) {
    goodbye(status);
    co_return false;
  }
  co_return true;
}

asio::awaitable<Session::Input> Session::reject(const std::string& tag, const std::string& text,
                                                std::string_view last_line) {
  std::string message = text;
  if (!message.empty()) message[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(message[0])));
  if (tag.empty())
    untagged("BAD " + message);
  else
    reply(tag, bad(message));
  // The rest of a command the client already sent (a non-synchronizing literal and the
  // lines after it) is not a new command: skip it.
  auto marker = trailing_literal(last_line);
  while (marker && !marker->synchronizing) {
    bool skipped = co_await skip_literal(marker->size);
    if (!skipped) co_return Input::end;
    net::Line line;
    auto status = co_await conn_->read_line(line, kMaxLine);
    if (status != net::ReadStatus::ok) {
      goodbye(status);
      co_return Input::end;
    }
    marker = trailing_literal(line.text);
  }
  co_return Input::rejected;
}

asio::awaitable<Session::Input> Session::read_command(Command& out) {
  std::string input;
  std::optional<Spool> message;             // APPEND's message literal, once read
  std::optional<std::string> message_error; // why the spool could not keep it
  for (;;) {
    net::Line line;
    auto status = co_await conn_->read_line(line, kMaxLine);
    if (status != net::ReadStatus::ok) {
      goodbye(status);
      co_return Input::end;
    }
    std::string_view text = line.text;
    // People at a telnet prompt leave trailing blanks; they carry no meaning in IMAP.
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    if (input.empty() && text.empty()) continue;
    if (line.too_long) {
      // Its end was dropped unread: whether it announced a non-synchronizing literal is
      // unknown, and the bytes that follow could be one. Nothing after it can be trusted
      // to be a command, so the session ends (as Dovecot does for an overlong line).
      auto tag = input.empty() ? leading_tag(text) : leading_tag(input);
      if (tag)
        reply(*tag, bad("Line too long"));
      else
        untagged("BAD Line too long");
      end_session("Line too long, closing the connection");
      co_return Input::end;
    }
    if (line.has_nul) {
      auto tag = input.empty() ? leading_tag(text) : leading_tag(input);
      co_return co_await reject(tag.value_or(""), "NUL byte in command", text);
    }
    input += text;
    if (input.size() > kMaxCommand) co_return co_await reject(leading_tag(input).value_or(""), "Command too long", text);

    auto outcome = parse_command(input);
    if (auto* command = std::get_if<Command>(&outcome)) {
      out = std::move(*command);
      if (!attach_message(out, message, message_error)) co_return Input::rejected;
      co_return Input::command;
    }
    std::string why;
    if (auto* error = std::get_if<ParseError>(&outcome)) {
      // A command that is not allowed now says so, whatever its arguments.
      auto [name, uid] = split_uid(error->command);
      if (find_command(name, uid) && !allowed(name, uid, why)) co_return co_await reject(error->tag, why, text);
      co_return co_await reject(error->tag, error->message, text);
    }
    auto& need = std::get<NeedLiteral>(outcome);
    auto [name, uid] = split_uid(need.command);
    if (!allowed(name, uid, why)) co_return co_await reject(need.tag, why, text);
    std::size_t limit = need.message ? context_.config.smtp.max_message_size : kMaxLiteral;
    if (need.size > limit) {
      if (need.message)
        reply(need.tag, no(fmt::format("Message too large (limit {} octets)", limit), "TOOBIG"));
      else
        reply(need.tag, bad(fmt::format("Literal too large (limit {} octets)", limit)));
      if (!need.synchronizing) {
        // The client is already sending it, and reading that much only to drop it is not
        // worth it: RFC 7888 section 4 lets a server refuse an oversized non-synchronizing
        // literal and close the connection, so none of its octets is read as a command.
        end_session(fmt::format("Literal of {} octets is over the limit of {}", need.size, limit));
        co_return Input::end;
      }
      co_return Input::rejected;
    }
    if (need.synchronizing) {
      send("+ Ready for literal data\r\n");
      co_await flush();
    }
    if (need.message) {
      // Not into INPUT: the parser goes on after the marker's CRLF (parser.hpp).
      message.emplace(context_.config.spool_dir(), context_.config.store.spool_threshold);
      status = co_await read_literal_into(need.size, &*message, message_error);
      if (status != net::ReadStatus::ok) {
        goodbye(status);
        co_return Input::end;
      }
      input += "\r\n";
      continue;
    }
    std::string literal;
    status = co_await conn_->read_exact(literal, need.size);
    if (status != net::ReadStatus::ok) {
      goodbye(status);
      co_return Input::end;
    }
    input += "\r\n";
    input += literal;
  }
}

asio::awaitable<void> Session::dispatch(const Command& command) {
  std::string why;
  const auto* spec = allowed(command.name, command.uid, why);
  if (!spec) {
    reply(command.tag, bad(why));
    co_return;
  }
  Reply result;
  try {
    result = co_await spec->handler(*this, command);
  } catch (const store::QuotaExceeded& e) {
    result = no(e.what(), "OVERQUOTA");  // RFC 9208 section 4.3.1, RFC 5530 section 3
  } catch (const store::UserError& e) {
    result = no(e.what());
  } catch (const std::exception& e) {
    log::error("[{}] imap {} failed: {}", id(), command.display_name(), e.what());
    // RFC 5530 section 3: UNAVAILABLE for a temporary failure of a subsystem (a full disk).
    const auto* store_error = dynamic_cast<const store::Error*>(&e);
    if (store_error && store_error->temporary())
      result = no("The mail store cannot take this now, please try again later", "UNAVAILABLE");
    else
      result = no(fmt::format("Internal error (session {}), please try again", id()), "SERVERBUG");
  }
  if (gone_ || interrupted_) co_return;
  if (!ending_) co_await report_changes(!(spec->flags & kNoExpunge), false);  // nothing after a BYE
  reply(command.tag, result);
  if (start_tls_) {
    start_tls_ = false;
    co_await flush();
    // Connection::start_tls discards what was buffered: nothing sent before the
    // handshake counts (no command injection across the upgrade).
    if (!gone_) {
      bool secured = co_await conn_->start_tls();
      if (!secured) client_gone();
    }
  }
}

asio::awaitable<void> Session::run() {
  conn_->set_idle_timeout(std::chrono::seconds(context_.config.imap.login_timeout_s));
  untagged(fmt::format("OK [CAPABILITY {}] {} Carteiro IMAP4rev1 ready", capabilities(), context_.config.hostname));
  while (!ending_ && state_ != State::logout) {
    // Pipelined commands are answered in one write: flushing between them would leave
    // small segments waiting on the client's delayed ACK (Nagle).
    if (conn_->buffered() == 0 || unflushed_ >= kMaxBufferedOutput) co_await flush();
    if (ending_) break;
    Command command;
    auto input = co_await read_command(command);
    if (input == Input::end) break;
    if (input == Input::command) co_await dispatch(command);
  }
  if (!gone_) {
    if (!bye_text_.empty()) untagged("BYE " + bye_text_);
    co_await conn_->flush();
  }
  deselect();  // the server closes the connection
}

}  // namespace carteiro::imap
