// The Authentication-Results header field (RFC 8601): the one this server writes, and the
// authserv-id of those that arrive, so that forgeries of ours can be removed (section 5).
#include <fmt/format.h>

#include <cstring>

#include "carteiro/common/strings.hpp"
#include "carteiro/mailauth/message_check.hpp"

namespace carteiro::mailauth {

namespace {

// Folded lines stay under RFC 5322's recommended 78 octets where the words allow it.
constexpr std::size_t kFoldAt = 78;
// A value from the peer longer than this is cut (an SMTP path is at most 256 octets).
constexpr std::size_t kMaxValueBytes = 256;
// Comments nest (RFC 5322 section 3.2.2); deeper than this is not an authserv-id.
constexpr int kMaxCommentDepth = 16;
// RFC 6008 section 4: enough of b= to tell two signatures apart.
constexpr std::size_t kSignaturePrefix = 8;

bool is_ctl(unsigned char c) { return c < 0x20 || c == 0x7f; }

// RFC 2045 section 5.1: token := 1*<any US-ASCII CHAR except SPACE, CTLs, or tspecials>.
bool is_token_char(char ch) {
  auto c = static_cast<unsigned char>(ch);
  return c > 0x20 && c < 0x7f && std::strchr("()<>@,;:\\\"/[]?=", ch) == nullptr;
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_token_char(c)) return false;
  return true;
}

// RFC 5322 atext (section 3.2.3) and a dot-atom of it.
bool is_dot_atom(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    bool atext = c > 0x20 && c < 0x7f && std::strchr("()<>[]:;@\\,\"", ch) == nullptr;
    if (!atext) return false;
  }
  return s.find("..") == std::string_view::npos;
}

// RFC 6376 section 3.5 domain-name: letters, digits, '-', dot-separated.
bool is_domain_name(std::string_view s) {
  if (s.empty()) return false;
  for (auto label : split(s, '.')) {
    if (label.empty()) return false;
    for (char c : label)
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
        return false;
  }
  return true;
}

// A quoted-string (RFC 5322 section 3.2.4) that cannot end the field early: control
// characters (CR and LF among them) become '?', as do 8-bit octets that are not UTF-8.
std::string quoted(std::string_view s) {
  bool cut = s.size() > kMaxValueBytes;
  if (cut) {
    std::size_t end = kMaxValueBytes;  // not inside a UTF-8 sequence
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    s = s.substr(0, end);
  }
  bool utf8 = invalid_utf8_offset(s) == std::string_view::npos;
  std::string out = "\"";
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') out += '\\';
    out += is_ctl(c) || (c >= 0x80 && !utf8) ? '?' : ch;
  }
  if (cut) out += "...";
  out += '"';
  return out;
}

// RFC 2045 value := token / quoted-string.
std::string value(std::string_view s) { return is_token(s) ? std::string(s) : quoted(s); }

// RFC 8601 section 2.2 pvalue: a value, or [[local-part] "@"] domain-name as it is.
std::string property_value(std::string_view s) {
  if (is_token(s) && s.size() <= kMaxValueBytes) return std::string(s);
  std::size_t at = s.rfind('@');
  if (s.size() <= kMaxValueBytes && at != std::string_view::npos && is_domain_name(s.substr(at + 1)) &&
      (at == 0 || is_dot_atom(s.substr(0, at))))
    return std::string(s);
  return quoted(s);
}

// One resinfo (section 2.2): "method=result", then comments, reason and properties, each a
// word that folding may put on a line of its own.
struct ResultInfo {
  std::vector<std::string> words;

  ResultInfo(std::string_view method, std::string_view result) { words.push_back(fmt::format("{}={}", method, result)); }
  ResultInfo& comment(std::string_view text) {
    words.push_back(fmt::format("({})", text));
    return *this;
  }
  ResultInfo& reason(std::string_view text) {
    if (!text.empty()) words.push_back("reason=" + quoted(text));
    return *this;
  }
  ResultInfo& property(std::string_view name, std::string_view text) {
    if (!text.empty()) words.push_back(fmt::format("{}={}", name, property_value(text)));
    return *this;
  }
};

