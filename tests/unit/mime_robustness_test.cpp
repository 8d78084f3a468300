// Malformed, truncated, binary and oversized input: every entry point must return
// something well-formed, quickly, without crashing (run under ASan/UBSan).
#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "carteiro/mime/mime.hpp"

using namespace carteiro::mime;

namespace {

// Checks IMAP s-expression syntax: balanced parens, atoms, quoted strings with only \" and
// \\ escapes and no CR/LF/8-bit, literals whose count matches.
bool well_formed(std::string_view s) {
  int depth = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '(') {
      ++depth;
      ++i;
    } else if (c == ')') {
      if (--depth < 0) return false;
      ++i;
    } else if (c == ' ') {
      ++i;
    } else if (c == '"') {
      ++i;
      while (true) {
        if (i >= s.size()) return false;
        auto k = static_cast<unsigned char>(s[i]);
        if (k == '"') break;
        if (k == '\r' || k == '\n' || k >= 0x80 || k == 0) return false;
        if (k == '\\') {
          if (i + 1 >= s.size() || (s[i + 1] != '"' && s[i + 1] != '\\')) return false;
          ++i;
        }
        ++i;
      }
      ++i;
    } else if (c == '{') {
      std::size_t close = s.find("}\r\n", i);
      if (close == std::string_view::npos) return false;
      std::size_t n = std::stoul(std::string(s.substr(i + 1, close - i - 1)));
      i = close + 3 + n;
      if (i > s.size()) return false;
      if (s.substr(close + 3, n).find('\0') != std::string_view::npos) return false;
    } else if (s.substr(i, 3) == "NIL") {
      i += 3;
    } else if (c >= '0' && c <= '9') {
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    } else {
      return false;
    }
  }
  return depth == 0;
}

struct Random {
  std::uint64_t state;
  std::uint64_t next() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
};

