#pragma once
// The SRS secret (srs.hpp): made once, on first need, into data_dir/srs_secret (mode 0600,
// like everything in data_dir), and read from there afterwards, so addresses signed before
// a restart are still recognised after it.
#include <filesystem>
#include <string>

namespace carteiro::delivery {

inline constexpr const char* kSrsSecretFile = "srs_secret";

// The secret in DATA_DIR, made when missing. Throws std::runtime_error naming the file.
std::string load_srs_secret(const std::filesystem::path& data_dir);

}  // namespace carteiro::delivery
