#pragma once
// For Sieve unit tests: what compile() says of a script, in one line.
#include <string>
#include <string_view>

#include "carteiro/sieve/compile.hpp"

namespace carteiro::test {

// "line L, column C: message", or "" when the script compiles.
inline std::string sieve_error_of(std::string_view script,
                                  const sieve::Limits& limits = sieve::Limits{}) {
  auto result = sieve::compile(script, limits);
  if (result) return "";
  return result.error ? result.error->text() : "no script and no error";
}

}  // namespace carteiro::test
