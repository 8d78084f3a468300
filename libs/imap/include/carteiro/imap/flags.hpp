#pragma once
// Message flags as IMAP writes them (RFC 3501 section 2.3.2): the system flags stored as
// bits (store::Flag), keywords as a space-separated list, \Recent per session.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carteiro::imap {

struct FlagSet {
  std::uint32_t system = 0;            // store::Flag bits
  std::vector<std::string> keywords;   // as the client wrote them, without duplicates
};

// Parses flags from STORE or APPEND. Errors (for a BAD reply): an unknown system flag
// ("\Foo"), or \Recent, which clients cannot set (RFC 3501 section 2.3.2).
struct FlagParse {
  FlagSet flags;
  std::optional<std::string> error;
};
FlagParse parse_flags(const std::vector<std::string>& written);

// Keywords are case-insensitive; the stored list keeps the first spelling.
std::vector<std::string> split_keywords(std::string_view stored);
std::string join_keywords(const std::vector<std::string>& keywords);
std::vector<std::string> add_keywords(std::vector<std::string> to, const std::vector<std::string>& more);
std::vector<std::string> remove_keywords(std::vector<std::string> from, const std::vector<std::string>& less);

// "(\Seen \Recent $Forwarded)".
std::string flag_list(std::uint32_t system, std::string_view stored_keywords, bool recent);
// The FLAGS response of SELECT and the PERMANENTFLAGS code: the system flags and KEYWORDS.
std::string defined_flags(const std::vector<std::string>& keywords);
std::string permanent_flags(const std::vector<std::string>& keywords);

}  // namespace carteiro::imap
