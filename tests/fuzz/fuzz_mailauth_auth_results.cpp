// mailauth::claims_authserv_id and authentication_results_field (message_check.hpp): any
// field value is read without fault, and whatever a peer puts in HELO, MAIL FROM or a
// signature's tags, the field written stays one field: CRLF only at line ends, each
// continuation line starting with a tab.
#include <cstdint>
#include <string>

#include "carteiro/mailauth/message_check.hpp"
#include "fuzz_support.hpp"

using namespace carteiro::mailauth;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  carteiro::fuzz::InputReader input(carteiro::fuzz::as_text(data, size));
  auto id = std::string(input.line());
  MessageCheckInput check;
  check.helo = std::string(input.line());
  check.mail_from = std::string(input.line());
  MessageVerdict verdict;
  dkim::Result signature;
  signature.status = input.flag() ? dkim::Status::pass : dkim::Status::fail;
  signature.domain = std::string(input.line());
  signature.selector = std::string(input.line());
  signature.reason = std::string(input.line());
  signature.signature = std::string(input.line());
  verdict.dkim.push_back(signature);
  verdict.dmarc.result = input.flag() ? dmarc::Result::fail : dmarc::Result::permerror;
  verdict.dmarc.from_domain = std::string(input.line());
  verdict.dmarc.reason = std::string(input.line());
  auto rest = input.rest();
  claims_authserv_id(rest, id);

  auto field = authentication_results_field(id, check, verdict);
  FUZZ_CHECK(field.size() >= 2 && field.compare(field.size() - 2, 2, "\r\n") == 0);
  for (std::size_t i = 0; i < field.size(); ++i) {
    char c = field[i];
    if (c == '\r') FUZZ_CHECK(i + 1 < field.size() && field[i + 1] == '\n');
    if (c == '\n') FUZZ_CHECK(i > 0 && field[i - 1] == '\r' && (i + 1 == field.size() || field[i + 1] == '\t'));
    FUZZ_CHECK(c != '\0');
  }
  return 0;
}
