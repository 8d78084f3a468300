#pragma once
// For config unit tests: the one-line error a TOML text gets, or "" when it is valid.
#include <string>
#include <string_view>

#include "carteiro/common/config.hpp"

namespace carteiro::test {

inline std::string config_error_of(std::string_view toml) {
  try {
    parse_config(toml, "test.toml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace carteiro::test
