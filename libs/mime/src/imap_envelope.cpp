// RFC 3501 section 7.4.2 ENVELOPE: date, subject, from, sender, reply-to, to, cc, bcc,
// in-reply-to, message-id; strings raw (not RFC 2047-decoded), as the RFC asks.
#include <array>

#include "carteiro/common/strings.hpp"
#include "carteiro/mime/address_list.hpp"
#include "carteiro/mime/header.hpp"
#include "carteiro/mime/imap_format.hpp"

namespace carteiro::mime {

namespace {

enum Field { kDate, kSubject, kFrom, kSender, kReplyTo, kTo, kCc, kBcc, kInReplyTo, kMessageId, kCount };
constexpr std::array<std::string_view, kCount> kNames = {
    "date", "subject", "from", "sender", "reply-to", "to", "cc", "bcc", "in-reply-to", "message-id"};

// address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"
void append_address(std::string& out, const EnvelopeAddress& a) {
  out += '(';
  append_nstring(out, a.name);
  out += ' ';
  append_nstring(out, a.route);
  out += ' ';
  append_nstring(out, a.mailbox);
  out += ' ';
  append_nstring(out, a.host);
  out += ')';
}

// env-from etc. = "(" 1*address ")" / nil
void append_address_list(std::string& out, const std::vector<EnvelopeAddress>& list) {
  if (list.empty()) {
    out += "NIL";
    return;
  }
  out += '(';
  for (const EnvelopeAddress& a : list) append_address(out, a);
  out += ')';
}

}  // namespace

std::string envelope(std::string_view header) {
  std::array<std::optional<std::string>, kCount> values;
  FieldReader reader(header);
  RawField f;
  while (reader.next(f)) {
    for (std::size_t i = 0; i < kCount; ++i) {
      if (!values[i] && iequals(f.name, kNames[i])) {
        values[i] = unfold(f.value);
        break;
      }
    }
  }
  auto addresses = [&](Field f) {
    return values[f] ? parse_address_list(*values[f]) : std::vector<EnvelopeAddress>{};
  };
  std::vector<EnvelopeAddress> from = addresses(kFrom);
  std::vector<EnvelopeAddress> sender = addresses(kSender);
  std::vector<EnvelopeAddress> reply_to = addresses(kReplyTo);

  std::string out;
  out.reserve(256);
  out += '(';
  append_nstring(out, values[kDate]);
  out += ' ';
  append_nstring(out, values[kSubject]);
  out += ' ';
  append_address_list(out, from);
  out += ' ';
  // Absent or empty Sender and Reply-To default to From (RFC 3501 section 7.4.2).
  append_address_list(out, sender.empty() ? from : sender);
  out += ' ';
  append_address_list(out, reply_to.empty() ? from : reply_to);
  for (Field f : {kTo, kCc, kBcc}) {
    out += ' ';
    append_address_list(out, addresses(f));
  }
  out += ' ';
  append_nstring(out, values[kInReplyTo]);
  out += ' ';
  append_nstring(out, values[kMessageId]);
  out += ')';
  return out;
}

}  // namespace carteiro::mime
