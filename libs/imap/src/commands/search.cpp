// SEARCH and UID SEARCH (RFC 3501 section 6.4.4), with MODSEQ (RFC 7162 section 3.1.5).
// The keys are evaluated on a store thread (they may read every message's text), against
// the session's numbering.
#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "carteiro/imap/search.hpp"
#include "carteiro/store/messages.hpp"
#include "commands/commands.hpp"

namespace carteiro::imap::commands {

asio::awaitable<Reply> search(Session& s, const Command& c) {
  const auto& a = c.args<SearchArguments>();
  if (a.charset && *a.charset != "UTF-8" && *a.charset != "US-ASCII")
    co_return no(fmt::format("Charset {} is not supported", *a.charset), "BADCHARSET (UTF-8 US-ASCII)");

  // The session's view: which UID each sequence number is and whether it is \Recent.
  struct Numbered {
    std::uint32_t seq;
    std::int64_t uid;
    bool recent;
  };
  auto& mailbox = s.selected();
  std::vector<Numbered> numbered;
  numbered.reserve(mailbox.exists());
  for (std::uint32_t seq = 1; seq <= mailbox.exists(); ++seq) {
    auto uid = mailbox.uid_at(seq);
    if (!mailbox.expunged(uid)) numbered.push_back(Numbered{seq, uid, mailbox.recent(uid)});
  }
  SearchScope scope{mailbox.exists(), mailbox.max_uid()};
  auto mailbox_id = mailbox.id();
  bool by_uid = c.uid;

  bool with_modseq = uses_modseq(a.key);
  if (with_modseq) s.enable_condstore();
  struct Found {
    std::string hits;
    std::int64_t highest_modseq = 0;  // of the messages found
  };
  auto evaluate = [&numbered, &a, scope, mailbox_id, by_uid](store::Db& db) {
    std::unordered_map<std::int64_t, store::MessageRow> rows;
    for (auto& row : store::messages::list(db, mailbox_id)) rows.emplace(row.uid, std::move(row));
    Found found;
    for (const auto& n : numbered) {
      auto it = rows.find(n.uid);
      if (it == rows.end()) continue;
      const auto& row = it->second;
      SearchMessage m;
      m.seq = n.seq;
      m.uid = n.uid;
      m.flags = row.flags;
      m.keywords = row.keywords;
      m.size = row.size;
      m.internaldate = row.internaldate;
      m.modseq = row.modseq;
      m.recent = n.recent;
      auto content_id = row.content_id;
      m.load = [&db, content_id] { return store::contents::read(db, content_id); };
      if (!search_matches(a.key, m, scope)) continue;
      found.hits += fmt::format(" {}", by_uid ? n.uid : n.seq);
      found.highest_modseq = std::max(found.highest_modseq, row.modseq);
    }
    return found;
  };
  auto found = co_await s.store().read(evaluate);
  if (with_modseq && !found.hits.empty())
    s.untagged(fmt::format("SEARCH{} (MODSEQ {})", found.hits, found.highest_modseq));
  else
    s.untagged("SEARCH" + found.hits);
  co_return ok(c.uid ? "UID SEARCH completed" : "SEARCH completed");
}

}  // namespace carteiro::imap::commands
