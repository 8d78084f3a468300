#pragma once
// The header fields that describe a message as a whole (RFC 5322 section 3.6: origination
// date, originator, destination and identification fields, subject). Protocol-neutral:
// IMAP renders them as ENVELOPE (imap_format.hpp), and a JSON protocol makes its own view
// from the same fields. Values are unfolded but raw (not RFC 2047-decoded); where a field
// appears more than once, the first counts.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "carteiro/mime/address_list.hpp"

namespace carteiro::mime {

struct Envelope {
  std::optional<std::string> date;
  std::optional<std::string> subject;
  // Empty when the field is absent or names nobody.
  std::vector<EnvelopeAddress> from;
  std::vector<EnvelopeAddress> sender;
  std::vector<EnvelopeAddress> reply_to;
  std::vector<EnvelopeAddress> to;
  std::vector<EnvelopeAddress> cc;
  std::vector<EnvelopeAddress> bcc;
  std::optional<std::string> in_reply_to;
  std::optional<std::string> message_id;
};

// The envelope fields of a header block (see header_block()). Never fails.
Envelope read_envelope(std::string_view header_block);

}  // namespace carteiro::mime
