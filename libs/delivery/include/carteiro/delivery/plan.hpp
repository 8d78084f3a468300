#pragma once
// The steps of Deliverer::deliver, apart so they can be tested on a bare database:
// plan_delivery resolves the envelope into copies to store and copies to queue (read
// only); store_copies writes them inside one write transaction.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "carteiro/delivery/deliver.hpp"
#include "carteiro/delivery/list_request.hpp"
#include "carteiro/store/messages.hpp"
#include "carteiro/store/store.hpp"

namespace carteiro::delivery {

// Where one local copy goes: an account's INBOX.
struct Placement {
  std::int64_t mailbox = 0;  // the INBOX id
  std::int64_t account_id = 0;
  std::string address;       // the account's, for a failure report
};

// One stored content linked into several INBOXes: the message with PREFIX before it.
struct LocalCopy {
  std::string prefix;                  // Return-Path (and a list's fields)
  std::string sender;                  // its envelope sender (a list's bounce address for posts)
  std::vector<Placement> placements;
};

// One outbound queue entry: the message with PREFIX before it, for these recipients.
struct RemoteCopy {
  std::string prefix;                  // a list's fields, or nothing
  std::string sender;                  // the envelope sender (a list's bounce address for posts)
  std::vector<std::string> recipients;
};

struct DeliveryPlan {
  std::vector<LocalCopy> local;
  std::vector<RemoteCopy> remote;
  std::vector<Undelivered> failed;
  std::vector<ListRequest> requests;  // mail to LIST-request, answered in store_copies
  int priority = 0;                   // the envelope's, for the queued copies
};

// Resolves every recipient. A mailbox gets one copy even when several recipients lead to
// it; a list member who is also a direct recipient gets the direct copy only.
// MESSAGE (header and body, when known) is looked at for lists: a list's own post coming
// back to it is not sent to its members again (list_loop.hpp), and mail to LIST-request
// becomes a request (list_request.hpp).
DeliveryPlan plan_delivery(store::Db& db, const Envelope& envelope, std::string_view message = {});

// Stores PLAN's copies of MESSAGE: each content inserted once, linked into its mailboxes,
// remote copies queued; touches every mailbox and the queue so sessions wake after commit.
// An account whose mailbox is full (quotas.hpp: the soft limit) gets no copy and is
// listed as failed with status 5.2.2; the check is made here, in the write, so that
// concurrent deliveries cannot all slip under the limit.
// META describes MESSAGE (its prefix included); each copy's own prefix is added to it.
// Requests to lists' robots are carried out in the same write (list_answer.hpp).
Delivered store_copies(store::WriteTx& tx, const DeliveryPlan& plan, const Message& message,
                       const store::ContentMeta& meta);

}  // namespace carteiro::delivery
