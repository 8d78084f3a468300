// A whole message through libs/mime as delivery and IMAP FETCH use it: parse_structure,
// summarize (ENVELOPE, BODY, BODYSTRUCTURE), extract_section and body_text. Checked:
// the tree's views lie inside the message and nest, the summaries are well-formed IMAP
// (ENVELOPE has its ten fields), the pieces agree with summarize(), and a section gives the
// same octets from the message as from its parsed tree.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "carteiro/mime/header.hpp"
#include "carteiro/mime/imap_format.hpp"
#include "carteiro/mime/search_text.hpp"
#include "carteiro/mime/section.hpp"
#include "carteiro/mime/structure.hpp"
#include "fuzz_support.hpp"
#include "imap_syntax.hpp"

namespace {

using namespace carteiro::mime;

bool inside(std::string_view inner, std::string_view outer) {
  if (inner.empty()) return true;  // an empty view may point anywhere
  std::less_equal<const char*> le;
  return le(outer.data(), inner.data()) && le(inner.data() + inner.size(), outer.data() + outer.size());
}

void check_part(const Part& part, std::string_view parent, int depth, std::size_t& parts) {
  ++parts;
  FUZZ_CHECK(depth <= 2 * kMaxDepth + 2);
  FUZZ_CHECK(inside(part.whole, parent));
  FUZZ_CHECK(inside(part.header, part.whole));
  FUZZ_CHECK(inside(part.body, part.whole));
  FUZZ_CHECK(part.header.size() + part.body.size() <= part.whole.size());
  FUZZ_CHECK(!(part.is_multipart() && part.is_message()));
  FUZZ_CHECK(!part.type.type.empty() && !part.type.subtype.empty());
  for (const Part& child : part.children) check_part(child, part.body, depth + 1, parts);
  if (part.message) check_part(*part.message, part.body, depth + 1, parts);
}

std::vector<Section> sections_to_try() {
  auto make = [](std::vector<unsigned> part, SectionText text, std::vector<std::string> fields = {}) {
    Section s;
    s.part = std::move(part);
    s.text = text;
    s.fields = std::move(fields);
    return s;
  };
  return {
      make({}, SectionText::none),
      make({}, SectionText::header),
      make({}, SectionText::text),
      make({}, SectionText::header_fields, {"From", "Subject", "Content-Type"}),
      make({}, SectionText::header_fields_not, {"Received", "DATE"}),
      make({1}, SectionText::none),
      make({1}, SectionText::mime),
      make({1}, SectionText::header),
      make({1}, SectionText::text),
      make({1}, SectionText::header_fields, {"content-type"}),
      make({2}, SectionText::none),
      make({2}, SectionText::mime),
      make({1, 1}, SectionText::none),
      make({1, 2}, SectionText::mime),
      make({2, 1}, SectionText::header),
      make({1, 1, 1}, SectionText::none),
      make({3}, SectionText::text),
      make({4294967295u}, SectionText::none),
  };
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view message = carteiro::fuzz::as_text(data, size);
  static const std::vector<Section> sections = sections_to_try();

  Part root = parse_structure(message);
  std::size_t parts = 0;
  check_part(root, message, 0, parts);
  FUZZ_CHECK(root.whole.size() == message.size());

  Summary summary = summarize(message);
  FUZZ_CHECK(summary.header_size >= 0 && static_cast<std::size_t>(summary.header_size) <= message.size());
  FUZZ_CHECK(carteiro::fuzz::ImapSyntax(summary.envelope).list_length() == 10u);
  FUZZ_CHECK(carteiro::fuzz::ImapSyntax(summary.bodystructure).list_length().has_value());
  FUZZ_CHECK(carteiro::fuzz::ImapSyntax(summary.body).list_length().has_value());
  FUZZ_CHECK(summary.envelope == envelope(header_block(message)));
  FUZZ_CHECK(summary.bodystructure == bodystructure(root, true));
  FUZZ_CHECK(summary.body == bodystructure(root, false));

  for (std::size_t i = 0; i < sections.size(); ++i) {
    std::string from_tree = extract_section(root, sections[i]);
    // Header field lists may add the blank line that ends them; nothing else grows.
    FUZZ_CHECK(from_tree.size() <= message.size() + 2);
    // Each extraction from the message parses it again: a few suffice to compare.
    if (i % 4 == 0) FUZZ_CHECK(extract_section(message, sections[i]) == from_tree);
  }

  body_text(message);
  return 0;
}
