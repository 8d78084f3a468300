#include "carteiro/smtpwire/path.hpp"

#include "carteiro/common/strings.hpp"

namespace carteiro::smtpwire {

namespace {

// A read position in an argument; every grammar rule below advances it or fails.
struct Cursor {
  std::string_view text;
  std::size_t pos = 0;
  bool at_end() const { return pos >= text.size(); }
  char peek() const { return at_end() ? '\0' : text[pos]; }
  bool accept(char c) {
    if (peek() != c || at_end()) return false;
    ++pos;
    return true;
  }
  void skip_spaces() {
    while (!at_end() && text[pos] == ' ') ++pos;
  }
};

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// "FROM:" / "TO:" (section 4.1.1.2 and 4.1.1.3), case-insensitive; then any spaces, since
// "MAIL FROM: <a@b>" is what people type and what Postfix accepts.
bool keyword_colon(Cursor& c, std::string_view keyword) {
  if (!istarts_with(c.text.substr(c.pos), keyword)) return false;
  c.pos += keyword.size();
  if (!c.accept(':')) return false;
  c.skip_spaces();
  return true;
}

// Quoted-string = DQUOTE *QcontentSMTP DQUOTE (section 4.1.2); returns false if unterminated.
bool quoted_string(Cursor& c) {
  if (!c.accept('"')) return false;
  while (!c.at_end()) {
    char ch = c.text[c.pos++];
    if (ch == '\\') {
      if (c.at_end()) return false;
      ++c.pos;
    } else if (ch == '"') {
      return true;
    }
  }
  return false;
}

// Local-part = Dot-string / Quoted-string (section 4.1.2). Only delimits it; the
// characters are validated by parse_address.
bool local_part(Cursor& c) {
  if (c.peek() == '"') return quoted_string(c);
  std::size_t start = c.pos;
  while (!c.at_end()) {
    char ch = c.peek();
    if (ch == '@' || ch == '>' || ch == '<' || ch == ' ' || ch == '"') break;
    ++c.pos;
  }
  return c.pos > start;
}

// Domain / address-literal (section 4.1.2, 4.1.3), delimited; validated by parse_address.
bool domain_or_literal(Cursor& c) {
  std::size_t start = c.pos;
  if (c.peek() == '[') {
    while (!c.at_end() && c.peek() != ']') ++c.pos;
    return c.accept(']');
  }
  while (!c.at_end()) {
    char ch = c.peek();
    if (ch == '>' || ch == ' ' || ch == '<' || ch == ',' || ch == ':') break;
    ++c.pos;
  }
  return c.pos > start;
}

// Mailbox = Local-part "@" ( Domain / address-literal ) (section 4.1.2).
// Returns the mailbox's text, or nullopt when it cannot even be delimited.
std::optional<std::string_view> mailbox(Cursor& c) {
  std::size_t start = c.pos;
  if (!local_part(c)) return std::nullopt;
  if (!c.accept('@')) return std::nullopt;
  if (!domain_or_literal(c)) return std::nullopt;
  return c.text.substr(start, c.pos - start);
}

// At-domain = "@" Domain (section 4.1.2).
bool at_domain(Cursor& c) { return c.accept('@') && domain_or_literal(c); }

// A-d-l = At-domain *( "," At-domain ) ":" (section 4.1.2). A source route: section
// 4.1.2 says servers MUST accept it and SHOULD ignore it, which is what happens here.
bool source_route(Cursor& c) {
  if (c.peek() != '@') return true;  // none
  if (!at_domain(c)) return false;
  while (c.accept(','))
    if (!at_domain(c)) return false;
  return c.accept(':');
}

// UTF8-octets (RFC 3629 section 4): what RFC 6531 allows beyond ASCII in an address.
bool valid_utf8(std::string_view s) { return invalid_utf8_offset(s) == std::string_view::npos; }

enum class PathKind { mailbox, null_path, postmaster };

struct PathResult {
  ArgumentError error = ArgumentError::none;
  PathKind kind = PathKind::mailbox;
  std::optional<Address> address;
};

// Path = "<" [ A-d-l ":" ] Mailbox ">"; Reverse-path = Path / "<>" (section 4.1.2).
// Without '<' the mailbox alone is accepted up to the next space.
PathResult path(Cursor& c, bool allow_null, bool allow_postmaster) {
  PathResult out;
  bool bracketed = c.accept('<');
  if (bracketed && allow_null && c.accept('>')) {
    out.kind = PathKind::null_path;
    return out;
  }
  if (bracketed && !source_route(c)) {
    out.error = ArgumentError::syntax;
    return out;
  }
  // "<Postmaster>" with no domain (section 4.1.1.3), case-insensitive.
  if (bracketed && allow_postmaster && istarts_with(c.text.substr(c.pos), "postmaster>")) {
    c.pos += 11;
    out.kind = PathKind::postmaster;
    return out;
  }
  std::size_t start = c.pos;
  auto box = mailbox(c);
  if (!box) {
    // Something is there but it is no local@domain: say "bad address", not "bad syntax".
    while (!c.at_end() && c.peek() != '>' && c.peek() != ' ') ++c.pos;
    bool delimited = bracketed ? c.accept('>') : true;
    out.error = (c.pos > start && delimited) ? ArgumentError::bad_address : ArgumentError::syntax;
    return out;
  }
  if (bracketed && !c.accept('>')) {
    out.error = ArgumentError::syntax;
    return out;
  }
  if (valid_utf8(*box)) out.address = parse_address(*box);
  if (!out.address) out.error = ArgumentError::bad_address;
  return out;
}

// esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-") (section 4.1.2).
std::optional<std::string> esmtp_keyword(Cursor& c) {
  std::size_t start = c.pos;
  if (!is_alnum(c.peek())) return std::nullopt;
  while (!c.at_end() && (is_alnum(c.peek()) || c.peek() == '-')) ++c.pos;
  return to_upper(c.text.substr(start, c.pos - start));
}

// esmtp-value = 1*(%d33-60 / %d62-126) (section 4.1.2), and UTF-8 (RFC 6531 section 3.3).
std::optional<std::string> esmtp_value(Cursor& c) {
  std::size_t start = c.pos;
  while (!c.at_end()) {
    unsigned char ch = static_cast<unsigned char>(c.peek());
    bool ok = (ch >= 33 && ch <= 126 && ch != '=') || ch >= 0x80;
    if (!ok) break;
    ++c.pos;
  }
  if (c.pos == start) return std::nullopt;
  return std::string(c.text.substr(start, c.pos - start));
}

// esmtp-param = esmtp-keyword ["=" esmtp-value] (section 4.1.2).
std::optional<Parameter> esmtp_param(Cursor& c) {
  Parameter p;
  auto keyword = esmtp_keyword(c);
  if (!keyword) return std::nullopt;
  p.keyword = std::move(*keyword);
  if (c.accept('=')) {
    auto value = esmtp_value(c);
    if (!value) return std::nullopt;
    p.value = std::move(*value);
  }
  return p;
}

// Mail-parameters = esmtp-param *(SP esmtp-param) (section 4.1.2), after the path's SP.
// Runs of spaces are tolerated. False on anything else.
bool parameters(Cursor& c, std::vector<Parameter>& out) {
  if (c.at_end()) return true;
  if (c.peek() != ' ') return false;
  c.skip_spaces();
  while (!c.at_end()) {
    auto p = esmtp_param(c);
    if (!p) return false;
    out.push_back(std::move(*p));
    if (c.at_end()) break;
    if (c.peek() != ' ') return false;
    c.skip_spaces();
  }
  return true;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char ch : s)
    if (ch < '0' || ch > '9') return false;
  return true;
}

// xtext (RFC 3461 section 4): printable ASCII except "+" and "=", or "+" and two upper hex.
bool valid_xtext(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char ch = static_cast<unsigned char>(s[i]);
    if (ch == '+') {
      if (i + 2 >= s.size()) return false;
      for (int k = 1; k <= 2; ++k) {
        char h = s[i + k];
        if (!((h >= '0' && h <= '9') || (h >= 'A' && h <= 'F'))) return false;
      }
      i += 2;
    } else if (ch < 33 || ch > 126 || ch == '=') {
      return false;
    }
  }
  return true;
}

}  // namespace

