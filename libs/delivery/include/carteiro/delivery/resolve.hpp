#pragma once
// Recipient resolution: where mail for one address goes. Used at RCPT time (so an unknown
// local user is refused with 550 5.1.1 before any data is sent) and again at delivery.
// Reads only; every call sees the accounts, aliases and lists as they are now, so a
// change made with the `carteiro` CLI applies to the next message without a restart.
//
// Order for an address in a local domain:
//   0. an SRS address (srs.hpp), when SRS is on: a bounce to a message one of our accounts
//      redirected, routed to the original sender; refused when forged or expired;
//   1. an account: deliver to its INBOX;
//   2. an alias: every target, resolved again (one-to-many; many aliases may share a
//      target), recursively, with loop detection and a depth limit;
//   3. a mailing list: every member, as a list post (own headers and envelope sender);
//      when the list is members-only the envelope sender must be a member;
//   4. LIST-bounces: the bounce address of a list, to the domain's postmaster;
//   5. LIST-request: the list's robot (list_request.hpp), answered at delivery;
//   6. plus-addressing: bob+tag@domain is resolved as bob@domain;
//   7. the domain's catch-all address, if it has one;
//   8. otherwise the user is unknown.
// An address in any other domain is a remote target (relay policy is the caller's job).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "carteiro/common/address.hpp"
#include "carteiro/store/db.hpp"

namespace carteiro::delivery {

class Srs;

inline constexpr int kMaxAliasDepth = 10;         // alias/list nesting, as sendmail's MAXALIASDEPTH
inline constexpr std::size_t kMaxTargets = 10000; // final addresses one recipient may expand to

struct Target {
  std::string address;          // an account's address, or a remote address
  std::int64_t account_id = 0;  // 0: remote
  bool local() const { return account_id != 0; }
};

struct ListPost {
  std::string list;             // the list's address
  std::vector<Target> members;  // resolved (members that are aliases or lists expanded)
};

enum class ResolveStatus {
  ok,
  unknown_user,  // 550 5.1.1
  loop,          // an alias or list that leads back to itself: 550 5.4.6
  too_deep,      // nesting deeper than kMaxAliasDepth, or more than kMaxTargets: 550 5.4.6
  not_member,    // members-only list, sender not a member: 550 5.7.2
  bad_srs,       // an SRS address we did not sign, or one too old: 550 5.1.1
};

struct Resolution {
  ResolveStatus status = ResolveStatus::ok;
  std::string detail;            // for logs: the address where it went wrong
  bool local_domain = false;     // the recipient's domain is one of ours
  std::vector<Target> direct;    // reached without going through a list
  std::vector<ListPost> lists;   // list posts, one per list reached
  std::vector<std::string> requests;  // lists whose LIST-request address was reached
  bool ok() const { return status == ResolveStatus::ok; }
};

// SENDER is the envelope sender ("" for the null sender), for members-only lists. SRS
// checks SRS addresses at NOW (seconds since the epoch; 0: the clock); null: SRS is off.
Resolution resolve(store::Db& db, const Address& recipient, std::string_view sender, const Srs* srs = nullptr,
                   std::int64_t now = 0);

// Where a list's bounces go: "equipe@ifrn.local" -> "equipe-bounces@ifrn.local".
std::string list_bounce_address(std::string_view list);
// Where mail to the list's robot goes (RFC 2369's List-Unsubscribe names it):
// "equipe@ifrn.local" -> "equipe-request@ifrn.local".
std::string list_request_address(std::string_view list);

}  // namespace carteiro::delivery
