#include "carteiro/imap/search.hpp"

#include <algorithm>

#include "carteiro/common/strings.hpp"
#include "carteiro/imap/flags.hpp"
#include "carteiro/mime/address_list.hpp"
#include "carteiro/mime/date.hpp"
#include "carteiro/mime/decode.hpp"
#include "carteiro/mime/header.hpp"
#include "carteiro/mime/search_text.hpp"
#include "carteiro/store/messages.hpp"

namespace carteiro::imap {

const std::string& SearchMessage::content() {
  if (!content_) content_ = load ? load() : std::string();
  return *content_;
}

const std::string& SearchMessage::body_text() {
  if (!body_text_) body_text_ = mime::body_text(content());
  return *body_text_;
}

namespace {
using Kind = SearchKey::Kind;

std::int64_t day_of(std::int64_t unix_seconds) {
  return unix_seconds >= 0 ? unix_seconds / 86400 : (unix_seconds - 86399) / 86400;
}

bool has_keyword(std::string_view stored, std::string_view keyword) {
  auto list = split_keywords(stored);
  return std::any_of(list.begin(), list.end(), [&](const std::string& k) { return iequals(k, keyword); });
}

bool header_contains(SearchMessage& m, std::string_view field, std::string_view value) {
  if (value.empty()) return mime::first_header(m.content(), field).has_value();  // present at all
  return mime::contains_ci(mime::header_text(m.content(), field), value);
}

// FROM, TO, CC and BCC look in "the envelope structure's" field (RFC 3501 section 6.4.4):
// in each address on its own, its display name (decoded) and its address as local@domain
// with the comments and blanks the syntax allows inside it removed. So
// "<user (comment)@ (comment) example.org>" matches FROM user@example.org, and text that
// spans two addresses of a list matches neither. A field with no address that parses is
// looked at as text.
bool address_contains(SearchMessage& m, std::string_view field, std::string_view value) {
  if (value.empty()) return mime::first_header(m.content(), field).has_value();
  bool any_address = false;
  for (const auto& f : mime::parse_header(mime::header_block(m.content()))) {
    if (!iequals(f.name, field)) continue;
    for (const auto& a : mime::parse_address_list(f.value)) {
      if (a.group_end()) continue;
      any_address = true;
      if (a.name && mime::contains_ci(mime::decode_words(*a.name), value)) return true;
      if (a.group_start()) {
        if (mime::contains_ci(*a.mailbox, value)) return true;
        continue;
      }
      std::string address = a.mailbox.value_or("");
      if (a.host && !a.host->empty()) address += "@" + *a.host;
      if (mime::contains_ci(address, value)) return true;
    }
  }
  return !any_address && header_contains(m, field, value);
}

// TEXT: the header (with encoded words decoded) or the body.
bool text_contains(SearchMessage& m, std::string_view value) {
  auto header = mime::header_block(m.content());
  if (mime::contains_ci(header, value) || mime::contains_ci(mime::decode_words(header), value)) return true;
  return mime::contains_ci(m.body_text(), value);
}

// RFC 3501 section 6.4.4: the Date: header's date "disregarding time and timezone", i.e.
// the calendar date as the sender wrote it.
std::optional<std::int64_t> sent_day(SearchMessage& m) {
  auto date = mime::first_header(m.content(), "Date");
  if (!date) return std::nullopt;
  auto when = mime::parse_date_time(*date);
  if (!when) return std::nullopt;
  return when->local_day();
}

bool compare_day(std::optional<std::int64_t> day, Kind kind, std::int64_t wanted) {
  if (!day) return false;
  switch (kind) {
    case Kind::before: case Kind::sentbefore: return *day < wanted;
    case Kind::on: case Kind::senton: return *day == wanted;
    default: return *day >= wanted;  // SINCE, SENTSINCE
  }
}
}  // namespace

bool search_matches(const SearchKey& key, SearchMessage& m, const SearchScope& scope) {
  switch (key.kind) {
    case Kind::all: return true;
    case Kind::and_:
      return std::all_of(key.children.begin(), key.children.end(),
                         [&](const SearchKey& k) { return search_matches(k, m, scope); });
    case Kind::or_: return search_matches(key.children[0], m, scope) || search_matches(key.children[1], m, scope);
    case Kind::not_: return !search_matches(key.children[0], m, scope);
    case Kind::sequence: return key.set.contains(m.seq, scope.exists);
    case Kind::uid: return key.set.contains(static_cast<std::uint32_t>(m.uid), static_cast<std::uint32_t>(scope.max_uid));

    case Kind::answered: return m.flags & store::kAnswered;
    case Kind::deleted: return m.flags & store::kDeleted;
    case Kind::draft: return m.flags & store::kDraft;
    case Kind::flagged: return m.flags & store::kFlagged;
    case Kind::seen: return m.flags & store::kSeen;
    case Kind::unanswered: return !(m.flags & store::kAnswered);
    case Kind::undeleted: return !(m.flags & store::kDeleted);
    case Kind::undraft: return !(m.flags & store::kDraft);
    case Kind::unflagged: return !(m.flags & store::kFlagged);
    case Kind::unseen: return !(m.flags & store::kSeen);
    case Kind::recent: return m.recent;
    case Kind::new_: return m.recent && !(m.flags & store::kSeen);
    case Kind::old: return !m.recent;
    case Kind::keyword: return has_keyword(m.keywords, key.value);
    case Kind::unkeyword: return !has_keyword(m.keywords, key.value);

    case Kind::larger: return m.size > key.number;
    case Kind::smaller: return m.size < key.number;
    case Kind::before: case Kind::on: case Kind::since:
      // "disregarding time and timezone" (section 6.4.4): the day in the date's own zone.
      return compare_day(day_of(m.internaldate + m.internaldate_zone * 60), key.kind, key.number);
    case Kind::sentbefore: case Kind::senton: case Kind::sentsince:
      return compare_day(sent_day(m), key.kind, key.number);
    case Kind::modseq: return m.modseq >= key.number;

    case Kind::bcc: return address_contains(m, "Bcc", key.value);
    case Kind::cc: return address_contains(m, "Cc", key.value);
    case Kind::from: return address_contains(m, "From", key.value);
    case Kind::to: return address_contains(m, "To", key.value);
    case Kind::subject: return header_contains(m, "Subject", key.value);
    case Kind::header: return header_contains(m, key.field, key.value);
    case Kind::body: return mime::contains_ci(m.body_text(), key.value);
    case Kind::text: return text_contains(m, key.value);
  }
  return false;
}

bool uses_modseq(const SearchKey& key) {
  if (key.kind == Kind::modseq) return true;
  return std::any_of(key.children.begin(), key.children.end(), [](const SearchKey& k) { return uses_modseq(k); });
}

}  // namespace carteiro::imap
