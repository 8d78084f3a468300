// The authenticated state: the script commands (RFC 5804 sections 2.3, 2.6-2.12). A script
// is stored only once it compiles (section 2.6); the response codes of section 1.3 say
// why a request on the stored scripts was refused.
#include <fmt/format.h>

#include "carteiro/sieve/compile.hpp"
#include "carteiro/sieve/config_limits.hpp"
#include "carteiro/store/sieve_scripts.hpp"
#include "session.hpp"

namespace carteiro::managesieve {

namespace {

namespace scripts = store::sieve_scripts;

enum class Outcome { done, nonexistent, already_exists, active, max_scripts };

struct Known {
  bool exists = false;
  bool active = false;
  std::size_t count = 0;  // scripts of the account
};

Known look_up(store::Db& db, std::int64_t account, std::string_view name) {
  Known out;
  for (const auto& s : scripts::list(db, account)) {
    ++out.count;
    if (s.name == name) {
      out.exists = true;
      out.active = s.active;
    }
  }
  return out;
}

std::string_view outcome_code(Outcome outcome) {
  switch (outcome) {
    case Outcome::nonexistent: return code::kNonexistent;
    case Outcome::already_exists: return code::kAlreadyExists;
    case Outcome::active: return code::kActive;
    case Outcome::max_scripts: return code::kMaxScripts;
    case Outcome::done: break;
  }
  return code::kNone;
}

std::string_view outcome_text(Outcome outcome) {
  switch (outcome) {
    case Outcome::nonexistent: return "There is no script by that name";
    case Outcome::already_exists: return "A script by that name exists already";
    case Outcome::active: return "That is the active script: deactivate it first (SETACTIVE \"\")";
    case Outcome::max_scripts: return "Too many scripts: delete one first";
    case Outcome::done: break;
  }
  return "";
}

// The response to a change of the stored scripts.
std::string outcome_response(Outcome outcome, std::string_view done_text) {
  if (outcome == Outcome::done) return response("OK", code::kNone, done_text);
  return response("NO", outcome_code(outcome), outcome_text(outcome));
}

}  // namespace

bool Session::compiles(std::string_view text) {
  auto compiled = sieve::compile(text, sieve::limits_of(context_.config.sieve));
  if (compiled) return true;
  no(code::kNone, compiled.error->text());
  return false;
}

asio::awaitable<void> Session::on_havespace(const Arguments& args) {
  if (args.size() != 2 || args[0].kind != Token::Kind::string || args[1].kind != Token::Kind::number) {
    bad_request(code::kNone, "Usage: HAVESPACE \"name\" size");
    co_return;
  }
  if (args[1].number > context_.config.sieve.max_script_size) {
    no(code::kMaxSize, fmt::format("A script may have {} octets at most", context_.config.sieve.max_script_size));
    co_return;
  }
  auto account = account_->id;
  const auto& name = args[0].text;
  auto look = [account, &name](store::Db& db) { return look_up(db, account, name); };
  auto known = co_await context_.store.read(look);
  if (!known.exists && known.count >= context_.config.sieve.max_scripts) {
    no(code::kMaxScripts, outcome_text(Outcome::max_scripts));
    co_return;
  }
  ok(code::kNone, "Putscript would succeed");
}

asio::awaitable<void> Session::on_putscript(const Arguments& args) {
  if (!expect_strings(args, 2, 2, "Usage: PUTSCRIPT \"name\" {size+} followed by the script")) co_return;
  const auto& name = args[0].text;
  const auto& text = args[1].text;
  if (text.size() > context_.config.sieve.max_script_size) {
    no(code::kMaxSize, fmt::format("A script may have {} octets at most", context_.config.sieve.max_script_size));
    co_return;
  }
  if (!compiles(text)) co_return;
  auto account = account_->id;
  auto max_scripts = context_.config.sieve.max_scripts;
  auto put = [account, max_scripts, &name, &text](store::WriteTx& tx) {
    auto known = look_up(tx.db, account, name);
    if (!known.exists && known.count >= max_scripts) return Outcome::max_scripts;
    scripts::put(tx.db, account, name, text);
    return Outcome::done;
  };
  auto outcome = co_await context_.store.write(put);
  conn_->send(outcome_response(outcome, "Script stored"));
}

asio::awaitable<void> Session::on_checkscript(const Arguments& args) {
  if (!expect_strings(args, 1, 1, "Usage: CHECKSCRIPT {size+} followed by the script")) co_return;
  if (args[0].text.size() > context_.config.sieve.max_script_size) {
    no(code::kMaxSize, fmt::format("A script may have {} octets at most", context_.config.sieve.max_script_size));
    co_return;
  }
  if (compiles(args[0].text)) ok(code::kNone, "Script is valid");
}

asio::awaitable<void> Session::on_listscripts(const Arguments& args) {
  if (!expect_strings(args, 0, 0, "LISTSCRIPTS takes no arguments")) co_return;
  auto account = account_->id;
  auto list = [account](store::Db& db) { return scripts::list(db, account); };
  auto all = co_await context_.store.read(list);
  // RFC 5804 section 2.7: one line per script, the active one marked ACTIVE.
  for (const auto& s : all) conn_->send(wire_string(s.name) + (s.active ? " ACTIVE\r\n" : "\r\n"));
  ok(code::kNone, "Listscripts completed");
}

asio::awaitable<void> Session::on_setactive(const Arguments& args) {
  if (!expect_strings(args, 1, 1, "Usage: SETACTIVE \"name\" (\"\" for none)")) co_return;
  auto account = account_->id;
  const auto& name = args[0].text;
  auto activate = [account, &name](store::WriteTx& tx) {
    if (!name.empty() && !look_up(tx.db, account, name).exists) return Outcome::nonexistent;
    scripts::set_active(tx.db, account, name);
    return Outcome::done;
  };
  auto outcome = co_await context_.store.write(activate);
  conn_->send(outcome_response(outcome, name.empty() ? "No script is active" : "Script activated"));
}

asio::awaitable<void> Session::on_getscript(const Arguments& args) {
  if (!expect_strings(args, 1, 1, "Usage: GETSCRIPT \"name\"")) co_return;
  auto account = account_->id;
  const auto& name = args[0].text;
  auto get = [account, &name](store::Db& db) { return scripts::get(db, account, name); };
  auto text = co_await context_.store.read(get);
  if (!text) {
    no(code::kNonexistent, outcome_text(Outcome::nonexistent));
    co_return;
  }
  // RFC 5804 section 2.9: the script as a literal, then OK.
  conn_->send(fmt::format("{{{}}}\r\n", text->size()));
  conn_->send(*text);
  conn_->send("\r\n");
  ok(code::kNone, "Getscript completed");
}

asio::awaitable<void> Session::on_deletescript(const Arguments& args) {
  if (!expect_strings(args, 1, 1, "Usage: DELETESCRIPT \"name\"")) co_return;
  auto account = account_->id;
  const auto& name = args[0].text;
  auto remove = [account, &name](store::WriteTx& tx) {
    auto known = look_up(tx.db, account, name);
    if (!known.exists) return Outcome::nonexistent;
    if (known.active) return Outcome::active;
    scripts::remove(tx.db, account, name);
    return Outcome::done;
  };
  auto outcome = co_await context_.store.write(remove);
  conn_->send(outcome_response(outcome, "Script deleted"));
}

asio::awaitable<void> Session::on_renamescript(const Arguments& args) {
  if (!expect_strings(args, 2, 2, "Usage: RENAMESCRIPT \"old name\" \"new name\"")) co_return;
  auto account = account_->id;
  const auto& from = args[0].text;
  const auto& to = args[1].text;
  auto rename = [account, &from, &to](store::WriteTx& tx) {
    if (!look_up(tx.db, account, from).exists) return Outcome::nonexistent;
    if (from != to && look_up(tx.db, account, to).exists) return Outcome::already_exists;
    scripts::rename(tx.db, account, from, to);
    return Outcome::done;
  };
  auto outcome = co_await context_.store.write(rename);
  conn_->send(outcome_response(outcome, "Script renamed"));
}

}  // namespace carteiro::managesieve
