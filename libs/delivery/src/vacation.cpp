#include "carteiro/delivery/vacation.hpp"

#include <algorithm>

#include "carteiro/common/address.hpp"
#include "carteiro/common/base64.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/common/time.hpp"
#include "carteiro/delivery/headers.hpp"
#include "carteiro/mime/address_list.hpp"
#include "carteiro/mime/header.hpp"

namespace carteiro::delivery {

namespace {

bool ends_with_i(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

// RFC 5230 section 4.6 (and RFC 3834 section 2): addresses of programs, not people.
bool system_sender(std::string_view sender) {
  auto at = sender.rfind('@');
  auto local = sender.substr(0, at == std::string_view::npos ? sender.size() : at);
  for (auto name : {"MAILER-DAEMON", "LISTSERV", "majordomo"})
    if (iequals(local, name)) return true;
  return (local.size() > 6 && istarts_with(local, "owner-")) || ends_with_i(local, "-request") ||
         ends_with_i(local, "-owner");
}

// The first token of a field value: "auto-generated; foo" -> "auto-generated".
std::string_view keyword(std::string_view value) {
  auto end = value.find_first_of(";( \t");
  return trim(value.substr(0, end));
}

bool from_list(const std::vector<mime::HeaderField>& fields) {
  for (const auto& f : fields) {
    if (istarts_with(f.name, "List-")) return true;
    if (iequals(f.name, "Precedence")) {
      auto k = keyword(f.value);
      if (iequals(k, "bulk") || iequals(k, "list") || iequals(k, "junk")) return true;
    }
  }
  return false;
}

bool auto_submitted(const std::vector<mime::HeaderField>& fields) {
  return std::any_of(fields.begin(), fields.end(), [](const mime::HeaderField& f) {
    return iequals(f.name, "Auto-Submitted") && !iequals(keyword(f.value), "no");
  });
}

// Local parts compared case-insensitively, as accounts are; bob+tag@ is bob@.
bool same_mailbox(std::string_view a, std::string_view b) {
  auto pa = parse_address(a), pb = parse_address(b);
  if (!pa || !pb) return iequals(a, b);
  return iequals(pa->domain, pb->domain) && iequals(strip_plus_tag(pa->local), strip_plus_tag(pb->local));
}

bool addressed(const std::vector<mime::HeaderField>& fields, const std::vector<std::string>& own) {
  static constexpr std::string_view kRecipientFields[] = {"To", "Cc", "Bcc", "Resent-To", "Resent-Cc", "Resent-Bcc"};
  for (const auto& f : fields) {
    bool recipient_field = std::any_of(std::begin(kRecipientFields), std::end(kRecipientFields),
                                       [&](std::string_view n) { return iequals(n, f.name); });
    if (!recipient_field) continue;
    for (const auto& a : mime::parse_address_list(f.value)) {
      if (!a.mailbox || !a.host || a.host->empty()) continue;
      std::string text = *a.mailbox + "@" + *a.host;
      for (const auto& mine : own)
        if (same_mailbox(text, mine)) return true;
    }
  }
  return false;
}

// RFC 2047 "B" encoded words for a header text that is not ASCII, each at most 75
// characters (section 2), split between UTF-8 sequences (section 5).
std::string encoded_words(std::string_view text) {
  if (!has_eight_bit(text)) return std::string(text);
  constexpr std::size_t kChunk = 45;  // 60 base64 characters + "=?UTF-8?B?" + "?=" < 75
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = std::min(text.size(), pos + kChunk);
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += " ";
    out += "=?UTF-8?B?" + base64_encode(text.substr(pos, end - pos)) + "?=";
    pos = end;
  }
  return out;
}

// Lone LF line ends (a script written on Unix) made CRLF, and a final line end.
std::string crlf_text(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  if (!out.ends_with("\r\n")) out += "\r\n";
  return out;
}

std::string angle_address(std::string_view from) {
  return from.find('<') != std::string_view::npos ? std::string(from) : "<" + std::string(from) + ">";
}

}  // namespace

VacationVerdict vacation_verdict(const VacationCheck& check) {
  if (check.envelope_sender.empty()) return VacationVerdict::null_sender;
  if (system_sender(check.envelope_sender)) return VacationVerdict::system_sender;
  auto fields = mime::parse_header(check.header);
  if (auto_submitted(fields)) return VacationVerdict::auto_submitted;
  if (from_list(fields)) return VacationVerdict::list;
  if (!addressed(fields, check.own_addresses)) return VacationVerdict::not_addressed;
  return VacationVerdict::reply;
}

std::string_view describe(VacationVerdict verdict) {
  switch (verdict) {
    case VacationVerdict::reply: return "replied";
    case VacationVerdict::null_sender: return "the null sender (a bounce)";
    case VacationVerdict::system_sender: return "the sender is a program";
    case VacationVerdict::list: return "a list or bulk message";
    case VacationVerdict::auto_submitted: return "an automatic message";
    case VacationVerdict::not_addressed: return "the account is not in To/Cc/Bcc";
  }
  return "unknown";
}

std::string make_vacation_reply(const VacationReplyInput& in) {
  auto fields = mime::parse_header(in.original_header);
  auto value_of = [&](std::string_view name) -> std::string {
    for (const auto& f : fields)
      if (iequals(f.name, name)) return f.value;
    return {};
  };
  std::string subject = in.subject.empty() ? "Auto: " + value_of("Subject") : encoded_words(in.subject);
  std::string original_id = value_of("Message-ID");
  std::string out;
  out += folded_field("From", angle_address(in.from));
  out += folded_field("To", "<" + in.to + ">");
  out += folded_field("Subject", subject);
  out += folded_field("Date", rfc5322_date(in.date));
  out += folded_field("Message-ID", in.message_id);
  if (!original_id.empty()) {
    // RFC 5322 section 3.6.4: References is the parent's References (or In-Reply-To) and its id.
    std::string references = value_of("References");
    if (references.empty()) references = value_of("In-Reply-To");
    out += folded_field("In-Reply-To", original_id);
    out += folded_field("References", references.empty() ? original_id : references + " " + original_id);
  }
  // RFC 3834 section 5: so that no other responder answers this one.
  out += folded_field("Auto-Submitted", "auto-replied");
  out += "MIME-Version: 1.0\r\n";
  if (in.mime) {
    // RFC 5230 section 5.8: the reason is a whole MIME entity, its fields included.
    out += crlf_text(in.reason);
    return out;
  }
  out += "Content-Type: text/plain; charset=utf-8\r\n";
  out += has_eight_bit(in.reason) ? "Content-Transfer-Encoding: 8bit\r\n" : "Content-Transfer-Encoding: 7bit\r\n";
  out += "\r\n";
  out += crlf_text(in.reason);
  return out;
}

}  // namespace carteiro::delivery
