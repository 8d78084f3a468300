// FETCH and UID FETCH (RFC 3501 section 6.4.5, responses in section 7.4.2). ENVELOPE, BODY
// and BODYSTRUCTURE come from what was stored at delivery; message bytes are read only
// when an item needs them (the header alone when that is enough), in bounded batches. A
// large message's whole-message items (RFC822, BODY[], BODY[TEXT], with <partial>) are sent
// in pieces straight from the store, so no session holds such a message in memory.
#include <fmt/format.h>

#include <set>

#include "carteiro/imap/flags.hpp"
#include "carteiro/imap/response.hpp"
#include "carteiro/mime/header.hpp"
#include "carteiro/mime/imap_format.hpp"
#include "carteiro/mime/section.hpp"
#include "carteiro/mime/structure.hpp"
#include "carteiro/store/content_pieces.hpp"
#include "carteiro/store/imap_queries.hpp"
#include "carteiro/store/messages.hpp"
#include "carteiro/store/vanished.hpp"
#include "commands/commands.hpp"
#include "carteiro/imap/vanished.hpp"
#include "commands/message_set.hpp"

namespace carteiro::imap::commands {

namespace {

// A batch is one store read: at most this many messages, and it stops after this many
// bytes of message data, so a FETCH of large messages holds a bounded amount in memory.
constexpr std::size_t kBatchMessages = 500;
constexpr std::size_t kBatchBytes = 8 * 1024 * 1024;
// Messages above this size have their whole-message items sent in pieces of kPiece.
constexpr std::int64_t kStreamAbove = 1024 * 1024;
constexpr std::size_t kPiece = 256 * 1024;

enum class ContentNeed { none, header, full };

struct FetchPlan {
  bool structure = false;  // ENVELOPE, BODY or BODYSTRUCTURE
  ContentNeed content = ContentNeed::none;
  bool sets_seen = false;  // a body item without PEEK (section 6.4.5)
  // Every item that needs the whole message is one byte range of it: a large message can
  // then be sent in pieces, with only its header loaded.
  bool ranges_only = true;
};

bool header_only(const BodySection& s) {
  return s.part.empty() && (s.text == SectionText::header || s.text == SectionText::header_fields ||
                            s.text == SectionText::header_fields_not);
}

struct ByteRange {
  std::int64_t offset = 0;
  std::int64_t length = 0;
};

// The octets of ITEM as one range of a message of SIZE octets with HEADER_SIZE octets of
// header, for the items that are one: RFC822, RFC822.TEXT, BODY[] and BODY[TEXT], with a
// <partial> cut (section 6.4.5).
std::optional<ByteRange> message_range(const FetchItem& item, std::int64_t header_size, std::int64_t size) {
  ByteRange range{0, size};
  if (item.kind == FetchKind::rfc822_text) {
    range = ByteRange{header_size, size - header_size};
  } else if (item.kind == FetchKind::section) {
    const auto& section = item.section;
    if (!section.part.empty()) return std::nullopt;
    if (section.text == SectionText::text) range = ByteRange{header_size, size - header_size};
    else if (section.text != SectionText::none) return std::nullopt;
    if (section.partial_offset) {
      auto skip = std::min<std::int64_t>(*section.partial_offset, range.length);
      range = ByteRange{range.offset + skip, std::min<std::int64_t>(range.length - skip, section.partial_length)};
    }
  } else if (item.kind != FetchKind::rfc822) {
    return std::nullopt;
  }
  return range;
}

FetchPlan make_plan(const std::vector<FetchItem>& items) {
  FetchPlan plan;
  auto need = [&plan](ContentNeed n) { plan.content = std::max(plan.content, n); };
  for (const auto& item : items) {
    switch (item.kind) {
      case FetchKind::envelope:
      case FetchKind::body:
      case FetchKind::bodystructure: plan.structure = true; break;
      case FetchKind::rfc822:
      case FetchKind::rfc822_text:
        need(ContentNeed::full);
        plan.sets_seen = true;
        break;
      case FetchKind::rfc822_header: need(ContentNeed::header); break;
      case FetchKind::section:
        need(header_only(item.section) ? ContentNeed::header : ContentNeed::full);
        if (!header_only(item.section) && !message_range(item, 0, 0)) plan.ranges_only = false;
        if (!item.section.peek) plan.sets_seen = true;
        break;
      default: break;
    }
  }
  return plan;
}

struct Loaded {
  store::imap::MessageSummary summary;
  std::string content;    // the header or the whole message, as the plan needs
  bool streamed = false;  // large: CONTENT is the header, whole-message items go in pieces
};

struct Batch {
  std::vector<Loaded> loaded;
  std::size_t consumed = 0;  // targets handled, loaded or found gone
};

// The message's header, read alone (incremental BLOB I/O: the body stays in the file).
std::string header_of(store::Db& db, const store::imap::MessageSummary& m) {
  auto header = store::contents::read_piece(db, m.content_id, 0, static_cast<std::size_t>(m.header_size));
  return header.value_or(std::string());
}

Batch load_batch(store::Db& db, std::int64_t mailbox_id, const std::vector<Target>& targets, std::size_t first,
                 const FetchPlan& plan) {
  store::imap::ReadSnapshot snapshot(db);
  std::size_t last = std::min(first + kBatchMessages, targets.size());
  auto rows = store::imap::summaries(db, mailbox_id, targets[first].uid, targets[last - 1].uid, plan.structure);
  Batch batch;
  std::size_t bytes = 0;
  std::size_t r = 0;
  for (std::size_t i = first; i < last && bytes < kBatchBytes; ++i) {
    batch.consumed = i - first + 1;
    while (r < rows.size() && rows[r].uid < targets[i].uid) ++r;
    if (r == rows.size() || rows[r].uid != targets[i].uid) continue;  // expunged meanwhile
    Loaded l{std::move(rows[r]), {}, false};
    // Mail stored without its IMAP summary (older data) gets one computed now.
    bool unsummarized = plan.structure && l.summary.bodystructure.empty();
    bool whole = plan.content == ContentNeed::full || unsummarized || l.summary.header_size <= 0;
    l.streamed = whole && !unsummarized && plan.ranges_only && l.summary.header_size > 0 &&
                 l.summary.size > kStreamAbove;
    if (l.streamed)
      l.content = header_of(db, l.summary);
    else if (whole && (plan.content != ContentNeed::none || unsummarized))
      l.content = store::contents::read(db, l.summary.content_id);
    else if (plan.content == ContentNeed::header)
      l.content = header_of(db, l.summary);
    if (unsummarized) {
      auto summary = mime::summarize(l.content);
      l.summary.envelope = std::move(summary.envelope);
      l.summary.bodystructure = std::move(summary.bodystructure);
      l.summary.body = std::move(summary.body);
    }
    bytes += l.content.size();
    batch.loaded.push_back(std::move(l));
  }
  return batch;
}

// A piece of a FETCH response: TEXT, then (for a streamed message) the octets of RANGE,
// which TEXT announced as a literal.
struct Segment {
  std::string text;
  std::optional<ByteRange> range;
};

// One message's FETCH response.
class Renderer {
 public:
  // CONDSTORE: the session has CONDSTORE enabled (RFC 7162 section 3.1).
  Renderer(const Command& command, const SelectedMailbox& mailbox, bool condstore)
      : command_(command), mailbox_(mailbox), condstore_(condstore) {}

