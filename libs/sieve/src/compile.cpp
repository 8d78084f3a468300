// compile(): lexer, parser and checker in turn (RFC 5228 section 8), each stopping at the
// first error it meets.
#include "carteiro/sieve/compile.hpp"

#include "script.hpp"

namespace carteiro::sieve {

const std::vector<std::string_view>& supported_extensions() {
  static const std::vector<std::string_view> extensions = {
      "fileinto", "reject",   "ereject",  "envelope",         "encoded-character",
      "imap4flags", "copy",   "body",     "variables",        "vacation",
      "vacation-seconds", "relational", "subaddress", "date", "index",
      "mailbox",  "duplicate", "editheader", "comparator-i;ascii-numeric"};
  return extensions;
}

CompileResult compile(std::string_view text, const Limits& limits) {
  (void)text;
  (void)limits;
  CompileResult result;
  result.error = CompileError{1, 1, "not implemented yet"};
  return result;
}

}  // namespace carteiro::sieve
