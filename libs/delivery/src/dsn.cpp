#include "carteiro/delivery/dsn.hpp"

#include "carteiro/common/strings.hpp"
#include "carteiro/common/time.hpp"
#include "carteiro/delivery/headers.hpp"

namespace carteiro::delivery {

namespace {

std::string human_part(const DsnInput& in) {
  std::string text = "This is the mail delivery system at " + in.reporting_mta + ".\r\n\r\n";
  if (in.kind == DsnKind::failure) {
    text += "Your message could not be delivered to the recipients below, for the\r\n"
            "reason given after each of them. Nothing more will be tried.\r\n\r\n";
  } else {
    text += "Your message has not been delivered yet to the recipients below. It\r\n"
            "is still in the queue and will be tried again until\r\n" +
            rfc5322_date(in.will_retry_until) +
            ". You do not need to send it again.\r\n\r\n";
  }
  for (const auto& r : in.recipients) {
    std::string line = "<" + r.address + ">: ";
    if (!r.remote_mta.empty() && r.smtp_diagnostic) line += "host " + r.remote_mta + " said: ";
    line += r.diagnostic;
    text += folded_field("", line).substr(2);  // folded like a field, without the name
    text += "\r\n";
  }
  text += "The delivery report and the header of your message follow.\r\n";
  return text;
}

// RFC 3464 section 2.2 (per-message fields) and 2.3 (per-recipient fields).
std::string status_part(const DsnInput& in) {
  std::string out = folded_field("Reporting-MTA", "dns; " + in.reporting_mta);
  out += folded_field("Arrival-Date", rfc5322_date(in.arrival_date));
  for (const auto& r : in.recipients) {
    out += "\r\n";
    out += folded_field("Final-Recipient", "rfc822; " + r.address);
    out += folded_field("Action", in.kind == DsnKind::failure ? "failed" : "delayed");
    out += folded_field("Status", r.status);
    if (!r.remote_mta.empty()) out += folded_field("Remote-MTA", "dns; " + r.remote_mta);
    if (!r.diagnostic.empty())
      out += folded_field("Diagnostic-Code", (r.smtp_diagnostic ? "smtp; " : "X-Carteiro; ") + r.diagnostic);
    out += folded_field("Last-Attempt-Date", rfc5322_date(in.date));
    if (in.kind == DsnKind::delay) out += folded_field("Will-Retry-Until", rfc5322_date(in.will_retry_until));
  }
  return out;
}

// RFC 2046 section 5.1.1: the boundary must not occur in any part. "=_" cannot start a
// line of quoted-printable, and we check the parts anyway.
std::string boundary_for(const DsnInput& in, const std::vector<std::string_view>& parts) {
  std::string boundary = "=_report_";
  for (char c : in.message_id)
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) boundary += c;
  for (;;) {
    bool clash = false;
    for (auto part : parts) clash = clash || part.find(boundary) != std::string_view::npos;
    if (!clash) return boundary;
    boundary += "_x";
  }
}

std::string ensure_final_crlf(std::string_view text) {
  std::string out(text);
  if (!out.empty() && out.back() != '\n') out += "\r\n";
  return out;
}

}  // namespace

std::string make_dsn(const DsnInput& in) {
  auto human = human_part(in);
  auto status = status_part(in);
  auto headers = ensure_final_crlf(in.original_headers);
  auto boundary = boundary_for(in, {human, status, headers});
  bool failure = in.kind == DsnKind::failure;

  std::string out;
  out += folded_field("From", "Mail Delivery System <MAILER-DAEMON@" + in.reporting_mta + ">");
  out += folded_field("To", "<" + in.sender + ">");
  out += folded_field("Subject", failure ? "Undelivered mail returned to sender" : "Delayed mail (still being tried)");
  out += folded_field("Date", rfc5322_date(in.date));
  out += folded_field("Message-ID", in.message_id);
  // RFC 3834 section 5: automatic responses say so, so that nobody answers them in turn.
  out += folded_field("Auto-Submitted", "auto-replied");
  out += folded_field("MIME-Version", "1.0");
  out += "Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"" + boundary + "\"\r\n";
  out += "\r\nThis is a delivery status notification in MIME format (RFC 3464).\r\n";

  out += "\r\n--" + boundary + "\r\n";
  out += "Content-Type: text/plain; charset=utf-8\r\n";
  out += "Content-Description: Notification\r\n\r\n";
  out += human;

  out += "\r\n--" + boundary + "\r\n";
  out += "Content-Type: message/delivery-status\r\n";
  out += "Content-Description: Delivery report\r\n\r\n";
  out += status;

  out += "\r\n--" + boundary + "\r\n";
  out += "Content-Type: text/rfc822-headers\r\n";
  if (has_eight_bit(headers)) out += "Content-Transfer-Encoding: 8bit\r\n";
  out += "Content-Description: Header of the returned message\r\n\r\n";
  out += headers;

  out += "\r\n--" + boundary + "--\r\n";
  return out;
}

std::string_view header_section(std::string_view message, std::size_t max) {
  std::size_t pos = 0;
  while (pos < message.size()) {
    auto end = message.find('\n', pos);
    std::size_t next = end == std::string_view::npos ? message.size() : end + 1;
    if (next > max) break;
    auto line = message.substr(pos, next - pos);
    pos = next;
    if (line == "\r\n" || line == "\n") break;  // the empty line that ends the header
  }
  return message.substr(0, pos);
}

}  // namespace carteiro::delivery
