#pragma once
// The Received: trace field this server prepends (RFC 5321 section 4.4; the "with"
// protocol names of RFC 3848). Pure.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace carteiro::smtp {

struct ReceivedInfo {
  std::string helo;             // what the client said in HELO/EHLO (may be empty)
  std::string peer_ip;          // "192.0.2.1" or "2001:db8::1"
  std::string by;               // our host name
  std::string_view with;        // SMTP, ESMTP, ESMTPS, ESMTPA, ESMTPSA
  std::string tls;              // cipher description, or empty
  std::string id;               // the message id named in the 250 reply
  std::optional<std::string> for_recipient;  // only when there is exactly one (privacy)
  std::int64_t when = 0;        // unix time
};

// RFC 3848 section 2-4: ESMTP plus S for TLS and A for authentication; SMTP after HELO;
// UTF8SMTP... when the transaction used SMTPUTF8 (RFC 6531 section 3.7.3).
std::string_view with_protocol(bool extended, bool tls, bool authenticated, bool utf8 = false);
// "Received: from ...\r\n\tby ...\r\n\t...; date\r\n"
std::string received_field(const ReceivedInfo& info);

}  // namespace carteiro::smtp
