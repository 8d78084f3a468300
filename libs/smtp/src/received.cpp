#include "carteiro/smtp/received.hpp"

#include <fmt/format.h>

#include "carteiro/common/time.hpp"

namespace carteiro::smtp {

namespace {

// The HELO argument is whatever the client typed; keep it on one line and out of the
// comment syntax so the trace field stays well-formed (RFC 5322 section 3.2.2).
std::string sanitized(std::string_view text, bool keep_spaces = false) {
  std::string out;
  for (char c : text.substr(0, 255)) {
    unsigned char u = static_cast<unsigned char>(c);
    bool ok = (u > 32 || (keep_spaces && c == ' ')) && u < 127 && c != '(' && c != ')' && c != '\\' && c != ';';
    out += ok ? c : '_';
  }
  return out.empty() ? "unknown" : out;
}

}  // namespace

std::string_view with_protocol(bool extended, bool tls, bool authenticated, bool utf8) {
  if (!extended) return "SMTP";
  if (utf8) {
    if (tls) return authenticated ? "UTF8SMTPSA" : "UTF8SMTPS";
    return authenticated ? "UTF8SMTPA" : "UTF8SMTP";
  }
  if (tls) return authenticated ? "ESMTPSA" : "ESMTPS";
  return authenticated ? "ESMTPA" : "ESMTP";
}

// Time-stamp-line (RFC 5321 section 4.4): "from" Extended-Domain with the TCP-info
// comment, "by" our name, "with" the protocol, "id", "for" one recipient, then the date.
std::string received_field(const ReceivedInfo& info) {
  std::string out = fmt::format("Received: from {} ([{}])\r\n\tby {} (Carteiro) with {}", sanitized(info.helo),
                                info.peer_ip, info.by, info.with);
  if (!info.tls.empty()) out += fmt::format(" ({})", sanitized(info.tls, true));
  out += fmt::format(" id {}", info.id);
  if (info.for_recipient) out += fmt::format("\r\n\tfor <{}>", *info.for_recipient);
  out += fmt::format(";\r\n\t{}\r\n", rfc5322_date(info.when));
  return out;
}

}  // namespace carteiro::smtp
