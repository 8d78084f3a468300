// The outbound client's SMTP reply parser (smtpwire/reply_parser.hpp) and EHLO reading
// (smtpwire/ehlo.hpp), fed one received line after another. Checked: a complete reply has
// a code of 200-599 and one line per line fed; an enhanced code is well-formed and of the
// reply's class; the parser stays within its limits; a malformed reply says why; the EHLO
// keywords of a positive reply parse without surprises, and the server's way of writing
// them reads back the same.
#include <cstdint>
#include <string>

#include "carteiro/smtpwire/ehlo.hpp"
#include "carteiro/smtpwire/reply_parser.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace carteiro::smtpwire;
  carteiro::fuzz::InputReader input(carteiro::fuzz::as_text(data, size));
  ReplyParser parser;
  std::size_t lines = 0;
  while (!input.empty()) {
    std::string_view line = input.line();
    enhanced_code_length(line);
    ++lines;
    auto status = parser.feed(line);
    if (status == ReplyParser::Status::malformed) {
      FUZZ_CHECK(!parser.error().empty());
      break;  // the client gives up the connection
    }
    FUZZ_CHECK(lines <= kMaxReplyLines);
    if (status == ReplyParser::Status::need_more) continue;
    Reply reply = parser.take();
    FUZZ_CHECK(reply.code >= 200 && reply.code <= 599);
    FUZZ_CHECK(reply.lines.size() == lines);
    lines = 0;
    if (!reply.enhanced.empty()) {
      FUZZ_CHECK(enhanced_code_length(reply.enhanced) == reply.enhanced.size());
      FUZZ_CHECK(reply.enhanced.front() == static_cast<char>('0' + reply.kind()));
    }
    std::string status_code = reply.status();
    FUZZ_CHECK(enhanced_code_length(status_code) == status_code.size() || reply.kind() == 3);
    std::string text = reply.text();
    FUZZ_CHECK(text.find_first_of(std::string_view("\r\n\0", 3)) == std::string::npos);
    if (reply.positive()) {
      Extensions extensions = parse_ehlo(reply);
      for (const std::string& mechanism : extensions.auth) FUZZ_CHECK(extensions.offers_auth(mechanism));
      Reply advertised{reply.code, "", {"mx.test"}};
      for (std::string& keyword : ehlo_keywords(extensions)) advertised.lines.push_back(std::move(keyword));
      FUZZ_CHECK(parse_ehlo(advertised) == extensions);
    }
  }
  return 0;
}