MailArgument parse_mail_argument(std::string_view argument) {
  MailArgument out;
  Cursor c{argument};
  if (!keyword_colon(c, "FROM")) {
    out.error = ArgumentError::syntax;
    return out;
  }
  auto p = path(c, /*allow_null=*/true, /*allow_postmaster=*/false);
  out.error = p.error;
  if (p.error != ArgumentError::none) return out;
  out.sender = std::move(p.address);
  if (!parameters(c, out.parameters)) out.error = ArgumentError::syntax;
  return out;
}

RcptArgument parse_rcpt_argument(std::string_view argument) {
  RcptArgument out;
  Cursor c{argument};
  if (!keyword_colon(c, "TO")) {
    out.error = ArgumentError::syntax;
    return out;
  }
  auto p = path(c, /*allow_null=*/false, /*allow_postmaster=*/true);
  out.error = p.error;
  if (p.error != ArgumentError::none) return out;
  if (p.kind == PathKind::postmaster) {
    out.bare_postmaster = true;
    out.recipient = Address{"postmaster", ""};
  } else {
    out.recipient = std::move(*p.address);
  }
  if (!parameters(c, out.parameters)) out.error = ArgumentError::syntax;
  return out;
}

CheckedParameters check_mail_parameters(const std::vector<Parameter>& parameters) {
  CheckedParameters out;
  auto fail = [&out](ParameterError e, const std::string& keyword) {
    out.error = e;
    out.keyword = keyword;
    return out;
  };
  bool seen_size = false, seen_body = false, seen_utf8 = false, seen_auth = false;
  for (auto& p : parameters) {
    if (p.keyword == "SIZE") {  // RFC 1870 section 6: SIZE=1*20DIGIT
      if (seen_size || !p.value || !all_digits(*p.value) || p.value->size() > 20) return fail(ParameterError::bad_value, p.keyword);
      seen_size = true;
      // 20 digits may overflow 64 bits: such a size is over any limit anyway.
      out.values.size = p.value->size() > 19 ? UINT64_MAX : std::stoull(*p.value);
    } else if (p.keyword == "BODY") {  // RFC 6152 section 2: BODY=7BIT / 8BITMIME
      if (seen_body || !p.value) return fail(ParameterError::bad_value, p.keyword);
      seen_body = true;
      if (iequals(*p.value, "8BITMIME")) out.values.eight_bit_mime = true;
      else if (!iequals(*p.value, "7BIT")) return fail(ParameterError::unsupported, p.keyword + "=" + *p.value);
    } else if (p.keyword == "SMTPUTF8") {  // RFC 6531 section 3.4: no value
      if (seen_utf8 || p.value) return fail(ParameterError::bad_value, p.keyword);
      seen_utf8 = true;
      out.values.smtputf8 = true;
    } else if (p.keyword == "AUTH") {  // RFC 4954 section 5: AUTH=xtext / "<>"
      if (seen_auth || !p.value || (*p.value != "<>" && !valid_xtext(*p.value))) return fail(ParameterError::bad_value, p.keyword);
      seen_auth = true;
      out.values.auth = *p.value;
    } else {
      return fail(ParameterError::unsupported, p.keyword);
    }
  }
  return out;
}

CheckedParameters check_rcpt_parameters(const std::vector<Parameter>& parameters) {
  CheckedParameters out;
  if (!parameters.empty()) {
    out.error = ParameterError::unsupported;
    out.keyword = parameters.front().keyword;
  }
  return out;
}

std::string mail_command(std::string_view sender, const MailParameters& parameters) {
  std::string out = "MAIL FROM:<";
  out += sender;
  out += '>';
  if (parameters.size) out += " SIZE=" + std::to_string(*parameters.size);
  if (parameters.eight_bit_mime) out += " BODY=8BITMIME";
  if (parameters.smtputf8) out += " SMTPUTF8";
  if (parameters.auth) out += " AUTH=" + *parameters.auth;
  return out;
}

std::string rcpt_command(std::string_view recipient) {
  std::string out = "RCPT TO:<";
  out += recipient;
  out += '>';
  return out;
}

}  // namespace carteiro::smtpwire
