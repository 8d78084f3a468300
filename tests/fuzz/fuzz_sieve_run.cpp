// sieve::run (run.hpp) on any message, and on any script that compiles: it never crashes,
// always ends, and its result keeps the rules of RFC 5228 section 2.10: at least one
// action, a lone Keep after a run-time error, no more redirects than the limit, an edited
// header that ends in the empty line. The first input byte chooses: even, the input after
// it is a message for a script that uses every test; odd, it is a script run on a sample.
#include <cstdint>
#include <string>

#include "carteiro/sieve/compile.hpp"
#include "carteiro/sieve/run.hpp"
#include "fuzz_support.hpp"

namespace {

constexpr std::string_view kEveryTest = R"sieve(require ["fileinto", "reject", "envelope", "imap4flags", "copy",
  "body", "variables", "vacation", "relational", "subaddress", "date", "index", "mailbox",
  "duplicate", "editheader", "comparator-i;ascii-numeric"];
if header :matches "Subject" "*[*]*?" { set :lower :upperfirst "tag" "${2}"; addflag "$${tag}"; }
if address :detail :matches ["To", "Cc", "From"] "*" { fileinto :copy "plus/${1}"; }
if address :count "ge" :comparator "i;ascii-numeric" ["to", "cc"] "3" { addflag "\\Flagged"; }
if date :index 1 :last :zone "+0200" :matches "received" "iso8601" "*" { set "when" "${0}"; }
if date :originalzone :value "lt" "date" "hour" "09" { addflag "early"; }
if body :content ["text", "message/rfc822"] :contains "unsubscribe" { fileinto "lists"; }
if body :raw :matches "*--*--*" { addheader :last "X-Parts" "${2}"; }
if envelope :domain :is "from" "" { discard; }
if header :value "gt" :comparator "i;ascii-numeric" "X-Spam-Score" "5" { fileinto :create "Junk"; }
if duplicate :seconds 60 { discard; stop; }
deleteheader :index 1 :contains "X-Spam-Score" "";
if exists "List-Id" { vacation :days 1 "away"; }
if size :over 100K { redirect "big@example.org"; }
if hasflag :count "ge" :comparator "i;ascii-numeric" "2" { keep; }
)sieve";

constexpr std::string_view kSample =
    "Received: from a by b; Tue, 15 Jan 2008 10:20:30 +0100\r\n"
    "Date: Tue, 15 Jan 2008 10:20:30 +0100\r\n"
    "From: Someone <some+one@example.org>\r\n"
    "To: x@example.org, group: y@example.org;\r\n"
    "Subject: [list] hello\r\n"
    "Message-ID: <1@example.org>\r\n"
    "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
    "--b\r\nContent-Type: text/plain\r\n\r\nunsubscribe\r\n--b--\r\n";

struct Environment : carteiro::sieve::Environment {
  bool mailbox_exists(std::string_view name) override { return name.size() % 2 == 0; }
  bool duplicate_seen(std::string_view key) override { return key.size() % 3 == 0; }
};

void check_run(const carteiro::sieve::Script& script, std::string_view message,
               const carteiro::sieve::Limits& limits) {
  carteiro::sieve::MessageInput input;
  input.message = message;
  input.envelope_from = "sender@example.org";
  input.envelope_to = "x+tag@example.org";
  input.now = 1200388830;
  Environment environment;
  auto result = carteiro::sieve::run(script, input, environment, limits);
  FUZZ_CHECK(!result.actions.empty());
  if (result.error) {
    FUZZ_CHECK(result.actions.size() == 1);
    FUZZ_CHECK(std::holds_alternative<carteiro::sieve::Keep>(result.actions[0]));
    FUZZ_CHECK(!result.edited_header && result.duplicates.empty());
  }
  std::size_t redirects = 0;
  for (const auto& action : result.actions)
    if (std::holds_alternative<carteiro::sieve::Redirect>(action)) ++redirects;
  FUZZ_CHECK(redirects <= limits.max_redirects);
  if (result.edited_header) FUZZ_CHECK(result.edited_header->ends_with("\r\n"));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  carteiro::fuzz::InputReader reader(carteiro::fuzz::as_text(data, size));
  bool script_from_input = reader.flag();
  carteiro::sieve::Limits limits;
  limits.max_steps = 2000;
  std::string_view rest = reader.rest();
  auto compiled = carteiro::sieve::compile(script_from_input ? rest : kEveryTest, limits);
  if (!script_from_input) FUZZ_CHECK(static_cast<bool>(compiled));
  if (!compiled) return 0;
  check_run(*compiled.script, script_from_input ? kSample : rest, limits);
  return 0;
}
