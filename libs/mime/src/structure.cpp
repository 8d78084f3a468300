// The MIME tree (RFC 2045, RFC 2046 section 5): headers, bodies, multipart boundaries and
// encapsulated messages, as views into the message.
#include "carteiro/mime/structure.hpp"

#include <algorithm>
#include <cstring>

#include "carteiro/common/strings.hpp"
#include "carteiro/mime/header.hpp"

namespace carteiro::mime {

namespace {

MimeFields read_mime_fields(std::string_view header) {
  MimeFields f;
  FieldReader reader(header);
  RawField field;
  while (reader.next(field)) {
    std::string_view n = field.name;
    std::string_view* slot = nullptr;
    if (!istarts_with(n, "content-")) continue;
    std::string_view rest = n.substr(8);
    if (iequals(rest, "type")) {
      slot = &f.content_type;
      f.has_content_type = true;  // even when empty: then the value is invalid
    } else if (iequals(rest, "transfer-encoding")) {
      slot = &f.transfer_encoding;
    } else if (iequals(rest, "id")) {
      slot = &f.id;
    } else if (iequals(rest, "description")) {
      slot = &f.description;
    } else if (iequals(rest, "disposition")) {
      slot = &f.disposition;
    } else if (iequals(rest, "language")) {
      slot = &f.language;
    } else if (iequals(rest, "location")) {
      slot = &f.location;
    } else if (iequals(rest, "md5")) {
      slot = &f.md5;
    }
    if (slot && slot->data() == nullptr) *slot = field.value;  // the first occurrence counts
  }
  return f;
}

std::size_t line_break_before(std::string_view text, std::size_t pos) {
  if (pos >= 1 && text[pos - 1] == '\n') return (pos >= 2 && text[pos - 2] == '\r') ? 2 : 1;
  return 0;
}

// If the line at LINE is a delimiter line for BOUNDARY (RFC 2046 section 5.1.1: "--"
// boundary, optionally "--" for the close delimiter, then transport padding and the line
// break), sets CLOSE and returns true. "--boundaryX" is a different, longer boundary.
bool is_delimiter_line(std::string_view line, std::string_view boundary, bool& close) {
  if (line.size() < boundary.size() + 2 || line[0] != '-' || line[1] != '-' ||
      line.substr(2, boundary.size()) != boundary)
    return false;
  std::size_t i = boundary.size() + 2;
  close = line.substr(i, 2) == "--";
  if (close) i += 2;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
  return i == line.size() || line[i] == '\n';
}

// Splits a multipart body into its body parts, line by line (linear in the body size). The
// line break before a delimiter belongs to the delimiter, not to the part before it. At most
// MAX_PARTS parts: the last one then runs to the end, as an unterminated one does.
std::vector<std::string_view> split_multipart(std::string_view body, std::string_view boundary,
                                              std::size_t max_parts) {
  std::vector<std::string_view> parts;
  std::size_t part_start = std::string_view::npos;  // npos: still in the preamble
  std::size_t pos = 0;
  while (pos < body.size() && parts.size() < max_parts) {
    const void* nl = std::memchr(body.data() + pos, '\n', body.size() - pos);
    std::size_t line_end =
        nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - body.data()) + 1 : body.size();
    std::string_view line = body.substr(pos, line_end - pos);
    bool close = false;
    if (is_delimiter_line(line, boundary, close)) {
      if (part_start != std::string_view::npos) {
        std::size_t end = std::max(part_start, pos - line_break_before(body, pos));
        parts.push_back(body.substr(part_start, end - part_start));
      }
      if (close) return parts;  // the epilogue belongs to no body part
      part_start = line_end;
    }
    pos = line_end;
  }
  // Unterminated: the last part runs to the end of the enclosing body.
  if (part_start != std::string_view::npos) {
    if (parts.size() >= max_parts && !parts.empty()) {
      std::size_t start = static_cast<std::size_t>(parts.back().data() - body.data());
      parts.back() = body.substr(start);
    } else {
      parts.push_back(body.substr(std::min(part_start, body.size())));
    }
  }
  return parts;
}

ContentType default_type(bool in_digest) {
  ContentType ct;
  if (in_digest) {  // RFC 2046 section 5.1.5
    ct.type = "message";
    ct.subtype = "rfc822";
  } else {  // RFC 2045 section 5.2
    ct.params.push_back({"charset", "us-ascii"});
  }
  return ct;
}

// Limits that keep a hostile message from costing more than a fixed multiple of its size.
struct Budget {
  std::size_t parts_left = kMaxParts;
};

void parse_part(Part& part, std::string_view whole, int depth, bool in_digest, Budget& budget) {
  part.whole = whole;
  part.header = header_block(whole);
  part.body = whole.substr(part.header.size());
  part.fields = read_mime_fields(part.header);
  std::optional<ContentType> ct;
  if (part.fields.has_content_type) ct = parse_content_type(part.fields.content_type);
  // An invalid Content-Type is text/plain (RFC 2045 section 5.2), also inside a digest,
  // where only an absent one means message/rfc822.
  if (ct)
    part.type = std::move(*ct);
  else
    part.type = default_type(in_digest && !part.fields.has_content_type);

  if (part.type.is_multipart()) {
    std::optional<std::string_view> boundary = part.type.param("boundary");
    if (!boundary || boundary->empty()) {
      // Invalid Content-Type: RFC 2045 section 5.2 says treat it as text/plain.
      part.type = default_type(false);
      return;
    }
    if (depth >= kMaxDepth) {
      part.type = ContentType{"application", "octet-stream", {}};
      return;
    }
    bool digest = iequals(part.type.subtype, "digest");
    std::vector<std::string_view> bodies =
        split_multipart(part.body, *boundary, std::max<std::size_t>(budget.parts_left, 1));
    if (bodies.empty()) bodies.push_back(part.body.substr(part.body.size()));
    budget.parts_left -= std::min(budget.parts_left, bodies.size());
    part.children.resize(bodies.size());
    for (std::size_t i = 0; i < bodies.size(); ++i)
      parse_part(part.children[i], bodies[i], depth + 1, digest, budget);
    return;
  }
  if (part.type.is_message_rfc822()) {
    if (depth >= kMaxDepth) {
      part.type = ContentType{"application", "octet-stream", {}};
      return;
    }
    part.message = std::make_unique<Part>();
    parse_part(*part.message, part.body, depth + 1, false, budget);
  }
}

}  // namespace

Part parse_structure(std::string_view message) {
  Part root;
  Budget budget;
  parse_part(root, message, 0, false, budget);
  return root;
}

std::int64_t count_lines(std::string_view body) {
  auto n = static_cast<std::int64_t>(std::count(body.begin(), body.end(), '\n'));
  if (!body.empty() && body.back() != '\n') ++n;
  return n;
}

}  // namespace carteiro::mime
