// compile(): the lexer, the parser and the checker in turn (RFC 5228 section 8), each
// stopping at the first error it meets.
#include "carteiro/sieve/compile.hpp"

#include <fmt/format.h>

#include "check.hpp"
#include "lexer.hpp"
#include "parser.hpp"
#include "script.hpp"

namespace carteiro::sieve {

const std::vector<std::string_view>& supported_extensions() {
  static const std::vector<std::string_view> extensions = {
      "fileinto",   "reject",    "ereject",    "envelope",  "encoded-character",
      "imap4flags", "copy",      "body",       "variables", "vacation",
      "vacation-seconds", "relational", "subaddress", "date", "index",
      "mailbox",    "duplicate", "editheader", "comparator-i;ascii-numeric"};
  return extensions;
}

CompileResult compile(std::string_view text, const Limits& limits) {
  CompileResult result;
  if (text.size() > limits.max_script_size) {
    result.error = CompileError{1, 1, fmt::format("script is {} octets, over the limit of {}",
                                                  text.size(), limits.max_script_size)};
    return result;
  }
  LexResult lexed = tokenize(text);
  if (lexed.error) {
    result.error = std::move(lexed.error);
    return result;
  }
  ParseResult parsed = parse(lexed.tokens, limits.max_nesting);
  if (parsed.error) {
    result.error = std::move(parsed.error);
    return result;
  }
  auto script = std::make_shared<Script>();
  script->commands = std::move(parsed.commands);
  if (auto error = check(*script)) {
    result.error = std::move(error);
    return result;
  }
  result.script = std::move(script);
  return result;
}

}  // namespace carteiro::sieve
