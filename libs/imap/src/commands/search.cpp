// SEARCH and UID SEARCH (RFC 3501 section 6.4.4), with MODSEQ (RFC 7162 section 3.1.5) and
// ESEARCH results (RFC 4731).
// The keys are evaluated on a store thread of the heavy lane (they may read every message's
// text), against the session's numbering.
#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "carteiro/imap/response.hpp"
#include "carteiro/imap/search.hpp"
#include "carteiro/store/messages.hpp"
#include "commands/commands.hpp"

namespace carteiro::imap::commands {

namespace {

// RFC 7162 section 3.1.5: the MODSEQ of an ESEARCH is the highest mod-sequence of the
// messages it returns: with only MIN and/or MAX, those messages; else all that matched.
std::int64_t returned_modseq(const SearchReturn& wanted, const std::vector<std::int64_t>& modseqs) {
  if (modseqs.empty()) return 0;
  if (wanted.all || wanted.count) return *std::max_element(modseqs.begin(), modseqs.end());
  std::int64_t out = 0;
  if (wanted.min) out = std::max(out, modseqs.front());
  if (wanted.max) out = std::max(out, modseqs.back());
  return out;
}

// RFC 4731 section 3.1: * ESEARCH (TAG "a") [UID] MIN n MAX n COUNT n ALL set, only what
// was asked; MIN, MAX and ALL are left out when nothing matched. With a MODSEQ criterion,
// the mod-sequence of what it returns (returned_modseq).
std::string esearch_response(const Command& c, const SearchReturn& wanted, const std::vector<std::int64_t>& hits,
                             std::int64_t highest_modseq) {
  // A tag has no quoted-specials (RFC 3501 section 9), so it quotes as it is.
  std::string out = "ESEARCH (TAG \"" + c.tag + "\")";
  if (c.uid) out += " UID";
  if (wanted.min && !hits.empty()) out += fmt::format(" MIN {}", hits.front());
  if (wanted.max && !hits.empty()) out += fmt::format(" MAX {}", hits.back());
  if (wanted.count) out += fmt::format(" COUNT {}", hits.size());
  if (wanted.all && !hits.empty()) out += " ALL " + uid_set_text(hits);
  if (highest_modseq && !hits.empty()) out += fmt::format(" MODSEQ {}", highest_modseq);
  return out;
}

}  // namespace

asio::awaitable<Reply> on_search(Session& s, const Command& c) {
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
    std::vector<std::int64_t> hits;     // UIDs or sequence numbers, ascending
    std::vector<std::int64_t> modseqs;  // of each hit
    std::int64_t highest_modseq = 0;    // of the messages found
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
      m.internaldate_zone = row.internaldate_zone;
      m.modseq = row.modseq;
      m.recent = n.recent;
      auto content_id = row.content_id;
      m.load = [&db, content_id] { return store::contents::read(db, content_id); };
      if (!search_matches(a.key, m, scope)) continue;
      found.hits.push_back(by_uid ? n.uid : n.seq);
      found.modseqs.push_back(row.modseq);
      found.highest_modseq = std::max(found.highest_modseq, row.modseq);
    }
    return found;
  };
  auto found = co_await s.store().read_heavy(evaluate);
  if (a.result) {
    s.untagged(esearch_response(c, *a.result, found.hits, with_modseq ? returned_modseq(*a.result, found.modseqs) : 0));
  } else {
    std::string hits;
    for (auto n : found.hits) hits += fmt::format(" {}", n);
    if (with_modseq && !found.hits.empty()) hits += fmt::format(" (MODSEQ {})", found.highest_modseq);
    s.untagged("SEARCH" + hits);
  }
  co_return ok(c.uid ? "UID SEARCH completed" : "SEARCH completed");
}

}  // namespace carteiro::imap::commands
