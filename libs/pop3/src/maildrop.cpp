#include "carteiro/pop3/maildrop.hpp"

#include <fmt/format.h>

namespace carteiro::pop3 {

Maildrop::Maildrop(std::int64_t mailbox_id, std::int64_t uidvalidity, std::vector<MaildropMessage> messages)
    : mailbox_id_(mailbox_id), uidvalidity_(uidvalidity), messages_(std::move(messages)) {}

std::uint32_t Maildrop::count() const {
  std::uint32_t n = 0;
  for (const auto& m : messages_)
    if (!m.deleted) ++n;
  return n;
}

std::int64_t Maildrop::octets() const {
  std::int64_t n = 0;
  for (const auto& m : messages_)
    if (!m.deleted) n += m.octets;
  return n;
}

Lookup Maildrop::lookup(std::uint32_t number) const {
  if (number == 0 || number > messages_.size()) return Lookup::no_such_message;
  return messages_[number - 1].deleted ? Lookup::deleted : Lookup::found;
}

bool Maildrop::mark_deleted(std::uint32_t number) {
  if (lookup(number) != Lookup::found) return false;
  messages_[number - 1].deleted = true;
  return true;
}

void Maildrop::unmark_all() {
  for (auto& m : messages_) m.deleted = false;
}

std::vector<std::int64_t> Maildrop::deleted_uids() const {
  std::vector<std::int64_t> uids;
  for (const auto& m : messages_)
    if (m.deleted) uids.push_back(m.uid);
  return uids;
}

std::string Maildrop::unique_id(std::uint32_t number) const {
  return fmt::format("{}.{}", uidvalidity_, at(number).uid);
}

}  // namespace carteiro::pop3
