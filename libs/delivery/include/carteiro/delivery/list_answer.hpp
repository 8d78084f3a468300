#pragma once
// Carrying out a request to a list's robot (list_request.hpp) inside the delivery's write
// transaction: the change to the list, the token it waits on, and the notice it sends
// (list_notices.hpp) are committed together with the request's own delivery, so the
// sender's 250 means all of it is done.
//   subscribe    open list: a token (subscribe) and a confirmation to the requester;
//                closed list: a note saying so. A member already: a note.
//   unsubscribe  a member: a token (unsubscribe) and a confirmation; else a note.
//   confirm      a live token: the change it stands for, then a welcome or goodbye note
//                to the address concerned; else a note.
//   help         the help note.
// Notices come from LIST-bounces (their own bounces go to the postmaster, never back
// to the list), and are delivered like any mail: stored or queued.
#include <cstdint>
#include <string>

#include "carteiro/delivery/list_request.hpp"
#include "carteiro/store/store.hpp"

namespace carteiro::delivery {

// As Mailman's default: a confirmation waits three days.
inline constexpr std::int64_t kListTokenLifetime = 3 * 24 * 3600;

// 128 random bits as 32 lower-case hex digits.
std::string make_list_token();

void answer_list_request(store::WriteTx& tx, const ListRequest& request, std::int64_t now);

}  // namespace carteiro::delivery