  std::vector<Segment> render(std::uint32_t seq, Loaded& m, bool flags_changed) {
    segments_.clear();
    std::string out = fmt::format("* {} FETCH (", seq);
    out.reserve(out.size() + m.content.size() + m.summary.bodystructure.size() + m.summary.envelope.size() + 256);
    const auto& items = command_.args<FetchArguments>().items;
    bool wants_uid = std::any_of(items.begin(), items.end(), [](const FetchItem& i) { return i.kind == FetchKind::uid; });
    bool wants_flags =
        std::any_of(items.begin(), items.end(), [](const FetchItem& i) { return i.kind == FetchKind::flags; });
    // UID FETCH always returns the UID (RFC 3501 section 6.4.8); a FETCH that set \Seen
    // returns the new flags (section 6.4.5).
    if (command_.uid && !wants_uid) append_item(out, FetchItem{FetchKind::uid, {}}, m);
    for (const auto& item : items) append_item(out, item, m);
    if (flags_changed && !wants_flags) append_item(out, FetchItem{FetchKind::flags, {}}, m);
    // RFC 7162 sections 3.1.4.1 and 3.1.4.2: with CONDSTORE, CHANGEDSINCE and flags in a
    // response bring the message's MODSEQ along.
    bool wants_modseq =
        std::any_of(items.begin(), items.end(), [](const FetchItem& i) { return i.kind == FetchKind::modseq; });
    bool changed_since = command_.args<FetchArguments>().changed_since.has_value();
    if (condstore_ && !wants_modseq && (wants_flags || flags_changed || changed_since))
      append_item(out, FetchItem{FetchKind::modseq, {}}, m);
    out += ")\r\n";
    tree_.reset();
    segments_.push_back(Segment{std::move(out), std::nullopt});
    return std::move(segments_);
  }

 private:
  std::string flags(const Loaded& m) const {
    return flag_list(m.summary.flags, m.summary.keywords, mailbox_.recent(m.summary.uid));
  }

  const mime::Part& tree(const Loaded& m) {
    if (!tree_) tree_ = mime::parse_structure(m.content);
    return *tree_;
  }

