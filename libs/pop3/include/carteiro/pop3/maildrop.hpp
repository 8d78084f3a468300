#pragma once
// The maildrop as one POP3 session sees it (RFC 1939 section 4): the INBOX messages present
// at login, numbered 1..N for the whole session, with the deletion marks that take effect
// only in the UPDATE state. No I/O.
#include <cstdint>
#include <string>
#include <vector>

namespace carteiro::pop3 {

struct MaildropMessage {
  std::int64_t uid = 0;
  std::int64_t octets = 0;  // as sent (wire_size)
  bool deleted = false;
};

enum class Lookup { found, no_such_message, deleted };

class Maildrop {
 public:
  Maildrop() = default;
  Maildrop(std::int64_t mailbox_id, std::int64_t uidvalidity, std::vector<MaildropMessage> messages);

  std::int64_t mailbox_id() const { return mailbox_id_; }
  // Highest message number of the session (deleted ones keep their numbers).
  std::uint32_t last_number() const { return static_cast<std::uint32_t>(messages_.size()); }
  // STAT (RFC 1939 section 5): messages not marked deleted and their octets.
  std::uint32_t count() const;
  std::int64_t octets() const;

  Lookup lookup(std::uint32_t number) const;
  // Only valid for a number whose lookup() is found (or deleted, for listing).
  const MaildropMessage& at(std::uint32_t number) const { return messages_[number - 1]; }
  // DELE: false unless lookup(number) == found.
  bool mark_deleted(std::uint32_t number);
  // RSET: unmarks everything.
  void unmark_all();
  std::vector<std::int64_t> deleted_uids() const;

  // UIDL (RFC 1939 section 7): "<uidvalidity>.<uid>" of the INBOX message. UIDs are never
  // reused within a UIDVALIDITY, so the value is stable across sessions and never names
  // another message.
  std::string unique_id(std::uint32_t number) const;

 private:
  std::int64_t mailbox_id_ = 0;
  std::int64_t uidvalidity_ = 0;
  std::vector<MaildropMessage> messages_;
};

}  // namespace carteiro::pop3
