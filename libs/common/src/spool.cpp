#include "carteiro/common/spool.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

namespace carteiro {

namespace {

// Once the content is in the file, appends gather here before one write(2): DATA hands
// the spool one line at a time.
constexpr std::size_t kWriteBuffer = 64 * 1024;

[[noreturn]] void fail(std::string_view what, const std::filesystem::path& dir, int error) {
  throw SpoolError(fmt::format("spool: {} {}: {}", what, dir.string(), std::strerror(error)));
}

// A file with no name under DIR: O_TMPFILE (Linux 3.11+, most file systems), else a
// name made by mkostemp and unlinked before anything is written to it.
int open_anonymous(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) fail("cannot create the directory", dir, ec.value());
#ifdef O_TMPFILE
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) fail("cannot create a temporary file in", dir, errno);
#endif
  std::string pattern = (dir / "spool-XXXXXX").string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int named = ::mkostemp(name.data(), O_CLOEXEC);
  if (named < 0) fail("cannot create a temporary file in", dir, errno);
  if (::unlink(name.data()) != 0) {
    int error = errno;
    ::close(named);
    fail("cannot unlink a temporary file in", dir, error);
  }
  return named;
}

}  // namespace

Spool::Spool(std::filesystem::path dir, std::size_t memory_limit) : dir_(std::move(dir)), memory_limit_(memory_limit) {}

Spool::~Spool() { release(); }

Spool::Spool(Spool&& other) noexcept
    : dir_(std::move(other.dir_)),
      memory_limit_(other.memory_limit_),
      buffer_(std::move(other.buffer_)),
      fd_(std::exchange(other.fd_, -1)),
      map_(std::exchange(other.map_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      finished_(std::exchange(other.finished_, false)) {}

Spool& Spool::operator=(Spool&& other) noexcept {
  if (this != &other) {
    release();
    dir_ = std::move(other.dir_);
    memory_limit_ = other.memory_limit_;
    buffer_ = std::move(other.buffer_);
    fd_ = std::exchange(other.fd_, -1);
    map_ = std::exchange(other.map_, nullptr);
    size_ = std::exchange(other.size_, 0);
    finished_ = std::exchange(other.finished_, false);
  }
  return *this;
}

void Spool::release() noexcept {
  if (map_) ::munmap(map_, static_cast<std::size_t>(size_));
  map_ = nullptr;
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  std::string().swap(buffer_);
}

void Spool::append(std::string_view bytes) {
  if (finished_) throw std::logic_error("Spool::append after finish");
  if (bytes.empty()) return;
  size_ += bytes.size();
  if (fd_ < 0) {
    buffer_.append(bytes);
    if (size_ > memory_limit_) spill();
    return;
  }
  if (buffer_.size() + bytes.size() > kWriteBuffer) write_out();
  if (bytes.size() >= kWriteBuffer)
    write_all(bytes);  // large pieces go straight to the file, not through the buffer
  else
    buffer_.append(bytes);
}

void Spool::spill() {
  fd_ = open_anonymous(dir_);
  write_out();
  std::string().swap(buffer_);  // give the memory back: from now on only the write buffer
  buffer_.reserve(kWriteBuffer);
}

void Spool::write_out() {
  write_all(buffer_);
  buffer_.clear();
}

void Spool::write_all(std::string_view rest) {
  while (!rest.empty()) {
    auto n = ::write(fd_, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot write a temporary file in", dir_, errno);
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
}

std::string_view Spool::finish() {
  if (!finished_) {
    finished_ = true;
    if (fd_ >= 0) {
      write_out();
      std::string().swap(buffer_);
      void* map = ::mmap(nullptr, static_cast<std::size_t>(size_), PROT_READ, MAP_SHARED, fd_, 0);
      if (map == MAP_FAILED) fail("cannot map a temporary file in", dir_, errno);
      map_ = map;
    }
  }
  return content();
}

std::string_view Spool::content() const {
  if (!finished_) throw std::logic_error("Spool::content before finish");
  if (map_) return {static_cast<const char*>(map_), static_cast<std::size_t>(size_)};
  return buffer_;
}

void append_or_record(Spool& spool, std::string_view bytes, std::optional<std::string>& error) {
  if (error) return;
  try {
    spool.append(bytes);
  } catch (const SpoolError& e) {
    error = e.what();
  }
}

std::size_t remove_leftover_spools(const std::filesystem::path& dir) {
  std::error_code ec;
  std::size_t removed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().filename().string().rfind("spool-", 0) != 0) continue;
    if (std::filesystem::remove(entry.path(), ec)) ++removed;
  }
  return removed;
}

}  // namespace carteiro
