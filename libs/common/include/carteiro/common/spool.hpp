#pragma once
// Where an incoming message waits while it is being received (SMTP DATA/BDAT, IMAP
// APPEND): bytes are appended as they arrive; up to a threshold they stay in memory, past
// it they move to an anonymous temporary file under data_dir/tmp, so a thousand clients
// sending 25 MiB each do not cost 25 GiB of heap. finish() then gives the whole message as
// one read-only view: the memory buffer, or an mmap of the file (page cache, not heap).
//
// The file never has a name anyone can see: it is made with O_TMPFILE, or, where the file
// system lacks it, created and unlinked at once. Nothing is left behind, even after a
// crash; closing the descriptor (the destructor) frees the disk space. (With the
// fallback, only a crash in the instant between create and unlink leaves a spool-* file.)
//
// Errors (directory not creatable, disk full, mmap refused) throw SpoolError with what
// failed and why; the protocols answer with their temporary error (SMTP 451, IMAP NO).
// A spool that threw is not used again: its content is incomplete.
// Writes go through a small buffer, so appending one line at a time is cheap.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace carteiro {

class SpoolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Spool {
 public:
  // DIR is created on the first spill if missing; MEMORY_LIMIT octets stay in memory.
  Spool(std::filesystem::path dir, std::size_t memory_limit);
  ~Spool();
  Spool(Spool&& other) noexcept;
  Spool& operator=(Spool&& other) noexcept;
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  // Adds BYTES at the end. Not allowed after finish().
  void append(std::string_view bytes);
  // The whole content, contiguous and read-only, valid as long as the spool lives.
  // Appending ends here; calling it again returns the same view.
  std::string_view finish();
  // The same view for a finished spool (std::logic_error before finish()).
  std::string_view content() const;
  std::uint64_t size() const { return size_; }
  bool in_file() const { return fd_ >= 0; }

 private:
  void spill();              // memory -> a new temporary file
  void write_out();          // the write buffer -> the file
  void write_all(std::string_view bytes);
  void release() noexcept;   // unmap, close, free

  std::filesystem::path dir_;
  std::size_t memory_limit_;
  std::string buffer_;       // the content while in memory; then the bytes not yet written
  int fd_ = -1;
  void* map_ = nullptr;      // mmap of the file after finish()
  std::uint64_t size_ = 0;
  bool finished_ = false;
};

// For a session that must read a message to its end to stay in step with the client even
// when the spool cannot keep it (then it answers with a temporary error): appends BYTES
// unless ERROR is already set, and records a SpoolError in ERROR instead of throwing.
void append_or_record(Spool& spool, std::string_view bytes, std::optional<std::string>& error);

// At start-up, before any session: removes the spool-* files a crash left in DIR between
// the fallback's create and unlink (no live spool has a name). Returns how many.
std::size_t remove_leftover_spools(const std::filesystem::path& dir);

}  // namespace carteiro
