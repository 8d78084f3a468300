// IMAP's rendering of the MIME tree: RFC 3501 section 7.4.2 BODY and BODYSTRUCTURE (formal
// syntax in section 9: body, body-type-1part, body-type-mpart, body-fields, body-ext-1part,
// body-ext-mpart).
#include "carteiro/common/strings.hpp"
#include "carteiro/mime/header.hpp"
#include "carteiro/mime/imap_format.hpp"
#include "lexer.hpp"

namespace carteiro::mime {

namespace {

// A field value for an nstring: NIL when absent or empty.
std::optional<std::string> optional_value(std::string_view folded) {
  if (folded.data() == nullptr) return std::nullopt;
  std::string v = unfold(folded);
  if (v.empty()) return std::nullopt;
  return v;
}

void append_optional(std::string& out, std::string_view folded) {
  std::optional<std::string> v = optional_value(folded);
  append_nstring(out, v ? std::optional<std::string_view>(*v) : std::nullopt);
}

// body-fld-param = "(" string SP string *(SP string SP string) ")" / nil
void append_params(std::string& out, const Parameters& params) {
  if (params.empty()) {
    out += "NIL";
    return;
  }
  out += '(';
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (i) out += ' ';
    append_string(out, params[i].name);
    out += ' ';
    append_string(out, params[i].value);
  }
  out += ')';
}

// body-fld-enc: the mechanism token (RFC 2045 section 6.1), 7BIT when absent.
void append_encoding(std::string& out, std::string_view folded) {
  std::string value = folded.data() ? unfold(folded) : std::string();
  lex::Cursor c{value};
  lex::skip_cfws(c);
  std::string_view token = lex::read_token(c);
  append_string(out, token.empty() ? std::string_view("7BIT") : token);
}

// body-fld-dsp = "(" string SP body-fld-param ")" / nil
void append_disposition(std::string& out, std::string_view folded) {
  std::optional<Disposition> d;
  if (folded.data()) d = parse_disposition(unfold(folded));
  if (!d) {
    out += "NIL";
    return;
  }
  out += '(';
  append_string(out, d->type);
  out += ' ';
  append_params(out, d->params);
  out += ')';
}

// body-fld-lang = nstring / "(" string *(SP string) ")"; tags per RFC 3282.
void append_language(std::string& out, std::string_view folded) {
  std::vector<std::string> tags;
  std::string value = folded.data() ? unfold(folded) : std::string();
  lex::Cursor c{value};
  while (true) {
    lex::skip_cfws(c);
    if (c.done()) break;
    std::string_view tag = lex::read_token(c);
    if (tag.empty())
      ++c.pos;  // ',' or a stray special
    else
      tags.emplace_back(tag);
  }
  if (tags.empty()) {
    out += "NIL";
  } else if (tags.size() == 1) {
    append_string(out, tags[0]);
  } else {
    out += '(';
    for (std::size_t i = 0; i < tags.size(); ++i) {
      if (i) out += ' ';
      append_string(out, tags[i]);
    }
    out += ')';
  }
}

// body-fld-dsp SP body-fld-lang SP body-fld-loc: the tail both extension forms share.
void append_common_extension(std::string& out, const MimeFields& f) {
  out += ' ';
  append_disposition(out, f.disposition);
  out += ' ';
  append_language(out, f.language);
  out += ' ';
  append_optional(out, f.location);
}

void append_body(std::string& out, const Part& part, bool extended);

// body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]
void append_multipart(std::string& out, const Part& part, bool extended) {
  out += '(';
  for (const Part& child : part.children) append_body(out, child, extended);
  out += ' ';
  append_string(out, part.type.subtype);
  if (extended) {
    out += ' ';
    append_params(out, part.type.params);
    append_common_extension(out, part.fields);
  }
  out += ')';
}

// body-type-1part = (body-type-basic / body-type-msg / body-type-text) [SP body-ext-1part]
void append_single(std::string& out, const Part& part, bool extended) {
  const MimeFields& f = part.fields;
  out += '(';
  append_string(out, part.type.type);
  out += ' ';
  append_string(out, part.type.subtype);
  // body-fields = body-fld-param SP body-fld-id SP body-fld-desc SP body-fld-enc SP
  //               body-fld-octets
  out += ' ';
  append_params(out, part.type.params);
  out += ' ';
  append_optional(out, f.id);
  out += ' ';
  append_optional(out, f.description);
  out += ' ';
  append_encoding(out, f.transfer_encoding);
  out += ' ';
  out += std::to_string(part.body.size());
  if (part.is_message()) {
    // body-type-msg = media-message SP body-fields SP envelope SP body SP body-fld-lines
    out += ' ';
    out += envelope(part.message->header);
    out += ' ';
    append_body(out, *part.message, extended);
    out += ' ';
    out += std::to_string(count_lines(part.body));
  } else if (part.type.is_text()) {
    // body-type-text = media-text SP body-fields SP body-fld-lines
    out += ' ';
    out += std::to_string(count_lines(part.body));
  }
  if (extended) {
    // body-ext-1part = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc]]]
    out += ' ';
    append_optional(out, f.md5);
    append_common_extension(out, f);
  }
  out += ')';
}

void append_body(std::string& out, const Part& part, bool extended) {
  if (part.is_multipart())
    append_multipart(out, part, extended);
  else
    append_single(out, part, extended);
}

}  // namespace

std::string bodystructure(const Part& part, bool extended) {
  std::string out;
  out.reserve(256);
  append_body(out, part, extended);
  return out;
}

}  // namespace carteiro::mime
