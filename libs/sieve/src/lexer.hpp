#pragma once
// The Sieve lexer (RFC 5228 section 8.1): script text to tokens, comments and white space
// dropped. Pure; the whole script is tokenized at once (it is bounded by
// Limits::max_script_size before it gets here).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "carteiro/sieve/compile.hpp"
#include "script.hpp"

namespace carteiro::sieve {

struct Token {
  enum class Kind {
    identifier,     // "if", "fileinto" (text lowercased: identifiers ignore case)
    tag,            // ":is" (text lowercased, without the colon)
    number,         // "10K" (number holds 10240)
    string,         // quoted or text: multi-line (text holds the value, escapes undone)
    left_bracket,   // [
    right_bracket,  // ]
    left_paren,     // (
    right_paren,    // )
    left_brace,     // {
    right_brace,    // }
    comma,
    semicolon,
    end,            // end of the script
  };
  Kind kind = Kind::end;
  std::string text;
  std::uint64_t number = 0;
  Position position;
};

// How a token is named in an error message: "';'", "identifier \"keep\"", "end of script".
std::string describe(const Token& token);

struct LexResult {
  std::vector<Token> tokens;  // ends with one Kind::end token, unless error is set
  std::optional<CompileError> error;
};

// Refuses NUL octets and text that is not UTF-8 (RFC 5228 section 2.4.2), pointing at
// the first offending octet. Line ends are CRLF or LF; string values get CRLF.
LexResult tokenize(std::string_view text);

}  // namespace carteiro::sieve
