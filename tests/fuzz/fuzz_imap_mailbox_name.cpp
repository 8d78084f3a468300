// IMAP mailbox names (mailbox_name.hpp): modified UTF-7, the name checks, INBOX, parents
// and LIST pattern matching. Checked: a name accepted for CREATE is valid modified UTF-7;
// canonical names keep their length and canonicalising twice changes nothing; a parent is
// a prefix; a name without wildcards matches itself as a pattern, "*" matches every name
// and "%" every name without the delimiter.
//
// Input: a pattern, a NUL byte, a name (without a NUL, the whole input is both).
#include <cstdint>
#include <string>

#include "carteiro/imap/mailbox_name.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace carteiro::imap;

constexpr std::size_t kMaxStoredName = 1024;  // above the parser's limit of 512

void check_name(std::string_view name) {
  if (!invalid_mailbox_name(name)) FUZZ_CHECK(valid_modified_utf7(name));
  std::string canonical = canonical_mailbox_name(name);
  FUZZ_CHECK(canonical.size() == name.size());
  FUZZ_CHECK(canonical_mailbox_name(canonical) == canonical);
  if (auto parent = parent_mailbox_name(name)) {
    FUZZ_CHECK(parent->size() < name.size());
    FUZZ_CHECK(name.substr(0, parent->size()) == *parent && name[parent->size()] == kDelimiter);
  }
  // Matching costs name length times pattern length; names over the length limit never
  // reach it (CREATE refuses them), patterns may be as long as a quoted string.
  if (name.size() > kMaxStoredName) return;
  FUZZ_CHECK(list_pattern_matches("*", name));
  FUZZ_CHECK(list_pattern_matches("%", name) == (name.find(kDelimiter) == std::string_view::npos));
  if (name.find_first_of("*%") == std::string_view::npos) FUZZ_CHECK(list_pattern_matches(name, name));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = carteiro::fuzz::as_text(data, size);
  auto nul = text.find('\0');
  std::string_view pattern = text.substr(0, nul);
  std::string_view name = nul == std::string_view::npos ? text : text.substr(nul + 1);
  check_name(pattern);
  check_name(name);
  if (name.size() <= kMaxStoredName) list_pattern_matches(pattern, name);
  return 0;
}