  // The octets of a section. Sections of the top-level message are cut straight from the
  // stored bytes; only part numbers need the MIME tree (parsed once per message).
  std::string_view section_data(const BodySection& section, const Loaded& m, std::string& owned) {
    std::string_view content = m.content;
    if (!section.part.empty()) {
      owned = mime::extract_section(tree(m), section);
      return owned;
    }
    auto header = mime::header_block(content);
    switch (section.text) {
      case SectionText::none: return content;
      case SectionText::header: return header;
      case SectionText::text: return content.substr(header.size());
      case SectionText::header_fields:
      case SectionText::header_fields_not:
        owned = mime::filter_header(header, section.fields, section.text == SectionText::header_fields);
        return owned;
      case SectionText::mime: break;  // the parser allows MIME only after a part number
    }
    return {};
  }

  // "BODY[1.TEXT]<5>" as the response names it (section 7.4.2).
  static std::string section_name(const BodySection& section) {
    std::string name = "BODY[" + section.spec + "]";
    if (section.partial_offset) name += fmt::format("<{}>", *section.partial_offset);
    return name;
  }

  void append_section(std::string& out, const BodySection& section, const Loaded& m) {
    std::string owned;
    std::string_view data = section_data(section, m, owned);
    out += section_name(section);
    if (section.partial_offset) {
      data = *section.partial_offset >= data.size() ? std::string_view()
                                                     : data.substr(*section.partial_offset, section.partial_length);
    }
    append_literal(out, data);
  }

  static void append_literal(std::string& out, std::string_view data) {
    out += fmt::format(" {{{}}}\r\n", data.size());
    out += data;
  }

  // The literal of a streamed item: its size now, its octets after this segment.
  void append_range(std::string& out, ByteRange range) {
    out += fmt::format(" {{{}}}\r\n", range.length);
    segments_.push_back(Segment{std::move(out), range});
    out.clear();
  }

  void append_item(std::string& out, const FetchItem& item, const Loaded& m) {
    // Items are separated by a space; OUT is empty right after a streamed literal.
    if (out.empty() ? !segments_.empty() : out.back() != '(') out += ' ';
    const auto& s = m.summary;
    if (m.streamed) {
      if (auto range = message_range(item, s.header_size, s.size)) {
        out += item.kind == FetchKind::rfc822        ? "RFC822"
               : item.kind == FetchKind::rfc822_text ? "RFC822.TEXT"
                                                     : section_name(item.section);
        append_range(out, *range);
        return;
      }
    }
    std::string_view content = m.content;
    switch (item.kind) {
      case FetchKind::uid: out += fmt::format("UID {}", s.uid); return;
      case FetchKind::flags: out += "FLAGS " + flags(m); return;
      case FetchKind::internaldate:
        out += "INTERNALDATE " + imap_internaldate(s.internaldate, s.internaldate_zone);
        return;
      case FetchKind::rfc822_size: out += fmt::format("RFC822.SIZE {}", s.size); return;
      case FetchKind::modseq: out += fmt::format("MODSEQ ({})", s.modseq); return;
      case FetchKind::envelope: out.append("ENVELOPE ").append(s.envelope); return;
      case FetchKind::body: out.append("BODY ").append(s.body); return;
      case FetchKind::bodystructure: out.append("BODYSTRUCTURE ").append(s.bodystructure); return;
      case FetchKind::rfc822:
        out += "RFC822";
        append_literal(out, content);
        return;
      case FetchKind::rfc822_header:
        out += "RFC822.HEADER";
        append_literal(out, mime::header_block(content));
        return;
      case FetchKind::rfc822_text:
        out += "RFC822.TEXT";
        append_literal(out, content.substr(mime::header_block(content).size()));
        return;
      case FetchKind::section: append_section(out, item.section, m); return;
    }
  }

