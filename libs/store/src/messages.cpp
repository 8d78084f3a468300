#include "carteiro/store/messages.hpp"

#include "carteiro/common/time.hpp"

namespace carteiro::store {

namespace contents {

std::int64_t insert(Db& db, std::string_view data, const ContentMeta& meta) {
  db.run("INSERT INTO contents(refcount, size, header_size, envelope, bodystructure, body, data) "
         "VALUES(0, ?, ?, ?, ?, ?, ?)",
         static_cast<std::int64_t>(data.size()), meta.header_size, meta.envelope, meta.bodystructure, meta.body,
         Blob{data});
  return db.last_insert_id();
}

void add_refs(Db& db, std::int64_t content_id, std::int64_t n) {
  db.run("UPDATE contents SET refcount = refcount + ? WHERE id = ?", n, content_id);
}

void release(Db& db, std::int64_t content_id, std::int64_t n) {
  db.run("UPDATE contents SET refcount = refcount - ? WHERE id = ?", n, content_id);
  db.run("DELETE FROM contents WHERE id = ? AND refcount <= 0", content_id);
}

std::string read(Db& db, std::int64_t content_id) {
  auto& st = db.query("SELECT data FROM contents WHERE id = ?", content_id);
  std::string out;
  if (st.step()) out = std::string(st.blob(0));
  st.reset();
  return out;
}

std::optional<ContentMeta> meta(Db& db, std::int64_t content_id) {
  auto& st = db.query("SELECT header_size, envelope, bodystructure, body FROM contents WHERE id = ?", content_id);
  std::optional<ContentMeta> out;
  if (st.step()) out = ContentMeta{st.integer(0), st.text(1), st.text(2), st.text(3)};
  st.reset();
  return out;
}

std::int64_t count(Db& db) {
  auto& st = db.prepare("SELECT COUNT(*) FROM contents");
  st.step();
  auto n = st.integer(0);
  st.reset();
  return n;
}

}  // namespace contents

namespace messages {

namespace {
constexpr const char* kColumns =
    "SELECT m.id, m.mailbox_id, m.uid, m.content_id, m.flags, m.keywords, m.modseq, m.internaldate, c.size, "
    "m.internaldate_zone FROM messages m JOIN contents c ON c.id = m.content_id ";
MessageRow row(Statement& st) {
  return MessageRow{st.integer(0), st.integer(1), st.integer(2), st.integer(3),
                    static_cast<std::uint32_t>(st.integer(4)), st.text(5), st.integer(6), st.integer(7),
                    st.integer(8), st.integer(9)};
}
// Allocates the next UID and MODSEQ of a mailbox in one statement (UIDs strictly ascend).
std::pair<std::int64_t, std::int64_t> next_uid_modseq(Db& db, std::int64_t mailbox_id) {
  auto& st = db.query(
      "UPDATE mailboxes SET uidnext = uidnext + 1, highestmodseq = highestmodseq + 1 WHERE id = ? "
      "RETURNING uidnext - 1, highestmodseq",
      mailbox_id);
  if (!st.step()) {
    st.reset();
    throw Error("no such mailbox");
  }
  auto out = std::make_pair(st.integer(0), st.integer(1));
  st.run();
  return out;
}
std::int64_t next_modseq(Db& db, std::int64_t mailbox_id) {
  auto& st = db.query("UPDATE mailboxes SET highestmodseq = highestmodseq + 1 WHERE id = ? RETURNING highestmodseq",
                      mailbox_id);
  if (!st.step()) {
    st.reset();
    throw Error("no such mailbox");
  }
  auto v = st.integer(0);
  st.run();
  return v;
}
}  // namespace

Appended append(Db& db, std::int64_t mailbox_id, std::int64_t content_id, std::uint32_t flags,
                std::string_view keywords, std::optional<std::int64_t> internaldate,
                std::int64_t internaldate_zone) {
  auto [uid, modseq] = next_uid_modseq(db, mailbox_id);
  db.run("INSERT INTO messages(mailbox_id, uid, content_id, flags, keywords, modseq, internaldate, internaldate_zone) "
         "VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
         mailbox_id, uid, content_id, static_cast<std::int64_t>(flags), keywords, modseq,
         internaldate.value_or(unix_now()), internaldate_zone);
  auto id = db.last_insert_id();
  contents::add_refs(db, content_id, 1);
  return Appended{id, uid, modseq};
}

std::vector<MessageRow> list(Db& db, std::int64_t mailbox_id) {
  std::vector<MessageRow> out;
  auto& st = db.query(std::string(kColumns) + "WHERE m.mailbox_id = ? ORDER BY m.uid", mailbox_id);
  while (st.step()) out.push_back(row(st));
  return out;
}

std::optional<MessageRow> find(Db& db, std::int64_t mailbox_id, std::int64_t uid) {
  auto& st = db.query(std::string(kColumns) + "WHERE m.mailbox_id = ? AND m.uid = ?", mailbox_id, uid);
  std::optional<MessageRow> out;
  if (st.step()) out = row(st);
  st.reset();
  return out;
}

std::int64_t set_flags(Db& db, std::int64_t mailbox_id, std::int64_t uid, std::uint32_t flags,
                       std::string_view keywords) {
  auto modseq = next_modseq(db, mailbox_id);
  db.run("UPDATE messages SET flags = ?, keywords = ?, modseq = ? WHERE mailbox_id = ? AND uid = ?",
         static_cast<std::int64_t>(flags), keywords, modseq, mailbox_id, uid);
  return modseq;
}

void expunge(Db& db, std::int64_t mailbox_id, const std::vector<std::int64_t>& uids) {
  if (uids.empty()) return;
  next_modseq(db, mailbox_id);
  for (auto uid : uids) {
    auto& st = db.query("DELETE FROM messages WHERE mailbox_id = ? AND uid = ? RETURNING content_id", mailbox_id, uid);
    std::optional<std::int64_t> content;
    if (st.step()) content = st.integer(0);
    st.run();
    if (content) contents::release(db, *content);
  }
}

std::int64_t count(Db& db, std::int64_t mailbox_id) {
  auto& st = db.query("SELECT COUNT(*) FROM messages WHERE mailbox_id = ?", mailbox_id);
  st.step();
  auto n = st.integer(0);
  st.reset();
  return n;
}

}  // namespace messages

}  // namespace carteiro::store
