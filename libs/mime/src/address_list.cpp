// RFC 5322 section 3.4 address-list, leniently: mailboxes, angle addresses with obsolete
// routes (section 4.4), groups, and the "addr@host (Name)" form of old mailers.
#include "carteiro/mime/address_list.hpp"

#include <cstring>

#include "lexer.hpp"

namespace carteiro::mime {

namespace {

// atext plus '.', and 8-bit bytes (RFC 6532 UTF-8 and raw Latin-1 names); a phrase or
// local-part made of dot-separated atoms is read as one word.
bool is_atom_char(char ch) {
  auto c = static_cast<unsigned char>(ch);
  if (c >= 128) return true;
  if (c <= 32 || c == 127) return false;
  return std::strchr("()<>[]:;@\\,\"", ch) == nullptr;
}

std::string read_atom(lex::Cursor& c) {
  std::size_t start = c.pos;
  while (!c.done() && is_atom_char(c.peek())) ++c.pos;
  return std::string(c.text.substr(start, c.pos - start));
}

std::string join(const std::vector<std::string>& words, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i) out += sep;
    out += words[i];
  }
  return out;
}

// Words of a phrase or local-part: atoms and quoted strings (RFC 5322 section 3.2.5).
std::vector<std::string> read_words(lex::Cursor& c, std::string* comment) {
  std::vector<std::string> words;
  while (true) {
    lex::skip_cfws(c, comment);
    if (c.peek() == '"')
      words.push_back(lex::read_quoted(c));
    else if (!c.done() && is_atom_char(c.peek()))
      words.push_back(read_atom(c));
    else
      return words;
  }
}

// RFC 5322 section 3.4.1 domain: dot-atom or domain-literal, kept as written.
std::string read_domain(lex::Cursor& c, std::string* comment) {
  std::string domain;
  while (true) {
    lex::skip_cfws(c, comment);
    if (c.peek() == '[') {
      std::size_t end = c.text.find(']', c.pos);
      end = end == std::string_view::npos ? c.text.size() : end + 1;
      domain += c.text.substr(c.pos, end - c.pos);
      c.pos = end;
    } else if (!c.done() && is_atom_char(c.peek())) {
      domain += read_atom(c);
    } else {
      return domain;
    }
  }
}

void push_address(std::vector<EnvelopeAddress>& out, std::optional<std::string> name,
                  std::optional<std::string> route, std::string mailbox, std::string host) {
  if (mailbox.empty() && host.empty()) return;  // "<>" and the like carry no address
  out.push_back({std::move(name), std::move(route), std::move(mailbox), std::move(host)});
}

// angle-addr after '<': [obs-route] local-part "@" domain ">".
void read_angle_addr(lex::Cursor& c, std::optional<std::string> name,
                     std::vector<EnvelopeAddress>& out) {
  ++c.pos;
  lex::skip_cfws(c);
  std::optional<std::string> route;
  if (c.peek() == '@') {  // section 4.4 obs-route: "@a,@b:"
    std::size_t close = c.text.find('>', c.pos);
    std::string_view inside = c.text.substr(c.pos, close == std::string_view::npos ? close : close - c.pos);
    std::size_t colon = inside.find(':');
    if (colon != std::string_view::npos) {
      std::string r;
      for (char ch : inside.substr(0, colon))
        if (!lex::is_wsp(ch)) r += ch;
      route = std::move(r);
      c.pos += colon + 1;
    }
  }
  std::string local = join(read_words(c, nullptr), "");
  std::string host;
  if (c.peek() == '@') {
    ++c.pos;
    host = read_domain(c, nullptr);
  }
  lex::skip_cfws(c);
  // Skip whatever garbage is left before the closing '>'.
  std::size_t close = c.text.find('>', c.pos);
  c.pos = close == std::string_view::npos ? c.text.size() : close + 1;
  push_address(out, std::move(name), std::move(route), std::move(local), std::move(host));
}

// One mailbox (or, when ALLOW_GROUP, a group) starting at the cursor.
void read_address(lex::Cursor& c, std::vector<EnvelopeAddress>& out, bool allow_group);

void read_group(lex::Cursor& c, std::string name, std::vector<EnvelopeAddress>& out) {
  ++c.pos;  // ':'
  out.push_back({std::nullopt, std::nullopt, std::move(name), std::nullopt});
  while (true) {
    lex::skip_cfws(c);
    if (c.done()) break;
    if (c.peek() == ';') {
      ++c.pos;
      break;
    }
    if (c.peek() == ',') {
      ++c.pos;
      continue;
    }
    read_address(c, out, false);
  }
  out.push_back({});
}

void read_address(lex::Cursor& c, std::vector<EnvelopeAddress>& out, bool allow_group) {
  std::size_t start = c.pos;
  std::string comment;
  std::vector<std::string> words = read_words(c, &comment);
  char next = c.peek();
  if (next == ':' && allow_group) {
    read_group(c, join(words, " "), out);
  } else if (next == '<') {
    std::optional<std::string> name;
    if (!words.empty()) name = join(words, " ");
    read_angle_addr(c, std::move(name), out);
  } else if (next == '@') {
    ++c.pos;
    std::string trailing;
    std::string host = read_domain(c, &trailing);
    std::optional<std::string> name;
    if (!trailing.empty()) name = std::move(trailing);  // "bob@example.org (Bob)"
    push_address(out, std::move(name), std::nullopt, join(words, ""), std::move(host));
  } else if (!words.empty()) {
    // A local part without a domain (e.g. "To: root"): host "" keeps it from looking like
    // a group marker.
    std::optional<std::string> name;
    if (!comment.empty()) name = std::move(comment);
    push_address(out, std::move(name), std::nullopt, join(words, ""), "");
  }
  if (c.pos == start && !c.done()) ++c.pos;  // always make progress over stray specials
}

}  // namespace

std::vector<EnvelopeAddress> parse_address_list(std::string_view value) {
  std::vector<EnvelopeAddress> out;
  lex::Cursor c{value};
  while (true) {
    lex::skip_cfws(c);
    if (c.done()) break;
    if (c.peek() == ',') {
      ++c.pos;
      continue;
    }
    read_address(c, out, true);
  }
  return out;
}

}  // namespace carteiro::mime