// Each resinfo on a line of its own (a tab continuation), longer ones folded between words.
std::string fold(std::string_view authserv_id, const std::vector<ResultInfo>& results) {
  std::string out = "Authentication-Results: " + value(authserv_id);
  if (results.empty()) out += "; none";
  for (const auto& result : results) {
    out += ";\r\n\t";
    std::size_t line = 8;  // a tab, as most readers show it
    for (std::size_t i = 0; i < result.words.size(); ++i) {
      const auto& word = result.words[i];
      if (i > 0) {
        bool fits = line + 1 + word.size() <= kFoldAt;
        out += fits ? " " : "\r\n\t";
        line = fits ? line + 1 : 8;
      }
      out += word;
      line += word.size();
    }
  }
  out += "\r\n";
  return out;
}

// RFC 5322 section 3.2.2 CFWS: blanks, line breaks and nested comments with quoted-pairs.
bool skip_cfws(std::string_view s, std::size_t& pos) {
  int depth = 0;
  while (pos < s.size()) {
    char c = s[pos];
    if (depth > 0 && c == '\\') {
      pos += 2;
    } else if (c == '(') {
      if (++depth > kMaxCommentDepth) return false;
      ++pos;
    } else if (depth > 0 && c == ')') {
      --depth;
      ++pos;
    } else if (depth > 0 || c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++pos;
    } else {
      break;
    }
  }
  return depth == 0;
}

}  // namespace

std::string authentication_results_field(std::string_view authserv_id, const MessageCheckInput& input,
                                         const MessageVerdict& verdict) {
  std::vector<ResultInfo> results;

  // RFC 7208 section 9.1 via RFC 8601 section 2.7.2: the identity DMARC used.
  bool null_path = input.mail_from.empty();
  const auto& spf = null_path ? verdict.spf_helo : verdict.spf_mail_from;
  results.emplace_back("spf", spf_result_name(spf.result))
      .property(null_path ? "smtp.helo" : "smtp.mailfrom", null_path ? input.helo : input.mail_from);

  // Section 2.7.1 and RFC 6008: one resinfo per signature.
  if (verdict.dkim.empty()) results.emplace_back("dkim", "none");
  for (const auto& signature : verdict.dkim) {
    results.emplace_back("dkim", dkim::status_name(signature.status))
        .reason(signature.reason)
        .property("header.d", signature.domain)
        .property("header.i", signature.identity)
        .property("header.s", signature.selector)
        .property("header.a", signature.algorithm)
        .property("header.b", std::string_view(signature.signature).substr(0, kSignaturePrefix));
  }

  // RFC 7489 section 11.2.
  const auto& dmarc = verdict.dmarc;
  auto& dmarc_info = results.emplace_back("dmarc", dmarc::result_name(dmarc.result));
  if (dmarc.result == dmarc::Result::pass || dmarc.result == dmarc::Result::fail)
    dmarc_info.comment(fmt::format("p={} dis={}", dmarc::policy_name(dmarc.policy),
                                   dmarc::policy_name(dmarc.disposition)));
  if (dmarc.result != dmarc::Result::pass && dmarc.result != dmarc::Result::none) dmarc_info.reason(dmarc.reason);
  dmarc_info.property("header.from", dmarc.from_domain);

  // RFC 8617 section 10.1.
  if (verdict.arc.instances > 0) {
    auto& arc_info = results.emplace_back("arc", arc::chain_status_name(verdict.arc.status));
    if (verdict.arc.status == arc::ChainStatus::fail) arc_info.reason(verdict.arc.reason);
  }
  return fold(authserv_id, results);
}

// Section 2.2: authres-header-field = "Authentication-Results:" authserv-id [ CFWS
// authres-version ] ( no-result / 1*resinfo ), authserv-id = value. What follows the id is
// not examined: a malformed field that starts with our id is removed all the same.
bool claims_authserv_id(std::string_view field_value, std::string_view authserv_id) {
  std::size_t pos = 0;
  if (!skip_cfws(field_value, pos) || pos >= field_value.size()) return false;
  std::string id;
  if (field_value[pos] == '"') {
    bool closed = false;
    for (++pos; pos < field_value.size() && !closed; ++pos) {
      char c = field_value[pos];
      if (c == '\\' && pos + 1 < field_value.size())
        id += field_value[++pos];
      else if (c == '"')
        closed = true;
      else if (c != '\r' && c != '\n')  // folding inside the quotes
        id += c;
    }
    if (!closed) return false;
  } else {
    while (pos < field_value.size() && (is_token_char(field_value[pos]) || field_value[pos] & 0x80))
      id += field_value[pos++];
  }
  return !id.empty() && iequals(id, authserv_id);
}

}  // namespace carteiro::mailauth
