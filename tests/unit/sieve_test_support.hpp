#pragma once
// For Sieve unit tests: what compile() says of a script, in one line.
#include <string>
#include <string_view>

#include <doctest/doctest.h>

#include <memory>

#include "../../libs/sieve/src/script.hpp"
#include "carteiro/sieve/compile.hpp"

namespace carteiro::test {

// "line L, column C: message", or "" when the script compiles.
inline std::string sieve_error_of(std::string_view script,
                                  const sieve::Limits& limits = sieve::Limits{}) {
  auto result = sieve::compile(script, limits);
  if (result) return "";
  return result.error ? result.error->text() : "no script and no error";
}

// The compiled tree of a script that must compile.
inline std::shared_ptr<const sieve::Script> sieve_compiled(std::string_view script) {
  auto result = sieve::compile(script);
  REQUIRE_MESSAGE(result, (result.error ? result.error->text() : ""));
  return result.script;
}

}  // namespace carteiro::test
