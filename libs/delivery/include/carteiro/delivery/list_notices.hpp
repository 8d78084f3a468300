#pragma once
// The mails a list's robot writes (list_request.hpp): confirmation requests, welcome and
// goodbye notes, refusals and help. Pure: the caller gives dates, ids and tokens, so the
// output is tested byte for byte. Each is marked Auto-Submitted: auto-replied (RFC 3834
// section 5) and comes from LIST-request, which a reply reaches.
#include <cstdint>
#include <string>

namespace carteiro::delivery {

enum class ListNotice {
  confirm_subscribe,    // reply with the token to join
  confirm_unsubscribe,  // reply with the token to leave
  welcome,              // joined
  goodbye,              // left
  closed,               // the list takes no subscriptions by mail
  already_member,
  not_member,
  bad_token,            // a confirmation with an unknown, used or expired token
  help,
};

struct ListNoticeInput {
  ListNotice kind = ListNotice::help;
  std::string list;         // the list's address
  std::string to;           // whom it is for
  std::string token;        // confirm_* only
  std::int64_t expires_at = 0;  // confirm_* only
  std::string in_reply_to;  // the request's Message-ID ("<...>"), or empty
  std::string message_id;   // "<...>" for the notice itself
  std::int64_t date = 0;
};

std::string make_list_notice(const ListNoticeInput& input);

}  // namespace carteiro::delivery
