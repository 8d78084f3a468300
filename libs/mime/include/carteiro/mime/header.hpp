#pragma once
// RFC 5322 section 2.2 header fields: splitting a message into header and body, finding
// fields, unfolding. Views point into the caller's message; nothing here throws.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carteiro::mime {

// A field with its value unfolded (RFC 5322 section 2.2.3) and trimmed, still raw: encoded
// words and 8-bit bytes are left as they are.
struct HeaderField {
  std::string name;
  std::string value;
};

// A field as it sits in the message: views into the header block.
struct RawField {
  std::string_view name;   // without the colon and trailing blanks
  std::string_view value;  // after the colon, still folded, without the final line break
  std::string_view lines;  // the whole field including its final line break
};

// The header block of MESSAGE: up to and including the blank line that ends it, or the whole
// message when there is no blank line. A message whose first line is not a header field (nor
// the blank line) has an empty header: all of it is body.
std::string_view header_block(std::string_view message);

// Reads the fields of a header block one by one, in order, without allocating. Lines that are
// neither a field nor a continuation are skipped; the blank line ends the header.
class FieldReader {
 public:
  explicit FieldReader(std::string_view header_block) : block_(header_block) {}
  bool next(RawField& field);  // false when there are no more fields

 private:
  std::string_view block_;
  std::size_t pos_ = 0;
};

// All the fields of a header block (FieldReader into a vector).
std::vector<RawField> split_fields(std::string_view header_block);
std::vector<HeaderField> parse_header(std::string_view header_block);

// RFC 5322 section 2.2.3: removes the line breaks of folding and the blanks around the value.
std::string unfold(std::string_view folded_value);

// The first field NAME (case-insensitive) of MESSAGE, unfolded; nullopt when absent.
std::optional<std::string> first_header(std::string_view message, std::string_view name);

// All values of header NAME, RFC 2047-decoded to UTF-8 and joined by "\n" (for SEARCH).
std::string header_text(std::string_view message, std::string_view name);

}  // namespace carteiro::mime
