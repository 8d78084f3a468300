// libs/mime header fields (header.hpp, section.hpp's filter_header): header_block is a
// prefix of the message; FieldReader hands out fields in order, inside the block, with
// names that are RFC 5322 field names; parse_header and first_header agree with it; unfold
// leaves no line break and no outer blanks; HEADER.FIELDS filters never grow the header.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "carteiro/mime/header.hpp"
#include "carteiro/mime/section.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace carteiro::mime;

bool inside(std::string_view inner, std::string_view outer) {
  std::less_equal<const char*> le;
  return le(outer.data(), inner.data()) && le(inner.data() + inner.size(), outer.data() + outer.size());
}

void check_unfolded(const std::string& value) {
  FUZZ_CHECK(value.find('\n') == std::string::npos);
  if (value.empty()) return;
  FUZZ_CHECK(value.front() != ' ' && value.front() != '\t');
  FUZZ_CHECK(value.back() != ' ' && value.back() != '\t' && value.back() != '\r');
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view message = carteiro::fuzz::as_text(data, size);

  std::string_view block = header_block(message);
  FUZZ_CHECK(block.size() <= message.size());
  FUZZ_CHECK(block.empty() || block.data() == message.data());

  std::vector<RawField> fields = split_fields(block);
  const char* previous_end = block.data();
  for (const RawField& f : fields) {
    FUZZ_CHECK(!f.name.empty());
    for (char c : f.name) FUZZ_CHECK(static_cast<unsigned char>(c) >= 33 && static_cast<unsigned char>(c) <= 126 && c != ':');
    FUZZ_CHECK(inside(f.lines, block));
    FUZZ_CHECK(inside(f.name, f.lines) && inside(f.value, f.lines));
    FUZZ_CHECK(std::less_equal<const char*>()(previous_end, f.lines.data()));
    previous_end = f.lines.data() + f.lines.size();
  }

  std::vector<HeaderField> parsed = parse_header(block);
  FUZZ_CHECK(parsed.size() == fields.size());
  std::vector<std::string> names;
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    FUZZ_CHECK(parsed[i].name == fields[i].name);
    FUZZ_CHECK(parsed[i].value == unfold(fields[i].value));
    check_unfolded(parsed[i].value);
    if (i % 2 == 0) names.push_back(parsed[i].name);
  }
  if (!parsed.empty()) FUZZ_CHECK(first_header(message, parsed.front().name) == parsed.front().value);
  FUZZ_CHECK(!first_header(message, "No-Such-Field:") || parsed.size() > 0);

  // A reader over anything (not only a header block) stays inside it.
  FieldReader reader(message);
  RawField f;
  while (reader.next(f)) FUZZ_CHECK(inside(f.lines, message));

  std::string kept = filter_header(block, names, true);
  std::string dropped = filter_header(block, names, false);
  FUZZ_CHECK(kept.size() <= block.size() + 2 && dropped.size() <= block.size() + 2);
  FUZZ_CHECK(kept.size() + dropped.size() <= block.size() + 4);

  header_text(message, "Subject");
  header_text(message, names.empty() ? "From" : names.front());
  return 0;
}
