#include "carteiro/mailauth/dkim_canon.hpp"

#include "carteiro/common/strings.hpp"

namespace carteiro::mailauth::dkim {

namespace {

bool is_wsp(char c) { return c == ' ' || c == '\t'; }

// Runs of WSP become one SP and WSP at the end goes (sections 3.4.2 and 3.4.4).
void append_compressed(std::string& out, std::string_view text) {
  bool pending_space = false;
  for (char c : text) {
    if (is_wsp(c)) {
      pending_space = true;
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
}

void drop_trailing_empty_lines(std::string& body) {
  while (body.size() >= 4 && body.ends_with("\r\n\r\n")) body.resize(body.size() - 2);
}

}  // namespace

std::string with_crlf(std::string_view message) {
  std::string out;
  out.reserve(message.size() + message.size() / 32);
  for (std::size_t i = 0; i < message.size(); ++i) {
    if (message[i] == '\n' && (i == 0 || message[i - 1] != '\r')) out.push_back('\r');
    out.push_back(message[i]);
  }
  return out;
}

std::string canonical_header(std::string_view field, Canonicalization canon) {
  if (canon == Canonicalization::simple) {
    std::string out(field);
    if (!out.ends_with("\r\n")) out += "\r\n";
    return out;
  }
  // Relaxed: lower-case name, unfold, compress WSP, no WSP around the colon.
  std::size_t colon = field.find(':');
  std::string_view name = field.substr(0, colon);
  while (!name.empty() && is_wsp(name.back())) name.remove_suffix(1);
  std::string out = to_lower(name);
  out.push_back(':');
  if (colon == std::string_view::npos) return out + "\r\n";
  std::string unfolded;
  for (char c : field.substr(colon + 1))
    if (c != '\r' && c != '\n') unfolded.push_back(c);
  std::string_view value = unfolded;
  while (!value.empty() && is_wsp(value.front())) value.remove_prefix(1);
  append_compressed(out, value);
  return out + "\r\n";
}

std::string canonical_body(std::string_view body, Canonicalization canon) {
  std::string out;
  if (canon == Canonicalization::simple) {
    out.assign(body);
    if (!out.empty() && !out.ends_with("\r\n")) out += "\r\n";
    drop_trailing_empty_lines(out);
    // Section 3.4.3: an empty body is one CRLF.
    return out.empty() ? "\r\n" : out;
  }
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t end = body.find("\r\n", pos);
    std::string_view line = body.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    append_compressed(out, line);
    out += "\r\n";
    pos = end == std::string_view::npos ? body.size() : end + 2;
  }
  drop_trailing_empty_lines(out);
  // Section 3.4.4 (with erratum 3192 and RFC 8463's examples): an empty body stays empty.
  if (out == "\r\n") out.clear();
  return out;
}

std::string without_signature_value(std::string_view field) {
  std::size_t colon = field.find(':');
  if (colon == std::string_view::npos) return std::string(field);
  // Walk the tag-specs after the colon; the b= tag's value runs from after "=" to its last
  // non-blank character (the blanks before the next ";" or the field end stay, as signers
  // hash them).
  std::size_t pos = colon + 1;
  while (pos < field.size()) {
    std::size_t end = field.find(';', pos);
    if (end == std::string_view::npos) end = field.size();
    std::size_t equals = field.find('=', pos);
    if (equals != std::string_view::npos && equals < end) {
      std::string_view name = trim(field.substr(pos, equals - pos));
      while (!name.empty() && (name.front() == '\r' || name.front() == '\n')) name = trim(name.substr(1));
      if (name == "b") {
        std::size_t last = end;
        while (last > equals + 1 && std::string_view(" \t\r\n").find(field[last - 1]) != std::string_view::npos) --last;
        std::string out(field.substr(0, equals + 1));
        out.append(field.substr(last));
        return out;
      }
    }
    pos = end + 1;
  }
  return std::string(field);
}

std::string header_hash_input(const std::vector<mime::RawField>& fields, const std::vector<std::string>& names,
                              std::string_view signature_field, Canonicalization canon) {
  std::string out;
  std::vector<bool> taken(fields.size(), false);
  for (const auto& name : names) {
    for (std::size_t i = fields.size(); i-- > 0;) {
      if (taken[i] || !iequals(fields[i].name, name)) continue;
      taken[i] = true;
      out += canonical_header(fields[i].lines, canon);
      break;
    }
  }
  return out + signature_hash_input(signature_field, canon);
}

std::string signature_hash_input(std::string_view signature_field, Canonicalization canon) {
  std::string signature = canonical_header(without_signature_value(signature_field), canon);
  signature.resize(signature.size() - 2);  // section 3.7: without its trailing CRLF
  return signature;
}

}  // namespace carteiro::mailauth::dkim
