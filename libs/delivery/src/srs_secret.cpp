#include "carteiro/delivery/srs_secret.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>
#include <openssl/rand.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "carteiro/common/data_dir.hpp"
#include "carteiro/common/strings.hpp"

namespace carteiro::delivery {

namespace {

constexpr std::size_t kSecretBytes = 32;

std::runtime_error file_error(const std::filesystem::path& file, std::string_view what) {
  return std::runtime_error(fmt::format("SRS secret {}: {}", file.string(), what));
}

// O_EXCL: when the daemon and the CLI both start on a new data_dir, one of them makes it.
bool create_secret(const std::filesystem::path& file) {
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, kDataFileMode);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    throw file_error(file, std::strerror(errno));
  }
  std::string random(kSecretBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(random.data()), static_cast<int>(random.size())) != 1) {
    ::close(fd);
    throw file_error(file, "no random bytes");
  }
  std::string text = hex(random) + "\n";
  bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) throw file_error(file, "cannot be written");
  return true;
}

}  // namespace

std::string load_srs_secret(const std::filesystem::path& data_dir) {
  auto file = data_dir / kSrsSecretFile;
  create_secret(file);
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  std::string secret(trim(text.str()));
  if (!in || secret.size() < kSecretBytes) throw file_error(file, "missing or too short (delete it to make a new one)");
  return secret;
}

}  // namespace carteiro::delivery