// Runs every entry point on M and checks the IMAP strings are well-formed.
void exercise(std::string_view m) {
  Summary s = summarize(m);
  CHECK(s.header_size <= static_cast<std::int64_t>(m.size()));
  CHECK(well_formed(s.envelope));
  CHECK(well_formed(s.bodystructure));
  CHECK(well_formed(s.body));
  for (std::vector<unsigned> part : {std::vector<unsigned>{}, {1}, {2}, {1, 1}, {2, 1, 3}}) {
    for (SectionText t : {SectionText::none, SectionText::header, SectionText::header_fields,
                          SectionText::text, SectionText::mime}) {
      std::string octets = extract_section(m, Section{part, t, {"subject", "from"}});
      CHECK(octets.size() <= m.size() + 2);
    }
  }
  (void)body_text(m);
  (void)header_text(m, "subject");
  (void)parse_date(m);
  (void)decode_words(m);
  (void)parse_address_list(m);
  (void)contains_ci(m, "needle");
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("the s-expression checker itself") {
  CHECK(well_formed("(\"a\" NIL 12 {3}\r\nabc (\"\\\"\"))"));
  CHECK_FALSE(well_formed("(\"a\""));
  CHECK_FALSE(well_formed("(\"a\r\"))"));
  CHECK_FALSE(well_formed("({5}\r\nabc)"));
}

TEST_CASE("random bytes") {
  Random rng{0x9E3779B97F4A7C15ull};
  for (int round = 0; round < 200; ++round) {
    std::string m(rng.below(3000), '\0');
    for (char& c : m) c = static_cast<char>(rng.next());
    exercise(m);
  }
}

TEST_CASE("random recombinations of MIME-looking lines") {
  const char* pieces[] = {
      "Content-Type: multipart/mixed; boundary=b\r\n", "Content-Type: message/rfc822\r\n",
      "Content-Type: multipart/digest; boundary=\"b\"\r\n", "Content-Type: text/plain; charset*0*=utf-8''%C3; charset*1=x\r\n",
      "--b\r\n", "--b--\r\n", "\r\n", "\n", "From: \"a\" <b@c>, g: d@e;\r\n", "Subject: =?utf-8?b?w6k=?=\r\n",
      "Content-Transfer-Encoding: base64\r\n", "body text\r\n", " folded\r\n", "\0\xFF\xC3\r",
      "Content-Disposition: attachment; filename*=x''%ZZ\r\n", "To: <@a:b@c>, (x\r\n", "=?\r\n"};
  Random rng{42};
  for (int round = 0; round < 500; ++round) {
    std::string m;
    std::size_t n = rng.below(40);
    for (std::size_t i = 0; i < n; ++i) {
      std::size_t k = rng.below(std::size(pieces));
      m.append(pieces[k], k == 13 ? 4 : std::char_traits<char>::length(pieces[k]));
    }
    exercise(m);
    // Every truncation of a MIME message must parse too.
    if (round % 50 == 0)
      for (std::size_t cut = 0; cut < m.size(); cut += 7) exercise(std::string_view(m).substr(0, cut));
  }
}

TEST_CASE("NUL bytes and 8-bit headers") {
  std::string m = std::string("Subject: a\0b\r\nFrom: \xC3\xA9 <x@y>\r\n\r\n\0\0\0", 35);
  exercise(m);
  Summary s = summarize(m);
  CHECK(s.envelope.find("{5}\r\na\xEF\xBF\xBD" "b") != std::string::npos);
}

TEST_CASE("deep multipart nesting stops at the depth limit") {
  std::string m;
  for (int i = 0; i < 1000; ++i) m += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\r\n\r\n--b" + std::to_string(i) + "\r\n";
  m += "\r\nleaf\r\n";
  auto start = std::chrono::steady_clock::now();
  exercise(m);
  Summary s = summarize(m);
  CHECK(s.body.find("\"application\" \"octet-stream\"") != std::string::npos);
  CHECK(seconds_since(start) < 5);
}

TEST_CASE("deep message/rfc822 nesting stops at the depth limit") {
  std::string m;
  for (int i = 0; i < 5000; ++i) m += "Content-Type: message/rfc822\r\n\r\n";
  m += "Subject: core\r\n\r\nbody\r\n";
  auto start = std::chrono::steady_clock::now();
  exercise(m);
  CHECK(seconds_since(start) < 5);
}

TEST_CASE("a huge header line and a huge folded field") {
  std::string m = "Subject: " + std::string(4 << 20, 'x') + "\r\nTo: ";
  for (int i = 0; i < 20000; ++i) m += "a" + std::to_string(i) + "@b,\r\n ";
  m += "\r\n\r\nbody\r\n";
  auto start = std::chrono::steady_clock::now();
  Summary s = summarize(m);
  CHECK(well_formed(s.envelope));
  CHECK(s.envelope.find("{4194304}\r\n") != std::string::npos);
  CHECK(seconds_since(start) < 5);
}

TEST_CASE("many parts are bounded") {
  std::string m = "Content-Type: multipart/mixed; boundary=b\r\n\r\n";
  for (int i = 0; i < 50000; ++i) m += "--b\r\n\r\nx\r\n";
  auto start = std::chrono::steady_clock::now();
  Part root = parse_structure(m);
  CHECK(root.children.size() == kMaxParts);
  Summary s = summarize(m);
  CHECK(well_formed(s.bodystructure));
  CHECK(seconds_since(start) < 10);
}

TEST_CASE("pathological encoded words, comments, quotes and boundaries stay linear") {
  std::string words;
  for (int i = 0; i < 200000; ++i) words += "=?";
  std::string parens(200000, '(');
  std::string quotes = "Subject: x\r\nTo: " + std::string(200000, '"') + "\r\n\r\n";
  std::string dashes = "Content-Type: multipart/mixed; boundary=\"" + std::string(60, '-') + "\"\r\n\r\n" +
                       std::string(2 << 20, '-');
  auto start = std::chrono::steady_clock::now();
  CHECK(decode_words(words) == words);
  (void)parse_address_list(parens);
  (void)parse_content_type("text/plain; a=" + parens);
  (void)parse_date(parens);
  exercise(quotes);
  exercise(dashes);
  CHECK(seconds_since(start) < 5);
}
