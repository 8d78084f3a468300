#include <fmt/format.h>

#include "carteiro/sieve/compile.hpp"

namespace carteiro::sieve {

std::string CompileError::text() const {
  return fmt::format("line {}, column {}: {}", line, column, message);
}

}  // namespace carteiro::sieve
