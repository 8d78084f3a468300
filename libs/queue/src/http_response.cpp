#include "carteiro/queue/http_response.hpp"

#include <optional>

#include "carteiro/common/strings.hpp"

namespace carteiro::queue {

namespace {

using State = HttpResponse::State;

HttpResponse malformed(std::string why) {
  HttpResponse r;
  r.state = State::malformed;
  r.error = std::move(why);
  return r;
}

std::optional<std::size_t> decimal(std::string_view digits, std::size_t limit) {
  if (digits.empty() || digits.size() > 12) return std::nullopt;
  std::size_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::size_t>(c - '0');
  }
  if (value > limit) return std::nullopt;
  return value;
}

std::optional<std::size_t> hexadecimal(std::string_view digits, std::size_t limit) {
  if (digits.empty() || digits.size() > 8) return std::nullopt;
  std::size_t value = 0;
  for (char c : digits) {
    int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
    if (d < 0) return std::nullopt;
    value = value * 16 + static_cast<std::size_t>(d);
  }
  if (value > limit) return std::nullopt;
  return value;
}

// RFC 9112 section 4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
bool status_line(std::string_view line, HttpResponse& r) {
  if (!line.starts_with("HTTP/1.") || line.size() < 12 || line[8] != ' ') return false;
  auto code = decimal(line.substr(9, 3), 999);
  if (!code || *code < 100 || (line.size() > 12 && line[12] != ' ')) return false;
  r.status = static_cast<int>(*code);
  return true;
}

// RFC 9112 section 7.1: chunked-body = *chunk last-chunk trailer-section CRLF. Extensions
// after ";" are ignored; trailer fields are skipped.
State dechunk(std::string_view data, bool closed, std::size_t max_body, HttpResponse& r) {
  std::size_t at = 0;
  for (;;) {
    auto eol = data.find("\r\n", at);
    if (eol == std::string_view::npos) break;
    auto size_field = data.substr(at, eol - at);
    size_field = trim(size_field.substr(0, size_field.find(';')));
    auto size = hexadecimal(size_field, max_body);
    if (!size || r.body.size() + *size > max_body) {
      r.error = size ? "the body is too large" : "malformed chunk size";
      return State::malformed;
    }
    at = eol + 2;
    if (*size == 0) {
      // The trailer section ends with an empty line.
      for (;;) {
        auto end = data.find("\r\n", at);
        if (end == std::string_view::npos) break;
        if (end == at) return State::complete;
        at = end + 2;
      }
      break;
    }
    if (data.size() < at + *size + 2) break;
    if (data.substr(at + *size, 2) != "\r\n") {
      r.error = "malformed chunk";
      return State::malformed;
    }
    r.body.append(data.substr(at, *size));
    at += *size + 2;
  }
  if (closed) {
    r.error = "the connection closed inside the chunked body";
    return State::malformed;
  }
  r.body.clear();  // decoded again when more has come
  return State::incomplete;
}

}  // namespace

HttpResponse parse_http_response(std::string_view raw, bool closed, std::size_t max_body) {
  auto header_end = raw.find("\r\n\r\n");
  if (header_end == std::string_view::npos) {
    if (raw.size() > kMaxHttpHeader) return malformed("the response header is too large");
    if (closed) return malformed("the connection closed before the end of the response header");
    return {};
  }
  if (header_end > kMaxHttpHeader) return malformed("the response header is too large");
  // Every line of the header section, the status line included, ends with CRLF.
  auto lines = split(raw.substr(0, header_end + 2), '\n');
  lines.pop_back();  // what follows the last LF: nothing
  for (auto& line : lines) {
    if (!line.ends_with('\r')) return malformed("a header line does not end with CRLF");
    line.remove_suffix(1);
  }
  HttpResponse r;
  if (!status_line(lines.front(), r))
    return malformed("malformed status line \"" + printable(lines.front().substr(0, 80)) + "\"");

  std::optional<std::size_t> content_length;
  bool chunked = false;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    auto line = lines[i];
    // RFC 9112 section 5: field-line = field-name ":" OWS field-value OWS; no obs-fold.
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 || line.front() == ' ' || line.front() == '\t')
      return malformed("malformed header line \"" + printable(line.substr(0, 80)) + "\"");
    auto name = line.substr(0, colon);
    auto value = trim(line.substr(colon + 1));
    if (iequals(name, "content-length")) {
      auto length = decimal(value, max_body);
      if (!length) return malformed("malformed or too large Content-Length");
      if (content_length && *content_length != *length) return malformed("conflicting Content-Length fields");
      content_length = length;
    } else if (iequals(name, "transfer-encoding")) {
      if (!iequals(value, "chunked")) return malformed("unsupported Transfer-Encoding \"" + printable(value) + "\"");
      chunked = true;
    } else if (iequals(name, "content-type")) {
      r.content_type = to_lower(trim(value.substr(0, value.find(';'))));
    } else if (iequals(name, "location")) {
      r.location = std::string(value);
    }
  }
  // RFC 9112 section 6.1: both framings at once is a sign of request smuggling.
  if (chunked && content_length) return malformed("both Content-Length and Transfer-Encoding");

  auto data = raw.substr(header_end + 4);
  if (chunked) {
    r.state = dechunk(data, closed, max_body, r);
    if (r.state == State::malformed) return malformed(r.error);
    return r;
  }
  if (content_length) {
    if (data.size() < *content_length) {
      if (closed) return malformed("the connection closed before the end of the body");
      return {};
    }
    r.body = std::string(data.substr(0, *content_length));
    r.state = State::complete;
    return r;
  }
  if (data.size() > max_body) return malformed("the body is too large");
  if (!closed) return {};
  r.body = std::string(data);
  r.state = State::complete;
  return r;
}

}  // namespace carteiro::queue
