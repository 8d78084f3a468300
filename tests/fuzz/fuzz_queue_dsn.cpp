// delivery::make_dsn (RFC 3464 delivery status notifications): whatever the returned message,
// the recipients and the diagnostics, the DSN parses with libs/mime as a multipart/report
// of three parts (text/plain, message/delivery-status, text/rfc822-headers), names every
// recipient in the first two, and returns the original header section unchanged in the
// third.
//
// Input: one byte for the kind and the recipient count, then per recipient four lines
// (address, status, remote MTA, diagnostic) and a byte choosing an SMTP or a local
// diagnostic; then the reporting host and the sender, one line each; the rest is the
// original message. Lines never hold a LF: the queue's addresses, host names and reply
// texts are single lines.
#include <cstdint>
#include <string>
#include <vector>

#include "carteiro/mime/structure.hpp"
#include "carteiro/delivery/dsn.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace carteiro;

constexpr std::size_t kMaxRecipients = 4;

// Undoes the folding of make_dsn's fields (RFC 5322 section 2.2.3: CRLF before a space).
std::string unfold(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 2 < text.size() && text[i + 1] == '\n' && (text[i + 2] == ' ' || text[i + 2] == '\t')) {
      ++i;
      continue;
    }
    out += text[i];
  }
  return out;
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::InputReader input(fuzz::as_text(data, size));
  std::uint8_t choice = input.byte();
  delivery::DsnInput dsn;
  dsn.kind = choice & 1 ? delivery::DsnKind::delay : delivery::DsnKind::failure;
  std::size_t recipients = 1 + (choice >> 1) % kMaxRecipients;
  for (std::size_t i = 0; i < recipients; ++i) {
    delivery::DsnRecipient r;
    r.address = input.line();
    r.status = input.line();
    r.remote_mta = input.line();
    r.diagnostic = input.line();
    r.smtp_diagnostic = input.flag();
    dsn.recipients.push_back(std::move(r));
  }
  dsn.reporting_mta = input.line();
  dsn.sender = input.line();
  dsn.message_id = "<dsn.1.2.0123456789abcdef@" + dsn.reporting_mta + ">";
  dsn.arrival_date = 1700000000;
  dsn.date = dsn.arrival_date + 3600;
  dsn.will_retry_until = dsn.arrival_date + 4 * 24 * 3600;
  std::string_view original = input.rest();
  dsn.original_headers = std::string(delivery::header_section(original));

  const std::string out = delivery::make_dsn(dsn);
  mime::Part top = mime::parse_structure(out);
  FUZZ_CHECK(top.type.type == "multipart" && top.type.subtype == "report");
  FUZZ_CHECK(top.children.size() == 3);
  const mime::Part& human = top.children[0];
  const mime::Part& status = top.children[1];
  const mime::Part& returned = top.children[2];
  FUZZ_CHECK(human.type.type == "text" && human.type.subtype == "plain");
  FUZZ_CHECK(status.type.type == "message" && status.type.subtype == "delivery-status");
  FUZZ_CHECK(returned.type.type == "text" && returned.type.subtype == "rfc822-headers");

  std::string human_text = unfold(human.body);
  std::string status_text = unfold(status.body);
  for (const auto& r : dsn.recipients) {
    FUZZ_CHECK(contains(human_text, "<" + r.address + ">: "));
    FUZZ_CHECK(contains(status_text, "Final-Recipient: rfc822; " + r.address + "\r\n"));
  }
  // The header section comes back as it was, with a line end added when it had none.
  std::string expected = dsn.original_headers;
  if (!expected.empty() && expected.back() != '\n') expected += "\r\n";
  FUZZ_CHECK(returned.body == expected);
  return 0;
}
