#pragma once
// Sieve (RFC 5228) scripts are compiled once, when they are uploaded (ManageSieve
// PUTSCRIPT/CHECKSCRIPT, `carteiro sieve put`): parsed, and checked against the
// extensions they `require`, so that the author learns of a mistake then, with its line
// and column. Delivery runs the compiled form (run.hpp) and never meets a syntax error.
// Pure: no I/O.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carteiro::sieve {

// Bounds on what one script may be and do; [sieve] keys in the configuration.
struct Limits {
  std::size_t max_script_size = 64 * 1024;  // octets of script text
  std::size_t max_redirects = 4;            // redirect actions per message
  std::size_t max_actions = 32;             // actions of every kind per run
  std::size_t max_steps = 100'000;          // commands and tests evaluated per run
  std::size_t max_nesting = 32;             // block and test nesting depth
};

struct CompileError {
  std::size_t line = 1;    // 1-based
  std::size_t column = 1;  // 1-based, in octets
  std::string message;     // what was expected or is wrong: "expected ';' after command"
  // "line 3, column 5: expected ';' after command"
  std::string text() const;
};

// The compiled, checked form of a script: immutable, shared by every delivery that runs
// it. Its contents are private to the library (src/).
class Script;

struct CompileResult {
  std::shared_ptr<const Script> script;  // set on success
  std::optional<CompileError> error;     // set on failure
  explicit operator bool() const { return script != nullptr; }
};

CompileResult compile(std::string_view text, const Limits& limits = {});

// The capability names this implementation supports, in the order ManageSieve announces
// them ("fileinto", "reject", "envelope", ...), for `require` and the SIEVE capability.
const std::vector<std::string_view>& supported_extensions();

}  // namespace carteiro::sieve
