#pragma once
// A run-time error (RFC 5228 section 2.10.6): the run stops, and the message is kept.
#include <stdexcept>
#include <string>

namespace carteiro::sieve {

struct RuntimeError : std::runtime_error {
  explicit RuntimeError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace carteiro::sieve
