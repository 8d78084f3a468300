// BODY[section] (RFC 3501 section 6.4.5): part numbers, HEADER, HEADER.FIELDS[.NOT], TEXT
// and MIME.
#include "carteiro/mime/section.hpp"

#include <algorithm>

#include "carteiro/common/strings.hpp"
#include "carteiro/mime/header.hpp"

namespace carteiro::mime {

namespace {

// The numbered subparts of PART. A multipart numbers its body parts; a message/rfc822 part
// numbers the parts of the message inside it; a non-multipart message has one part, its body.
std::vector<const Part*> subparts_of_message(const Part& message) {
  std::vector<const Part*> out;
  if (message.is_multipart()) {
    for (const Part& c : message.children) out.push_back(&c);
  } else {
    out.push_back(&message);
  }
  return out;
}

std::vector<const Part*> subparts(const Part& part) {
  if (part.is_multipart()) return subparts_of_message(part);
  if (part.is_message()) return subparts_of_message(*part.message);
  return {};
}

// The part a section's numbers name, nullptr if there is none.
const Part* find_part(const Part& root, const std::vector<unsigned>& numbers) {
  const Part* node = &root;
  std::vector<const Part*> candidates = subparts_of_message(root);
  for (unsigned n : numbers) {
    if (n == 0 || n > candidates.size()) return nullptr;
    node = candidates[n - 1];
    candidates = subparts(*node);
  }
  return node;
}

bool listed(std::string_view name, const std::vector<std::string>& fields) {
  return std::any_of(fields.begin(), fields.end(),
                     [&](const std::string& f) { return iequals(trim(f), name); });
}

// The blank line that ends a header block, or "" when the block has none.
std::string_view blank_line_of(std::string_view block) {
  if (block.empty() || block.back() != '\n') return {};
  if (block.size() == 1) return block;
  std::size_t prev = block.rfind('\n', block.size() - 2);
  std::string_view last = prev == std::string_view::npos ? block : block.substr(prev + 1);
  return (last == "\r\n" || last == "\n") ? last : std::string_view{};
}

}  // namespace

std::string filter_header(std::string_view block, const std::vector<std::string>& fields,
                          bool keep_matching) {
  std::string out;
  FieldReader reader(block);
  RawField f;
  while (reader.next(f))
    if (listed(f.name, fields) == keep_matching) out.append(f.lines);
  // "The blank line is always included in header data, except in the case of a message
  // which has no body and no blank line."
  out.append(blank_line_of(block));
  return out;
}

std::string extract_section(const Part& root, const Section& section) {
  const Part* node = find_part(root, section.part);
  if (!node) return {};
  // HEADER, HEADER.FIELDS and TEXT name a message: the top-level one or a message/rfc822.
  const Part* message = nullptr;
  if (section.part.empty())
    message = &root;
  else if (node->is_message())
    message = node->message.get();
  switch (section.text) {
    case SectionText::none:
      return std::string(section.part.empty() ? root.whole : node->body);
    case SectionText::mime:
      return section.part.empty() ? std::string() : std::string(node->header);
    case SectionText::header:
      return message ? std::string(message->header) : std::string();
    case SectionText::text:
      return message ? std::string(message->body) : std::string();
    case SectionText::header_fields:
    case SectionText::header_fields_not:
      if (!message) return {};
      return filter_header(message->header, section.fields,
                           section.text == SectionText::header_fields);
  }
  return {};
}

std::string extract_section(std::string_view message, const Section& section) {
  return extract_section(parse_structure(message), section);
}

}  // namespace carteiro::mime
