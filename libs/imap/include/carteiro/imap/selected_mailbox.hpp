#pragma once
// What a session knows about its selected mailbox: the message sequence numbers it has
// told the client about (sequence number <-> UID), which of them are \Recent for it, and
// the changes other sessions made that it has not reported yet.
//
// Invariants (RFC 3501 sections 2.3.1.2 and 7.4.1):
// - a message keeps its sequence number until its EXPUNGE is reported; messages another
//   session expunged stay numbered ("pending") until a command that may report them;
// - EXISTS never decreases except through reported EXPUNGEs;
// - memory grows with the gaps between UIDs (UidMap), not with the number of messages, so
//   idle sessions stay small.
#include <cstdint>
#include <optional>
#include <string_view>
#include <string>
#include <utility>
#include <vector>

#include "carteiro/imap/sequence_set.hpp"
#include "carteiro/imap/uid_map.hpp"
#include "carteiro/store/imap_queries.hpp"

namespace carteiro::imap {

struct MailboxUpdates {
  std::vector<std::uint32_t> expunged;   // "* n EXPUNGE" in this order
  std::vector<std::int64_t> vanished;    // the same messages' UIDs, ascending (QRESYNC's VANISHED)
  std::optional<std::uint32_t> exists;   // "* n EXISTS"
  std::optional<std::uint32_t> recent;   // "* n RECENT"
  std::vector<std::pair<std::uint32_t, store::imap::MessageFlags>> flags;  // "* n FETCH (FLAGS ...)"
  bool keywords = false;                 // new keywords: "* FLAGS" and PERMANENTFLAGS again
};

class SelectedMailbox {
 public:
  SelectedMailbox(std::int64_t id, std::string name, std::int64_t uidvalidity, bool read_only, UidMap uids,
                  std::int64_t highestmodseq);

  std::int64_t id() const { return id_; }
  const std::string& name() const { return name_; }
  std::int64_t uidvalidity() const { return uidvalidity_; }
  bool read_only() const { return read_only_; }
  std::int64_t known_modseq() const { return known_modseq_; }

  std::uint32_t exists() const { return uids_.size(); }
  // Messages numbered that still exist as far as this session knows.
  std::int64_t live_count() const { return static_cast<std::int64_t>(uids_.size() - pending_.size()); }
  std::int64_t uid_at(std::uint32_t seq) const { return uids_.uid_at(seq); }
  std::optional<std::uint32_t> seq_of(std::int64_t uid) const { return uids_.seq_of(static_cast<std::uint32_t>(uid)); }
  std::int64_t max_uid() const { return uids_.max_uid(); }
  // How many numbered messages have a UID <= UID (UidMap::rank).
  std::uint32_t rank(std::uint32_t uid) const { return uids_.rank(uid); }
  // Messages still numbered that no longer exist (another session expunged them).
  bool expunged(std::int64_t uid) const;

  // The sequence numbers a set names, ascending. For UID sets, UIDs without a message are
  // skipped (RFC 3501 section 6.4.8); for sequence sets, a number above EXISTS makes the
  // whole set invalid (nullopt). '*' in an empty mailbox names nothing.
  std::optional<std::vector<std::uint32_t>> resolve(const SequenceSet& set, bool uid) const;

  // \Recent: UIDs in (after, up_to] are recent for this session.
  void add_recent(std::int64_t after, std::int64_t up_to);
  bool recent(std::int64_t uid) const;
  std::uint32_t recent_count() const;

  // The keywords in use, as the FLAGS response of SELECT lists them (RFC 3501 section
  // 7.2.6); a keyword seen for the first time is reported with the next updates.
  const std::vector<std::string>& keywords() const { return keywords_; }
  void set_keywords(std::vector<std::string> keywords) { keywords_ = std::move(keywords); }
  void learn_keywords(std::string_view stored);

  // A STORE/COPY of this session produced MODSEQ: its flag change was already answered.
  void note_own_change(std::int64_t modseq) { own_modseqs_.push_back(modseq); }
  // The mod-sequence of a flag change of UID learnt and not yet reported (a later one
  // than this session's own STORE, when another session changed the message since).
  std::optional<std::int64_t> pending_flags_modseq(std::int64_t uid) const;

  // Takes in what the store says changed (see store::imap::changes_since). New messages
  // are numbered at once; vanished ones become pending expunges.
  void apply(const store::imap::MailboxDelta& delta);
  // The updates to send now. ALLOW_EXPUNGE is false during FETCH, STORE and SEARCH.
  MailboxUpdates take_updates(bool allow_expunge);
  bool has_updates(bool allow_expunge) const;
  // SELECT reports EXISTS itself: remember it as told.
  void counts_reported() { reported_exists_ = exists(); }

 private:
  std::int64_t id_;
  std::string name_;
  std::int64_t uidvalidity_;
  bool read_only_;
  UidMap uids_;
  std::vector<std::uint32_t> pending_;     // sorted UIDs gone from the store, still numbered
  std::vector<std::pair<std::int64_t, std::int64_t>> recent_;  // (after, up_to] ranges
  std::vector<std::int64_t> own_modseqs_;
  std::vector<store::imap::MessageFlags> flag_changes_;  // not yet reported
  std::vector<std::string> keywords_;
  bool keywords_changed_ = false;
  std::int64_t known_modseq_;
  std::uint32_t reported_exists_;
};

}  // namespace carteiro::imap
