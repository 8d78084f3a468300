// The envelope fields of a header block (RFC 5322 section 3.6), read in one pass.
#include "carteiro/mime/envelope.hpp"

#include <array>

#include "carteiro/common/strings.hpp"
#include "carteiro/mime/header.hpp"

namespace carteiro::mime {

namespace {

enum Field { kDate, kSubject, kFrom, kSender, kReplyTo, kTo, kCc, kBcc, kInReplyTo, kMessageId, kCount };
constexpr std::array<std::string_view, kCount> kNames = {
    "date", "subject", "from", "sender", "reply-to", "to", "cc", "bcc", "in-reply-to", "message-id"};

}  // namespace

Envelope read_envelope(std::string_view header) {
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
  Envelope e;
  e.date = std::move(values[kDate]);
  e.subject = std::move(values[kSubject]);
  e.from = addresses(kFrom);
  e.sender = addresses(kSender);
  e.reply_to = addresses(kReplyTo);
  e.to = addresses(kTo);
  e.cc = addresses(kCc);
  e.bcc = addresses(kBcc);
  e.in_reply_to = std::move(values[kInReplyTo]);
  e.message_id = std::move(values[kMessageId]);
  return e;
}

}  // namespace carteiro::mime
