#pragma once
// The [sieve] keys of the configuration as the compiler's and interpreter's Limits.
#include "carteiro/common/config.hpp"
#include "carteiro/sieve/compile.hpp"

namespace carteiro::sieve {

inline Limits limits_of(const SieveConfig& config) {
  Limits limits;
  limits.max_script_size = static_cast<std::size_t>(config.max_script_size);
  limits.max_redirects = config.max_redirects;
  limits.max_actions = config.max_actions;
  limits.max_steps = config.max_steps;
  return limits;
}

}  // namespace carteiro::sieve
