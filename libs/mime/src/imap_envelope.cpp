// IMAP's rendering of a message's envelope fields: RFC 3501 section 7.4.2 ENVELOPE (date,
// subject, from, sender, reply-to, to, cc, bcc, in-reply-to, message-id), strings raw (not
// RFC 2047-decoded), as the RFC asks.
#include "carteiro/mime/envelope.hpp"
#include "carteiro/mime/imap_format.hpp"

namespace carteiro::mime {

namespace {

// address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"
void append_address(std::string& out, const EnvelopeAddress& a) {
  const char* separator = "(";
  for (const auto* part : {&a.name, &a.route, &a.mailbox, &a.host}) {
    out += separator;
    append_nstring(out, *part);
    separator = " ";
  }
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

std::string envelope(const Envelope& e) {
  std::string out;
  out.reserve(256);
  out += '(';
  append_nstring(out, e.date);
  out += ' ';
  append_nstring(out, e.subject);
  out += ' ';
  append_address_list(out, e.from);
  out += ' ';
  // Absent or empty Sender and Reply-To default to From (RFC 3501 section 7.4.2).
  append_address_list(out, e.sender.empty() ? e.from : e.sender);
  out += ' ';
  append_address_list(out, e.reply_to.empty() ? e.from : e.reply_to);
  for (const auto* list : {&e.to, &e.cc, &e.bcc}) {
    out += ' ';
    append_address_list(out, *list);
  }
  out += ' ';
  append_nstring(out, e.in_reply_to);
  out += ' ';
  append_nstring(out, e.message_id);
  out += ')';
  return out;
}

std::string envelope(std::string_view header_block) { return envelope(read_envelope(header_block)); }

}  // namespace carteiro::mime
