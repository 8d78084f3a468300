#include <fmt/format.h>

#include "carteiro/common/strings.hpp"
#include "parser/rules.hpp"

namespace carteiro::imap::parser {

namespace {
constexpr std::size_t kMaxPartDepth = 32;
constexpr std::size_t kMaxHeaderFields = 256;

bool is_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.';
}

// The keyword at the cursor ("BODY.PEEK", "RFC822.SIZE"), upper-cased; stops before '['.
std::string keyword(Reader& r) {
  std::string out;
  while (!r.at_end() && is_name_char(r.peek()) && out.size() < 32) out += r.take();
  if (out.empty()) throw SyntaxError("expected a fetch attribute");
  return to_upper(out);
}

// header-list = "(" header-fld-name *(SP header-fld-name) ")" ; header-fld-name = astring
std::vector<std::string> header_list(Reader& r) {
  std::vector<std::string> fields;
  r.expect('(', "'(' starting the header field list");
  do {
    if (fields.size() >= kMaxHeaderFields) throw SyntaxError("too many header fields");
    fields.push_back(r.astring());
  } while (r.accept(" "));
  r.expect(')', "')' closing the header field list");
  return fields;
}

// section-msgtext = "HEADER" / "HEADER.FIELDS" [".NOT"] SP header-list / "TEXT"
// section-text = section-msgtext / "MIME"   (MIME only after a part number)
void section_text(Reader& r, BodySection& s, bool after_part) {
  if (r.accept("HEADER.FIELDS.NOT")) {
    s.text = SectionText::header_fields_not;
  } else if (r.accept("HEADER.FIELDS")) {
    s.text = SectionText::header_fields;
  } else if (r.accept("HEADER")) {
    s.text = SectionText::header;
    return;
  } else if (r.accept("TEXT")) {
    s.text = SectionText::text;
    return;
  } else if (after_part && r.accept("MIME")) {
    s.text = SectionText::mime;
    return;
  } else {
    throw SyntaxError("expected HEADER, HEADER.FIELDS, HEADER.FIELDS.NOT, TEXT or MIME in the section");
  }
  r.sp();
  s.fields = header_list(r);
}

// The section as the reply repeats it: "1.2.HEADER.FIELDS (From To)".
std::string section_spec_text(const BodySection& s) {
  std::string out;
  for (auto p : s.part) out += (out.empty() ? "" : ".") + std::to_string(p);
  const char* name = nullptr;
  switch (s.text) {
    case SectionText::none: return out;
    case SectionText::header: name = "HEADER"; break;
    case SectionText::header_fields: name = "HEADER.FIELDS"; break;
    case SectionText::header_fields_not: name = "HEADER.FIELDS.NOT"; break;
    case SectionText::text: name = "TEXT"; break;
    case SectionText::mime: name = "MIME"; break;
  }
  out += (out.empty() ? "" : ".") + std::string(name);
  if (!s.fields.empty()) {
    out += " (";
    for (std::size_t i = 0; i < s.fields.size(); ++i) out += (i ? " " : "") + s.fields[i];
    out += ")";
  }
  return out;
}

// section = "[" [section-spec] "]"
// section-spec = section-msgtext / (section-part ["." section-text])
// section-part = nz-number *("." nz-number)
void section(Reader& r, BodySection& s) {
  r.expect('[', "'['");
  if (r.peek_digit()) {
    for (;;) {
      if (s.part.size() >= kMaxPartDepth) throw SyntaxError("section part nested too deeply");
      s.part.push_back(r.nz_number());
      if (!r.accept(".")) break;
      if (!r.peek_digit()) {
        section_text(r, s, true);
        break;
      }
    }
  } else if (!r.peek_is(']')) {
    section_text(r, s, false);
  }
  r.expect(']', "']' closing the section");
  s.spec = section_spec_text(s);
}

// ["<" number "." nz-number ">"]
void partial(Reader& r, BodySection& s) {
  if (!r.accept("<")) return;
  s.partial_offset = r.number();
  r.expect('.', "'.' in the partial range <offset.length>");
  s.partial_length = r.nz_number();
  r.expect('>', "'>' closing the partial range");
}

// fetch-att = "ENVELOPE" / "FLAGS" / "INTERNALDATE" / "RFC822" [".HEADER" / ".SIZE" / ".TEXT"] /
//             "BODY" ["STRUCTURE"] / "UID" / "BODY" section ["<" number "." nz-number ">"] /
//             "BODY.PEEK" section ["<" number "." nz-number ">"]
// plus "MODSEQ" (RFC 7162 section 3.1.4.1)
FetchItem fetch_att(Reader& r) {
  auto name = keyword(r);
  FetchItem item;
  if (name == "BODY" || name == "BODY.PEEK") {
    if (!r.peek_is('[')) {
      if (name == "BODY.PEEK") throw SyntaxError("BODY.PEEK needs a section: BODY.PEEK[...]");
      item.kind = FetchKind::body;
      return item;
    }
    item.kind = FetchKind::section;
    item.section.peek = name == "BODY.PEEK";
    section(r, item.section);
    partial(r, item.section);
    return item;
  }
  static constexpr std::pair<std::string_view, FetchKind> kSimple[] = {
      {"ENVELOPE", FetchKind::envelope},         {"FLAGS", FetchKind::flags},
      {"INTERNALDATE", FetchKind::internaldate}, {"RFC822", FetchKind::rfc822},
      {"RFC822.HEADER", FetchKind::rfc822_header}, {"RFC822.SIZE", FetchKind::rfc822_size},
      {"RFC822.TEXT", FetchKind::rfc822_text},   {"BODYSTRUCTURE", FetchKind::bodystructure},
      {"UID", FetchKind::uid},                   {"MODSEQ", FetchKind::modseq},
  };
  for (const auto& [text, kind] : kSimple) {
    if (name == text) {
      item.kind = kind;
      return item;
    }
  }
  throw SyntaxError(fmt::format("unknown fetch attribute {}", name));
}

std::vector<FetchItem> macro(std::initializer_list<FetchKind> kinds) {
  std::vector<FetchItem> items;
  for (auto k : kinds) items.push_back(FetchItem{k, {}});
  return items;
}
}  // namespace

// ("ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att *(SP fetch-att) ")")
std::vector<FetchItem> fetch_attributes(Reader& r) {
  std::vector<FetchItem> items;
  if (r.accept("(")) {
    do items.push_back(fetch_att(r));
    while (r.accept(" "));
    r.expect(')', "')' closing the fetch attribute list");
    return items;
  }
  // Macros (RFC 3501 section 6.4.5), only valid alone.
  Reader probe = r;
  auto name = keyword(probe);
  using enum FetchKind;
  if (name == "ALL" || name == "FAST" || name == "FULL") {
    r = probe;
    if (name == "FAST") return macro({flags, internaldate, rfc822_size});
    if (name == "ALL") return macro({flags, internaldate, rfc822_size, envelope});
    return macro({flags, internaldate, rfc822_size, envelope, body});
  }
  items.push_back(fetch_att(r));
  return items;
}

}  // namespace carteiro::imap::parser
