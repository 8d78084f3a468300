#pragma once
// The data directory holds every message and password hash: only the user the server runs
// as may read it. Both carteirod and the CLI call secure_data_dir() before they open the
// store (either may be the one that creates it).
#include <filesystem>
#include <sys/types.h>

namespace carteiro {

inline constexpr mode_t kPrivateUmask = 077;     // new files 0600, new directories 0700
inline constexpr mode_t kDataDirMode = 0700;
inline constexpr mode_t kDataFileMode = 0600;

// Sets the process umask to kPrivateUmask, creates DIR (0700) when missing, refuses
// (std::runtime_error naming DIR) a directory owned by another user or writable by group
// or others, and makes what is already in it private (directories 0700, files 0600).
void secure_data_dir(const std::filesystem::path& dir);

}  // namespace carteiro
