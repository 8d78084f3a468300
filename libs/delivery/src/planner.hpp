#pragma once
// The planner behind plan_delivery (plan.hpp): groups of targets receive one source of
// bytes each; an account with an active Sieve script gets what its script decides
// (sieve_actions.cpp), and the mail a script causes (redirects, vacation replies,
// rejection notices) is planned here too, so that it is written in the same transaction.
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "carteiro/delivery/plan.hpp"
#include "carteiro/delivery/resolve.hpp"
#include "carteiro/sieve/run.hpp"

namespace carteiro::delivery {

// One final address and the recipient (as given at RCPT) that led to it.
struct Addressed {
  Target target;
  std::string recipient;
};

// What a group of targets receives: the delivered message, with a list's fields before it,
// or bytes of its own (mail the server writes, a locally redirected copy).
class Source {
 public:
  Source(const Message& message, std::string list_prefix) : message_(&message), list_prefix_(std::move(list_prefix)) {}
  explicit Source(std::shared_ptr<const OwnContent> own) : own_(std::move(own)) {}

  const std::shared_ptr<const OwnContent>& own() const { return own_; }
  const std::string& list_prefix() const { return list_prefix_; }
  // The header and body as scripts see them (a list's fields included, our trace fields
  // not); joined in memory only when a list post meets a script.
  std::string_view text() const;
  // The bytes stored when a copy has its own content: the trace fields included.
  std::string stored_text() const;
  // The same with the header section replaced by HEADER (RFC 5293 editheader).
  std::string stored_with_header(std::string_view header) const;

 private:
  const Message* message_ = nullptr;
  std::string list_prefix_;
  std::shared_ptr<const OwnContent> own_;
  mutable std::shared_ptr<std::string> joined_;
};

// Accounts and remote addresses already given a copy within one delivery of one source.
struct Seen {
  std::set<std::int64_t> accounts;
  std::set<std::string> remote;  // address and sender
};

class Planner {
 public:
  // AUTH: the delivered message's submitter (Envelope::auth); QUARANTINE: Envelope::quarantine.
  Planner(store::Db& db, const Message& message, const PlanContext& context, std::string auth,
          bool quarantine = false);

  // TARGETS get SOURCE from SENDER. DEPTH counts the deliveries that caused this one.
  void add_group(const std::vector<Addressed>& targets, const std::string& sender, const Source& source, int depth,
                 Seen& seen);
  // For accounts whose scripts rejected the message while others took it: a report to its
  // sender (RFC 5429 section 2.1.1 allows a DSN).
  void add_rejection_notices();
  std::int64_t now() const { return now_; }

  DeliveryPlan plan;
  Seen top;  // the delivery itself

 private:
  // sieve_actions.cpp
  void filter(const Addressed& t, const sieve::Script& script, const std::string& sender, const Source& source,
              LocalCopy& unchanged, int depth);
  void redirect(const Addressed& t, const sieve::Redirect& r, const std::string& sender, const Source& source,
                const std::shared_ptr<const OwnContent>& edited, int depth);
  void vacation(const Addressed& t, const sieve::Vacation& v, const std::string& sender, std::string_view header,
                int depth);
  // Mail the server writes or passes on locally: CONTENT to RECIPIENTS from SENDER,
  // resolved and planned like any delivery (their scripts run too), one level deeper.
  // The copies it makes are written only while GUARD is not answered yet (vacation).
  void send(const std::vector<std::string>& recipients, const std::string& sender,
            std::shared_ptr<const OwnContent> content, int depth, const VacationMemory* guard = nullptr);
  std::shared_ptr<const OwnContent> own_content(std::string data) const;
  // Where T's copy of SOURCE goes when nothing else decides (no script, a script's keep):
  // INBOX, or Junk for the delivered message itself when it is quarantined.
  Placement keep_placement(const Target& t, const Source& source) const;
  std::string new_message_id() const;

  store::Db& db_;
  const Message& message_;
  const PlanContext& context_;
  std::string auth_;
  bool quarantine_;
  std::int64_t now_;
};

Placement inbox_placement(store::Db& db, const Target& t);

}  // namespace carteiro::delivery
