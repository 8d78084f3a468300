#include "carteiro/delivery/list_answer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <random>

#include "carteiro/common/log.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/delivery/content_meta.hpp"
#include "carteiro/delivery/list_notices.hpp"
#include "carteiro/delivery/message_id.hpp"
#include "carteiro/delivery/plan.hpp"
#include "carteiro/delivery/resolve.hpp"
#include "carteiro/store/list_tokens.hpp"
#include "carteiro/store/lists.hpp"

namespace carteiro::delivery {

namespace {

bool is_member(const store::MailingList& list, std::string_view address) {
  return std::any_of(list.members.begin(), list.members.end(),
                     [&](const std::string& m) { return iequals(m, address); });
}

std::string domain_of(std::string_view address) {
  auto at = address.rfind('@');
  return std::string(at == std::string_view::npos ? address : address.substr(at + 1));
}

class Answer {
 public:
  Answer(store::WriteTx& tx, const ListRequest& request, std::int64_t now) : tx_(tx), request_(request), now_(now) {}

  void run(const store::MailingList& list) {
    const auto& who = request_.requester;
    switch (request_.command.command) {
      case ListCommand::subscribe:
        if (!list.open_subscription) return notify(ListNotice::closed, who);
        if (is_member(list, who)) return notify(ListNotice::already_member, who);
        return ask_confirmation(list, store::ListAction::subscribe, ListNotice::confirm_subscribe);
      case ListCommand::unsubscribe:
        if (!is_member(list, who)) return notify(ListNotice::not_member, who);
        return ask_confirmation(list, store::ListAction::unsubscribe, ListNotice::confirm_unsubscribe);
      case ListCommand::confirm:
        return confirm(list);
      case ListCommand::help:
        return notify(ListNotice::help, who);
    }
  }

 private:
  void ask_confirmation(const store::MailingList& list, store::ListAction action, ListNotice kind) {
    store::ListToken token{make_list_token(), list.id, list.address, request_.requester, action,
                           now_ + kListTokenLifetime};
    store::list_tokens::add(tx_.db, token, now_);
    log::info("list {}: {} asked to {}; confirmation sent", list.address, request_.requester,
              action == store::ListAction::subscribe ? "subscribe" : "unsubscribe");
    notify(kind, request_.requester, token.token, token.expires_at);
  }

  // The token names the address and the action: whoever sends it back (the address's
  // owner, who alone received it) makes the change for that address.
  void confirm(const store::MailingList& list) {
    std::optional<store::ListToken> token;
    if (!request_.command.token.empty()) token = store::list_tokens::take(tx_.db, request_.command.token, now_);
    if (!token || token->list_id != list.id) return notify(ListNotice::bad_token, request_.requester);
    if (token->action == store::ListAction::subscribe) {
      if (!list.open_subscription) return notify(ListNotice::closed, token->address);  // closed since
      if (is_member(list, token->address)) return notify(ListNotice::already_member, token->address);
      store::lists::add_member(tx_.db, list.address, token->address);
      log::info("list {}: {} subscribed by mail", list.address, token->address);
      return notify(ListNotice::welcome, token->address);
    }
    if (!is_member(list, token->address)) return notify(ListNotice::not_member, token->address);
    store::lists::remove_member(tx_.db, list.address, token->address);
    log::info("list {}: {} unsubscribed by mail", list.address, token->address);
    notify(ListNotice::goodbye, token->address);
  }

  // Writes the notice and delivers it in this transaction, as any message from
  // LIST-bounces to TO. The notice is Auto-Submitted: should it reach a robot address
  // (ours or another's), it is not answered in turn.
  void notify(ListNotice kind, const std::string& to, std::string token = {}, std::int64_t expires_at = 0) {
    ListNoticeInput in;
    in.kind = kind;
    in.list = request_.list;
    in.to = to;
    in.token = std::move(token);
    in.expires_at = expires_at;
    in.in_reply_to = request_.message_id;
    in.message_id = fmt::format("<{}@{}>", make_message_id(), domain_of(request_.list));
    in.date = now_;
    std::string text = make_list_notice(in);
    Envelope envelope{list_bounce_address(request_.list), {to}, make_message_id()};
    Message message{{}, text};
    DeliveryPlan plan = plan_delivery(tx_.db, envelope, message);
    Delivered done = store_copies(tx_, plan, message, content_meta(text));
    for (auto& f : done.failed) log::warn("{}: list notice not delivered to {}: {}", envelope.id, f.recipient, f.why);
    log::info("{}: list notice from {} to <{}>: {} stored, {} queued", envelope.id, request_.list, to, done.local,
              done.remote);
  }

  store::WriteTx& tx_;
  const ListRequest& request_;
  std::int64_t now_;
};

}  // namespace

std::string make_list_token() {
  // std::random_device reads the kernel's random source (getrandom or /dev/urandom).
  std::random_device random;
  std::string out;
  for (int i = 0; i < 4; ++i) out += fmt::format("{:08x}", static_cast<std::uint32_t>(random()));
  return out;
}

void answer_list_request(store::WriteTx& tx, const ListRequest& request, std::int64_t now) {
  auto list = store::lists::find(tx.db, request.list);
  if (!list) {
    log::info("request to {} dropped: the list is gone", request.list);
    return;
  }
  Answer(tx, request, now).run(*list);
}

}  // namespace carteiro::delivery
