#include "carteiro/common/data_dir.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <stdexcept>
#include <system_error>

namespace carteiro {

namespace {

// FOLLOW: the data directory itself may be a symbolic link (a mounted volume); what is
// inside it is looked at as it is, links are left alone.
struct stat stat_of(const std::filesystem::path& path, bool follow) {
  struct stat st {};
  if ((follow ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st)) != 0)
    throw std::system_error(errno, std::generic_category(), fmt::format("data directory {}", path.string()));
  return st;
}

void change_mode(const std::filesystem::path& path, mode_t mode) {
  if (::chmod(path.c_str(), mode) != 0)
    throw std::system_error(errno, std::generic_category(), fmt::format("cannot make {} private", path.string()));
}

}  // namespace

void secure_data_dir(const std::filesystem::path& dir) {
  ::umask(kPrivateUmask);
  std::filesystem::create_directories(dir);
  auto st = stat_of(dir, true);
  if (!S_ISDIR(st.st_mode)) throw std::runtime_error(fmt::format("data directory {} is not a directory", dir.string()));
  if (st.st_uid != ::geteuid())
    throw std::runtime_error(fmt::format("data directory {} is owned by uid {}, not by uid {} that runs this: "
                                         "chown it to this user",
                                         dir.string(), st.st_uid, ::geteuid()));
  // Refused rather than fixed: someone else may already have planted files in it.
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    throw std::runtime_error(fmt::format("data directory {} is writable by group or others (mode {:04o}): "
                                         "run chmod 700 {} after checking its contents",
                                         dir.string(), st.st_mode & 07777, dir.string()));
  change_mode(dir, kDataDirMode);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    auto entry_stat = stat_of(entry.path(), false);
    if (entry_stat.st_uid != ::geteuid() || S_ISLNK(entry_stat.st_mode)) continue;
    if (S_ISDIR(entry_stat.st_mode)) change_mode(entry.path(), kDataDirMode);
    else if (S_ISREG(entry_stat.st_mode)) change_mode(entry.path(), kDataFileMode);
  }
}

}  // namespace carteiro
