// MAIL and RCPT: the envelope, with the relay policy.
#include <fmt/format.h>

#include <algorithm>


#include "carteiro/common/log.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/delivery/resolve.hpp"
#include "carteiro/delivery/srs.hpp"
#include "carteiro/smtpwire/path.hpp"
#include "carteiro/store/aliases.hpp"
#include "carteiro/store/domains.hpp"
#include "carteiro/store/quotas.hpp"
#include "session.hpp"

namespace carteiro::smtp {

namespace {

// The reply for a parameter problem (RFC 5321 section 4.1.1.11: unknown ones get 555).
const FixedReply& parameter_reply(ParameterError e) { return e == ParameterError::unsupported ? kParameterUnsupported : kBadArguments; }

// What RCPT learns of a recipient: where it leads and, when that is one local account,
// the account's quota.
struct RecipientLookup {
  delivery::Resolution resolution;
  std::optional<store::AccountQuota> quota;
};

// Only a recipient that leads to exactly one mailbox is refused for its quota: for an
// alias with several targets or a list, a full member must not stop the others, so
// delivery skips that member and reports it (delivery/plan.hpp).
std::optional<store::AccountQuota> single_account_quota(store::Db& db, const delivery::Resolution& r) {
  if (!r.ok() || !r.lists.empty() || r.direct.size() != 1 || !r.direct.front().local()) return std::nullopt;
  return store::quotas::of_account(db, r.direct.front().account_id);
}

// README "Quotas": a message declared (SIZE=, RFC 1870) larger than the whole quota never
// fits: 552 5.2.2. A full mailbox may be emptied by its owner: 452 4.2.2, tried again later.
const FixedReply* quota_refusal(const std::optional<store::AccountQuota>& quota, std::optional<std::uint64_t> size) {
  if (!quota) return nullptr;
  if (size && quota->never_fits(static_cast<std::int64_t>(*size))) return &kMessageOverQuota;
  if (quota->full()) return &kMailboxFull;
  return nullptr;
}

}  // namespace

asio::awaitable<OwnAddresses> Session::own_addresses() {
  std::string address = account_->address;
  auto lookup = [address](store::Db& db) { return store::aliases::owned_by(db, address); };
  auto aliases = co_await ctx_.store.read(lookup);
  co_return OwnAddresses{std::move(address), std::move(aliases)};
}

// On submission the envelope sender must be one of the account's own addresses
// (own_addresses.hpp); the null sender is allowed (receipts, vacation replies).
asio::awaitable<bool> Session::sender_allowed(const std::string& sender) {
  if (!submission() || sender.empty()) co_return true;
  auto a = parse_address(sender);
  if (!a) co_return false;
  auto own = co_await own_addresses();
  co_return own.owns(*a);
}

// RFC 5321 section 4.1.1.2: MAIL FROM:<reverse-path> [SP mail-parameters].
asio::awaitable<void> Session::on_mail(const CommandLine& c) {
  auto arg = parse_mail_argument(c.argument);
  if (arg.error == ArgumentError::syntax) {
    reply(kBadArguments, "Syntax: MAIL FROM:<address>");
    co_return;
  }
  if (arg.error == ArgumentError::bad_address) {
    reply(kBadSenderSyntax);
    co_return;
  }
  auto params = check_mail_parameters(arg.parameters);
  if (params.error != ParameterError::none) {
    reply(parameter_reply(params.error), fmt::format("Unsupported or malformed parameter {}", params.keyword));
    co_return;
  }
  // RFC 1870 section 6.2: a declared size over the limit is refused at once.
  if (params.values.size && *params.values.size > limits().max_message_size) {
    reply(kMessageTooBig);
    co_return;
  }
  std::string sender = arg.sender ? arg.sender->text() : std::string();
  bool allowed = false;
  try {
    allowed = co_await sender_allowed(sender);
  } catch (const std::exception& e) {
    log::error("[{}] sender check for <{}> failed: {}", conn_->id(), sender, e.what());
    reply(kLocalError);
    co_return;
  }
  if (!allowed) {
    log::info("[{}] {} may not send as <{}>", conn_->id(), account_->address, sender);
    reply(kSenderNotOwned);
    co_return;
  }
  if (submission() && !ctx_.sending_rate.take_message(account_->id)) {
    log::warn("[{}] {} reached max_messages_per_hour", conn_->id(), account_->address);
    reply(kMessageRateExceeded);
    co_return;
  }
  // RFC 6710: a client that is not trusted may not raise a message above
  // normal (it could push its mail ahead of everyone's); lowering is anyone's right.
  if (!account_ && params.values.mt_priority > 0) {
    log::info("[{}] MT-PRIORITY={} from an unauthenticated client lowered to 0", conn_->id(), *params.values.mt_priority);
    params.values.mt_priority = 0;
  }
  tx_.reset();
  tx_.sender = std::move(sender);
  tx_.parameters = params.values;
  enter_state(State::mail);
  reply(kSenderOk);
}

// RFC 5321 section 4.1.1.3: RCPT TO:<forward-path> [SP rcpt-parameters].
asio::awaitable<void> Session::on_rcpt(const CommandLine& c) {
  auto arg = parse_rcpt_argument(c.argument);
  if (arg.error == ArgumentError::syntax) {
    reply(kBadArguments, "Syntax: RCPT TO:<address>");
    co_return;
  }
  if (arg.error == ArgumentError::bad_address) {
    reply(kBadRecipientSyntax);
    co_return;
  }
  auto params = check_rcpt_parameters(arg.parameters);
  if (params.error != ParameterError::none) {
    reply(parameter_reply(params.error), fmt::format("Unsupported parameter {}", params.keyword));
    co_return;
  }
  // RFC 5321 section 4.5.3.1.10: 452 for "too many recipients"; the client sends the
  // rest in another transaction.
  if (tx_.recipients.size() >= limits().max_recipients) {
    reply(kTooManyRecipients);
    co_return;
  }
  Address recipient = arg.recipient;
  std::string sender = tx_.sender;
  std::string hostname = ctx_.config.hostname;
  bool bare_postmaster = arg.bare_postmaster;
  // "<Postmaster>" alone (section 4.1.1.3) is our host's postmaster: the host name's
  // domain when it is local, or its parent's (mail.example.org -> example.org).
  const delivery::Srs* srs = ctx_.deliverer.srs();
  auto resolve_fn = [&recipient, sender, hostname, bare_postmaster, srs](store::Db& db) {
    if (bare_postmaster) {
      recipient.domain = hostname;
      auto dot = hostname.find('.');
      if (!store::domains::is_local(db, hostname) && dot != std::string::npos) recipient.domain = hostname.substr(dot + 1);
    }
    RecipientLookup out;
    out.resolution = delivery::resolve(db, recipient, sender, srs);
    out.quota = single_account_quota(db, out.resolution);
    return out;
  };
  RecipientLookup lookup;
  try {
    lookup = co_await ctx_.store.read(resolve_fn);
  } catch (const std::exception& e) {
    log::error("[{}] resolving <{}> failed: {}", conn_->id(), recipient.text(), e.what());
    reply(kLocalError);
    co_return;
  }
  const auto& resolution = lookup.resolution;
  std::string text = recipient.text();
  if (!resolution.local_domain) {
    // Never an open relay: mail for other domains only from an authenticated user.
    if (!account_) {
      log::info("[{}] relay denied: <{}> -> <{}>", conn_->id(), sender, text);
      reply(kRelayDenied, fmt::format("<{}>: Relay access denied", text));
      co_return;
    }
  } else {
    switch (resolution.status) {
      case delivery::ResolveStatus::ok:
        break;
      case delivery::ResolveStatus::unknown_user:
        reply(kUnknownUser, fmt::format("<{}>: Recipient address rejected: User unknown", text));
        co_return;
      case delivery::ResolveStatus::loop:
      case delivery::ResolveStatus::too_deep:
        log::warn("[{}] <{}>: alias problem at {}", conn_->id(), text, resolution.detail);
        reply(kMailLoopRecipient, fmt::format("<{}>: {}", text, kMailLoopRecipient.text));
        co_return;
      case delivery::ResolveStatus::not_member:
        reply(kListMembersOnly, fmt::format("<{}>: {}", text, kListMembersOnly.text));
        co_return;
      case delivery::ResolveStatus::bad_srs:  // a bounce to a forward we never made, or too late
        log::info("[{}] <{}>: {}", conn_->id(), text, resolution.detail);
        reply(kUnknownUser, fmt::format("<{}>: Recipient address rejected: invalid or expired SRS address", text));
        co_return;
    }
    if (const auto* refusal = quota_refusal(lookup.quota, tx_.parameters.size)) {
      log::info("[{}] <{}>: over quota", conn_->id(), text);
      reply(*refusal, fmt::format("<{}>: {}", text, refusal->text));
      co_return;
    }
  }
  bool duplicate = std::any_of(tx_.recipients.begin(), tx_.recipients.end(),
                               [&](const std::string& r) { return iequals(r, text); });
  if (!duplicate && submission() && !ctx_.sending_rate.take_recipient(account_->id)) {
    log::warn("[{}] {} reached max_recipients_per_hour", conn_->id(), account_->address);
    reply(kRecipientRateExceeded);
    co_return;
  }
  if (!duplicate) tx_.recipients.push_back(text);
  enter_state(State::rcpt);
  reply(kRecipientOk);
}

}  // namespace carteiro::smtp
