// VRFY and EXPN (RFC 5321 section 3.5): answered only in the lab profile, since they
// tell a stranger which addresses exist. Elsewhere VRFY gets 252 (section 3.5.3: "cannot
// verify, but will accept") and EXPN 502.
#include <fmt/format.h>

#include "carteiro/common/log.hpp"
#include "carteiro/delivery/resolve.hpp"
#include "carteiro/store/accounts.hpp"
#include "carteiro/store/lists.hpp"
#include "session.hpp"

namespace carteiro::smtp {

namespace {

// The argument as a user types it: "bob", "bob@x.test" or "<bob@x.test>".
std::string_view unbracketed(std::string_view s) {
  if (s.size() >= 2 && s.front() == '<' && s.back() == '>') return s.substr(1, s.size() - 2);
  return s;
}

struct Verified {
  const FixedReply* reply;
  std::string text;
};

}  // namespace

asio::awaitable<void> Session::on_vrfy(const CommandLine& c) {
  if (c.argument.empty()) {
    reply(kBadArguments, "Syntax: VRFY user");
    co_return;
  }
  if (!ctx_.config.lab.enabled) {
    reply(kCannotVerify);
    co_return;
  }
  std::string query(unbracketed(c.argument));
  // A full address resolves as RCPT would; a bare local part names the account when
  // exactly one local domain has it (the section 3.5.3 examples).
  auto lookup = [query](store::Db& db) -> Verified {
    if (query.find('@') == std::string::npos) {
      auto found = store::accounts::find_by_local_part(db, query);
      if (found.size() == 1) return {&kVerified, fmt::format("<{}>", found[0].address)};
      if (found.size() > 1) return {&kAmbiguousUser, fmt::format("User ambiguous: {} in {} domains", query, found.size())};
      return {&kUnknownUser, fmt::format("<{}>: User unknown", query)};
    }
    auto address = parse_address(query);
    if (!address) return {&kBadArguments, "Not an address"};
    auto r = delivery::resolve(db, *address, "");
    if (!r.local_domain) return {&kCannotVerify, ""};
    if (r.ok() || r.status == delivery::ResolveStatus::not_member) return {&kVerified, fmt::format("<{}>", address->text())};
    return {&kUnknownUser, fmt::format("<{}>: User unknown", address->text())};
  };
  try {
    auto verified = co_await ctx_.store.read(lookup);
    reply(*verified.reply, verified.text);
  } catch (const std::exception& e) {
    log::error("[{}] VRFY failed: {}", conn_->id(), e.what());
    reply(kLocalError);
  }
}

asio::awaitable<void> Session::on_expn(const CommandLine& c) {
  if (!ctx_.config.lab.enabled) {
    reply(kNotImplemented, "EXPN not available");
    co_return;
  }
  if (c.argument.empty()) {
    reply(kBadArguments, "Syntax: EXPN list");
    co_return;
  }
  std::string query(unbracketed(c.argument));
  auto lookup = [query](store::Db& db) { return store::lists::find(db, query); };
  try {
    auto list = co_await ctx_.store.read(lookup);
    if (!list) {
      reply(kNotAList, fmt::format("<{}>: {}", query, kNotAList.text));
      co_return;
    }
    std::vector<std::string> members;
    for (auto& m : list->members) members.push_back(fmt::format("<{}>", m));
    if (members.empty()) members.push_back(fmt::format("<{}> has no members", list->address));
    reply_lines(kExpanded, members);
  } catch (const std::exception& e) {
    log::error("[{}] EXPN failed: {}", conn_->id(), e.what());
    reply(kLocalError);
  }
}

}  // namespace carteiro::smtp
