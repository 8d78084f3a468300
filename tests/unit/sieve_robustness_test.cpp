// compile() on malformed input: truncated, binary, not UTF-8, oversized. It always
// answers with a script or one error at a position inside the text, and never crashes.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "sieve_test_support.hpp"

using namespace carteiro::sieve;

namespace {

// Every command, test and string form the language has, in one script.
constexpr std::string_view kSample = R"sieve(require ["fileinto", "reject", "envelope", "encoded-character",
  "imap4flags", "copy", "body", "variables", "vacation", "vacation-seconds", "relational",
  "subaddress", "date", "index", "mailbox", "duplicate", "editheader", "ereject",
  "comparator-i;ascii-numeric"];
# a comment
/* a bracket
   comment */
if allof (header :contains :comparator "i;octet" "Subject" "${hex:41 42}",
          not address :localpart :is :index 1 :last "From" "bob",
          envelope :detail "to" "tag", size :over 10K, exists ["To", "Cc"],
          body :content ["text/plain"] :matches "*x*",
          date :value "ge" :zone "+0100" "date" "year" "2024",
          currentdate :count "ge" :comparator "i;ascii-numeric" "hour" "1",
          string :is "${a}" "", hasflag "\\Seen", mailboxexists "INBOX",
          duplicate :header "Message-ID" :seconds 60, true) {
  set :lower :upperfirst "a" "${1}";
  setflag "flags" ["\\Seen", "$Work"];
  fileinto :copy :create :flags "${flags}" "INBOX.${a}";
  redirect :copy "bob@example.com";
  vacation :seconds 60 :subject "Away" :addresses ["a@example.com"] :handle "h" text:
I am away.
..dot
.
;
  addheader :last "X-Seen" "yes";
  deleteheader :index 1 :is "X-Spam" ["yes"];
} elsif anyof (false, true) { reject "no"; } else { ereject "no"; discard; stop; }
keep :flags "\\Flagged";
)sieve";

// The offset of an error's position in TEXT; it may point just past the end.
std::size_t offset_of(std::string_view text, const CompileError& error) {
  std::size_t start = 0;
  for (std::size_t line = 1; line < error.line; ++line) {
    auto lf = text.find('\n', start);
    REQUIRE(lf != std::string_view::npos);
    start = lf + 1;
  }
  return start + error.column - 1;
}

// Compiles TEXT and checks the answer is well formed; true when it compiled.
bool compiles(std::string_view text, const Limits& limits = {}) {
  auto result = compile(text, limits);
  REQUIRE(static_cast<bool>(result) != result.error.has_value());
  if (result) return true;
  CHECK(!result.error->message.empty());
  CHECK(result.error->column >= 1);
  CHECK(offset_of(text, *result.error) <= text.size());
  return false;
}

// splitmix64, so the same bytes every run.
std::uint64_t next_random(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

}  // namespace

TEST_CASE("sieve robustness: the sample script compiles, and so does its CRLF form") {
  CHECK(carteiro::test::sieve_error_of(kSample) == "");
  std::string crlf;
  for (char c : kSample) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  CHECK(carteiro::test::sieve_error_of(crlf) == "");
}

TEST_CASE("sieve robustness: the sample cut at every length") {
  std::size_t compiled = 0;
  for (std::size_t length = 0; length <= kSample.size(); ++length)
    compiled += compiles(kSample.substr(0, length)) ? 1 : 0;
  // The empty script, the requires alone and the whole script at least.
  CHECK(compiled >= 3);
}

TEST_CASE("sieve robustness: each octet of the sample replaced by a troublesome one") {
  constexpr std::string_view kOctets("\0\r\n\"\\{}[]();:,#*/.$\x80\xff", 22);
  std::string text(kSample);
  for (std::size_t i = 0; i < text.size(); i += 3) {
    char original = text[i];
    text[i] = kOctets[i % kOctets.size()];
    compiles(text);
    text[i] = original;
  }
}

TEST_CASE("sieve robustness: binary and random input") {
  std::uint64_t state = 13;
  for (int round = 0; round < 300; ++round) {
    std::string bytes(next_random(state) % 200, '\0');
    for (auto& b : bytes) b = static_cast<char>(next_random(state));
    compiles(bytes);
    // Random printable ASCII from the language's alphabet gets further into the parser.
    std::string ascii(next_random(state) % 200, ' ');
    constexpr std::string_view kAlphabet = "ifkeep :is \"a\" [],(){};\n#10K text:.\\";
    for (auto& c : ascii) c = kAlphabet[next_random(state) % kAlphabet.size()];
    compiles(ascii);
  }
}

TEST_CASE("sieve robustness: invalid UTF-8 anywhere is refused where it starts") {
  CHECK(carteiro::test::sieve_error_of("keep;\n# caf\xc3\n") ==
        "line 2, column 6: invalid UTF-8 (a script is UTF-8 text)");
  CHECK(carteiro::test::sieve_error_of("require \"fileinto\";\nfileinto \"\xc0\xaf\";") ==
        "line 2, column 11: invalid UTF-8 (a script is UTF-8 text)");
  CHECK(carteiro::test::sieve_error_of("/* \xf4\x90\x80\x80 */") ==
        "line 1, column 4: invalid UTF-8 (a script is UTF-8 text)");
  CHECK(carteiro::test::sieve_error_of("require \"fileinto\";\nfileinto \"caf\xc3\xa9\";") == "");
}

TEST_CASE("sieve robustness: oversized scripts and oversized parts") {
  CHECK(carteiro::test::sieve_error_of(std::string(70000, '#')) ==
        "line 1, column 1: script is 70000 octets, over the limit of 65536");
  Limits large;
  large.max_script_size = 2'000'000;
  std::string many = "require \"fileinto\";\n";
  while (many.size() < 200'000) many += "fileinto \"x\";\n";
  CHECK(compiles(many, large));
  std::string long_string = "require \"reject\"; reject \"" + std::string(1'000'000, 'x') + "\";";
  CHECK(compiles(long_string, large));
  std::string long_list = "if header \"a\" [\"x\"";
  for (int i = 0; i < 50000; ++i) long_list += ", \"x\"";
  CHECK(compiles(long_list + "] { keep; }", large));
}
