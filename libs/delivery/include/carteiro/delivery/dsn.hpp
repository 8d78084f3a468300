#pragma once
// Delivery status notifications (RFC 3464) as a multipart/report (RFC 6522): a text for
// people, the machine-readable message/delivery-status, and the returned message's
// header (text/rfc822-headers). Pure: the caller supplies dates and the Message-ID, so
// the output is tested byte for byte.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace carteiro::delivery {

struct DsnRecipient {
  std::string address;     // Final-Recipient
  std::string status;      // RFC 3463 code, "5.1.1"
  std::string remote_mta;  // the host that answered, "" when none did (DNS failures)
  std::string diagnostic;  // the remote reply ("550 5.1.1 no such user") or our reason
  bool smtp_diagnostic = true;  // DIAGNOSTIC is an SMTP reply (else our own text)
};

enum class DsnKind {
  failure,  // Action: failed; nothing more will be tried
  delay,    // Action: delayed; still being tried until will_retry_until
};

struct DsnInput {
  DsnKind kind = DsnKind::failure;
  std::string reporting_mta;     // our hostname
  std::string sender;            // the original envelope sender: the DSN goes to it
  std::string message_id;        // "<...@host>" for the DSN itself
  std::int64_t arrival_date = 0;  // when the original was queued
  std::int64_t date = 0;          // now
  std::int64_t will_retry_until = 0;  // delay only
  std::string original_headers;  // the returned message's header section
  std::vector<DsnRecipient> recipients;
};

std::string make_dsn(const DsnInput& input);

// The header section of MESSAGE up to and including the empty line that ends it (RFC
// 5322 section 2.1), or the whole message when it has no body; at most MAX octets,
// cut at a line end.
std::string_view header_section(std::string_view message, std::size_t max = 64 * 1024);

}  // namespace carteiro::delivery