  const Command& command_;
  const SelectedMailbox& mailbox_;
  bool condstore_;
  std::optional<mime::Part> tree_;
  std::vector<Segment> segments_;  // of the response being rendered  // the parsed message, for sections of the current one
};

// Sets \Seen on the targets that lack it; returns their UIDs.
asio::awaitable<std::set<std::int64_t>> mark_seen(Session& s, const std::vector<Target>& targets) {
  auto& mailbox = s.selected();
  auto mailbox_id = mailbox.id();
  auto mark = [mailbox_id, &targets](store::WriteTx& tx) {
    std::vector<std::pair<std::int64_t, std::int64_t>> changed;  // uid, modseq
    for (const auto& t : targets) {
      auto row = store::messages::find(tx.db, mailbox_id, t.uid);
      if (!row || (row->flags & store::kSeen)) continue;
      changed.emplace_back(t.uid, store::messages::set_flags(tx.db, mailbox_id, t.uid, row->flags | store::kSeen,
                                                             row->keywords));
    }
    if (!changed.empty()) tx.touch(mailbox_id);
    return changed;
  };
  auto changed = co_await s.store().write(mark);
  std::set<std::int64_t> uids;
  for (const auto& [uid, modseq] : changed) {
    mailbox.note_own_change(modseq);
    uids.insert(uid);
  }
  co_return uids;
}

// Sends RANGE of message UID piece by piece. False when the message went (expunged by
// another session meanwhile): its literal cannot be completed, so the connection closes.
asio::awaitable<bool> send_range(Session& s, std::int64_t mailbox_id, std::int64_t uid, ByteRange range) {
  for (std::int64_t sent = 0; sent < range.length;) {
    auto offset = range.offset + sent;
    auto max = static_cast<std::size_t>(std::min<std::int64_t>(range.length - sent, kPiece));
    auto read = [mailbox_id, uid, offset, max](store::Db& db) {
      return store::messages::read_piece(db, mailbox_id, uid, offset, max);
    };
    auto piece = co_await s.store().read(read);
    if (!piece || piece->empty()) co_return false;
    s.send(*piece);
    sent += static_cast<std::int64_t>(piece->size());
    co_await s.flush_if_large();
  }
  co_return true;
}

// One message's response, its streamed ranges read from the store as they go out.
asio::awaitable<void> send_response(Session& s, std::int64_t mailbox_id, std::int64_t uid,
                                    std::vector<Segment> segments) {
  for (auto& segment : segments) {
    s.send(segment.text);
    if (!segment.range) continue;
    bool complete = co_await send_range(s, mailbox_id, uid, *segment.range);
    if (!complete) {
      s.client_gone();
      co_return;
    }
  }
}

}  // namespace

asio::awaitable<Reply> on_fetch(Session& s, const Command& c) {
  const auto& a = c.args<FetchArguments>();
  auto& mailbox = s.selected();
  auto targets = resolve_targets(mailbox, a.set, c.uid);
  if (!targets) co_return bad(kInvalidSequence);
  auto plan = make_plan(a.items);
  bool asks_modseq =
      std::any_of(a.items.begin(), a.items.end(), [](const FetchItem& i) { return i.kind == FetchKind::modseq; });
  if (asks_modseq || a.changed_since) s.enable_condstore();  // RFC 7162 section 3.1
  if (a.vanished) {
    // RFC 7162 section 3.2.6: UID FETCH only, once QRESYNC is enabled.
    if (!c.uid) co_return bad("VANISHED is only valid in UID FETCH");
    if (!s.qresync()) co_return bad("VANISHED needs ENABLE QRESYNC first");
    auto mailbox_id = mailbox.id();
    auto since = *a.changed_since;
    auto query = [mailbox_id, since](store::Db& db) { return store::imap::vanished_since(db, mailbox_id, since); };
    auto runs = co_await s.store().read(query);
    auto uids = vanished_uid_set(runs, &a.set, mailbox);
    if (!uids.empty()) s.untagged("VANISHED (EARLIER) " + uids);
  }

  std::set<std::int64_t> seen_now;
  if (plan.sets_seen && !mailbox.read_only() && !targets->messages.empty())
    seen_now = co_await mark_seen(s, targets->messages);

  bool missing = targets->some_expunged;
  Renderer renderer(c, mailbox, s.condstore());
  auto mailbox_id = mailbox.id();
  const auto& list = targets->messages;
  for (std::size_t next = 0; next < list.size() && !s.ending();) {
    auto load = [mailbox_id, &list, next, &plan](store::Db& db) { return load_batch(db, mailbox_id, list, next, plan); };
    auto batch = co_await s.store().read(load);
    std::size_t found = 0;
    for (std::size_t i = next; i < next + batch.consumed; ++i) {
      if (found < batch.loaded.size() && batch.loaded[found].summary.uid == list[i].uid) {
        auto& m = batch.loaded[found++];
        // RFC 7162 section 3.1.4.1: only the messages changed since that mod-sequence.
        if (a.changed_since && m.summary.modseq <= *a.changed_since) continue;
        auto response = renderer.render(list[i].seq, m, seen_now.count(m.summary.uid) > 0);
        if (response.size() == 1) {
          s.send(response.front().text);
        } else {
          co_await send_response(s, mailbox_id, m.summary.uid, std::move(response));
        }
        co_await s.flush_if_large();
      } else {
        missing = true;
      }
    }
    next += batch.consumed;
  }
  // RFC 2180 section 4.1.2: messages expunged by another session cannot be fetched; a UID
  // FETCH just leaves them out (their EXPUNGE follows), a FETCH says so.
  if (missing && !c.uid) co_return no("Some of the requested messages no longer exist", "EXPUNGEISSUED");
  co_return ok(c.uid ? "UID FETCH completed" : "FETCH completed");
}

}  // namespace carteiro::imap::commands
