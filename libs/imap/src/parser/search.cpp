#include <fmt/format.h>

#include "carteiro/common/strings.hpp"
#include "parser/rules.hpp"

namespace carteiro::imap::parser {

namespace {
// Bounds on a client's search program: nesting (NOT NOT NOT ... would recurse) and size.
constexpr int kMaxSearchDepth = 32;
constexpr std::size_t kMaxSearchKeys = 1000;

using Kind = SearchKey::Kind;

struct KeyName {
  std::string_view name;
  Kind kind;
  enum Argument { none, string, date, number, keyword, header, key, two_keys, set, modseq } argument;
};

constexpr KeyName kKeys[] = {
    {"ALL", Kind::all, KeyName::none},
    {"ANSWERED", Kind::answered, KeyName::none},
    {"BCC", Kind::bcc, KeyName::string},
    {"BEFORE", Kind::before, KeyName::date},
    {"BODY", Kind::body, KeyName::string},
    {"CC", Kind::cc, KeyName::string},
    {"DELETED", Kind::deleted, KeyName::none},
    {"DRAFT", Kind::draft, KeyName::none},
    {"FLAGGED", Kind::flagged, KeyName::none},
    {"FROM", Kind::from, KeyName::string},
    {"HEADER", Kind::header, KeyName::header},
    {"KEYWORD", Kind::keyword, KeyName::keyword},
    {"LARGER", Kind::larger, KeyName::number},
    {"MODSEQ", Kind::modseq, KeyName::modseq},  // RFC 7162 section 3.1.5
    {"NEW", Kind::new_, KeyName::none},
    {"NOT", Kind::not_, KeyName::key},
    {"OLD", Kind::old, KeyName::none},
    {"ON", Kind::on, KeyName::date},
    {"OR", Kind::or_, KeyName::two_keys},
    {"RECENT", Kind::recent, KeyName::none},
    {"SEEN", Kind::seen, KeyName::none},
    {"SENTBEFORE", Kind::sentbefore, KeyName::date},
    {"SENTON", Kind::senton, KeyName::date},
    {"SENTSINCE", Kind::sentsince, KeyName::date},
    {"SINCE", Kind::since, KeyName::date},
    {"SMALLER", Kind::smaller, KeyName::number},
    {"SUBJECT", Kind::subject, KeyName::string},
    {"TEXT", Kind::text, KeyName::string},
    {"TO", Kind::to, KeyName::string},
    {"UID", Kind::uid, KeyName::set},
    {"UNANSWERED", Kind::unanswered, KeyName::none},
    {"UNDELETED", Kind::undeleted, KeyName::none},
    {"UNDRAFT", Kind::undraft, KeyName::none},
    {"UNFLAGGED", Kind::unflagged, KeyName::none},
    {"UNKEYWORD", Kind::unkeyword, KeyName::keyword},
    {"UNSEEN", Kind::unseen, KeyName::none},
};

class SearchParser {
 public:
  explicit SearchParser(Reader& r) : r_(r) {}

  // search-key (RFC 3501 section 9), see kKeys; plus sequence-set and
  // "(" search-key *(SP search-key) ")"
  SearchKey key(int depth) {
    if (depth > kMaxSearchDepth) throw SyntaxError("search keys nested too deeply");
    if (++count_ > kMaxSearchKeys) throw SyntaxError("too many search keys");
    SearchKey out;
    if (r_.accept("(")) {
      out.kind = Kind::and_;
      do out.children.push_back(key(depth + 1));
      while (r_.accept(" "));
      r_.expect(')', "')' closing the search key list");
      return out;
    }
    if (r_.peek_digit() || r_.peek_is('*')) {
      out.kind = Kind::sequence;
      out.set = sequence_set(r_);
      return out;
    }
    auto name = to_upper(r_.atom());
    for (const auto& k : kKeys) {
      if (k.name != name) continue;
      out.kind = k.kind;
      argument(out, k.argument, depth);
      return out;
    }
    throw SyntaxError(fmt::format("unknown search key {}", name));
  }

 private:
  void argument(SearchKey& out, KeyName::Argument argument, int depth) {
    if (argument == KeyName::none) return;
    r_.sp();
    switch (argument) {
      case KeyName::none: break;
      case KeyName::string: out.value = r_.astring(); break;
      case KeyName::date: out.number = date(r_); break;
      case KeyName::number: out.number = static_cast<std::int64_t>(r_.number64()); break;
      case KeyName::keyword: out.value = r_.atom(); break;  // flag-keyword = atom
      case KeyName::header:                                 // header-fld-name SP astring
        out.field = r_.astring();
        r_.sp();
        out.value = r_.astring();
        break;
      case KeyName::key: out.children.push_back(key(depth + 1)); break;
      case KeyName::two_keys:
        out.children.push_back(key(depth + 1));
        r_.sp();
        out.children.push_back(key(depth + 1));
        break;
      case KeyName::set: out.set = sequence_set(r_); break;
      case KeyName::modseq: out.number = modseq_criterion(); break;
    }
  }

  // search-modsequence = "MODSEQ" [search-modseq-ext] SP mod-sequence-valzer
  // search-modseq-ext = SP entry-name SP entry-type-req (RFC 7162 section 7). Mod-sequences
  // are kept per message, not per flag: the entry narrows nothing and is only checked.
  std::int64_t modseq_criterion() {
    if (r_.peek_is('"')) {
      auto entry = to_lower(r_.quoted());
      if (entry.rfind("/flags/", 0) != 0 || entry.size() == 7)
        throw SyntaxError("MODSEQ entry name must be \"/flags/<flag>\"");
      r_.sp();
      auto type = to_lower(r_.atom());
      if (type != "priv" && type != "shared" && type != "all")
        throw SyntaxError("MODSEQ entry type must be priv, shared or all");
      r_.sp();
    }
    return mod_sequence_valzer(r_);
  }

  Reader& r_;
  std::size_t count_ = 0;
};
}  // namespace

// search-key *(SP search-key), the keys of one SEARCH command, all of which must match.
SearchKey search_keys(Reader& r) {
  SearchParser parser(r);
  SearchKey all;
  all.kind = Kind::and_;
  do all.children.push_back(parser.key(1));
  while (r.accept(" "));
  return all;
}

}  // namespace carteiro::imap::parser
