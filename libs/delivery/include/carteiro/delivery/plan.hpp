#pragma once
// The steps of Deliverer::deliver, apart so they can be tested on a bare database:
// plan_delivery resolves the envelope into copies to store and copies to queue, running
// each account's Sieve script on the way (read only); store_copies writes them inside one
// write transaction, with whatever the scripts caused (mailboxes they create, redirects,
// vacation replies, rejection notices, what the scripts remember).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "carteiro/delivery/deliver.hpp"
#include "carteiro/delivery/list_request.hpp"
#include "carteiro/sieve/compile.hpp"
#include "carteiro/store/messages.hpp"
#include "carteiro/store/store.hpp"

namespace carteiro::delivery {

class ScriptCache;
class Srs;

// Where one local copy goes: a mailbox of an account, with the flags a script set.
struct Placement {
  std::int64_t mailbox = 0;  // 0: MAILBOX_NAME does not exist yet; the write creates it (fileinto :create)
  std::int64_t account_id = 0;
  std::string address;       // the account's, for a failure report
  std::string mailbox_name;  // set when a script chose the mailbox
  std::uint32_t flags = 0;   // store::Flag bits
  std::string keywords;      // space-separated
};

// The bytes of a copy when they are not the delivered message: a header a script edited
// (RFC 5293), a redirected copy with its Delivered-To, a vacation reply, a rejection notice.
struct OwnContent {
  std::string data;
  store::ContentMeta meta;
};

// A vacation reply sent (store/sieve_memory.hpp), remembered with the copies.
struct VacationMemory {
  std::int64_t account_id = 0;
  std::string handle;
  std::string sender;
  std::int64_t expires = 0;
};
// One stored content linked into several mailboxes: PREFIX, then the message (or CONTENT).
struct LocalCopy {
  std::string prefix;                  // Return-Path (and a list's fields)
  std::string sender;                  // its envelope sender (a list's bounce address for posts)
  std::vector<Placement> placements;
  std::shared_ptr<const OwnContent> content;  // null: the delivered message
  // A vacation reply (or what it led to): dropped in the write when a concurrent delivery
  // has answered the same sender for the same handle meanwhile (RFC 5230 section 4.2).
  std::optional<VacationMemory> unless_answered;
};

// One outbound queue entry: PREFIX, then the message (or CONTENT), for these recipients.
struct RemoteCopy {
  std::string prefix;                  // a list's fields, a redirect's Delivered-To, or nothing
  std::string sender;                  // the envelope sender (a list's bounce address, an SRS address)
  std::vector<std::string> recipients;
  std::shared_ptr<const OwnContent> content;  // null: the delivered message
  std::optional<VacationMemory> unless_answered;  // as LocalCopy's
};

// An account whose script rejected the message (RFC 5429), and whom to tell.
struct Rejection {
  std::string recipient;
  std::string reason;
  std::string notify;  // the envelope sender of the copy it refused ("" for none)
};

// Rows the scripts leave in store/sieve_memory.hpp, written with the copies.
struct DuplicateMemory {
  std::int64_t account_id = 0;
  std::string key;
  std::int64_t expires = 0;
};

struct DeliveryPlan {
  std::vector<LocalCopy> local;
  std::vector<RemoteCopy> remote;
  std::vector<Undelivered> failed;
  std::vector<ListRequest> requests;  // mail to LIST-request, answered in store_copies
  int priority = 0;                   // the envelope's, for the queued copies
  std::vector<Rejection> rejected;
  std::vector<VacationMemory> vacations;
  std::vector<DuplicateMemory> duplicates;
  std::int64_t now = 0;  // when it was planned: the scripts' clock, and the write's
  // Every recipient's script rejected the message and nothing else is left to do: the
  // SMTP server refuses it at the end of DATA (RFC 5429 section 2.2), nothing is written.
  bool all_rejected() const {
    return !rejected.empty() && local.empty() && remote.empty() && failed.empty() && requests.empty();
  }
};

// What running the accounts' scripts needs besides the store. The default runs none.
struct PlanContext {
  ScriptCache* scripts = nullptr;  // null: no script runs (every local copy goes to an INBOX)
  const Srs* srs = nullptr;        // null: redirects keep the envelope sender as it is
  sieve::Limits limits;
  std::string hostname;            // for the Message-IDs of the mail scripts cause
  std::int64_t now = 0;            // seconds since the epoch; 0: the clock
};

// Resolves every recipient. A mailbox gets one copy even when several recipients lead to
// it; a list member who is also a direct recipient gets the direct copy only. MESSAGE is
// what the scripts look at (its prefix, our trace fields, is not shown to them), and what
// lists look at: a list's own post coming back to it is not sent to its members again
// (list_loop.hpp), and mail to LIST-request becomes a request (list_request.hpp).
DeliveryPlan plan_delivery(store::Db& db, const Envelope& envelope, const Message& message = {},
                           const PlanContext& context = {});

// Stores PLAN's copies of MESSAGE: each content inserted once, linked into its mailboxes
// (those a script creates are made first, with their parents), remote copies queued, the
// scripts' memory rows written; touches every mailbox and the queue so sessions wake after
// commit. An account whose mailbox is full (quotas.hpp: the soft limit) gets no copy and is
// listed as failed with status 5.2.2; the check is made here, in the write, so that
// concurrent deliveries cannot all slip under the limit.
// META describes MESSAGE (its prefix included); each copy's own prefix is added to it.
// Requests to lists' robots are carried out in the same write (list_answer.hpp).
Delivered store_copies(store::WriteTx& tx, const DeliveryPlan& plan, const Message& message,
                       const store::ContentMeta& meta);

}  // namespace carteiro::delivery
