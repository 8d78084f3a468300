#pragma once
// The message text after DATA's 354 (RFC 5321 section 4.1.1.4), fed one line at a time
// as net::Connection::read_line hands them out. Pure: no I/O, tested with wire lines.
//
// - End of data is only CRLF "." CRLF: a "." line counts only when it and the line before
//   it ended in CRLF (section 4.1.1.4; the 2023 "SMTP smuggling" attacks hide a second
//   message behind "<LF>.<LF>" or "<CR>.<CR>").
// - A bare LF or a bare CR anywhere in the text is an error at once (as Postfix's
//   smtpd_forbid_bare_newline): the session must not read on and guess where it ends.
// - Dot-stuffing is undone (section 4.5.2).
// - The size limit is enforced while reading: past it nothing more is kept (and what was
//   kept is freed), but reading goes on to the end so the session stays in step.
// - What is kept waits here only until the session moves it on (pending(), then
//   clear_pending()) into a spool: the reader itself never holds a whole large message.
#include <cstdint>
#include <string>

#include "carteiro/net/line_buffer.hpp"

namespace carteiro::smtp {

enum class DataError {
  none,
  too_big,        // over the size limit: 552 5.3.4 at the end
  line_too_long,  // a line over the reader's limit: 552 5.3.4 at the end
  bare_newline,   // bare LF or CR: reply at once and close
};

class DataReader {
 public:
  explicit DataReader(std::uint64_t max_size) : max_size_(max_size) {}

  // True when LINE was the end-of-data marker (the message is complete).
  bool feed(const net::Line& line);
  DataError error() const { return error_; }
  // Octets of message text seen so far, including what was dropped past the limit.
  std::uint64_t size() const { return size_; }
  // The message text kept since the last clear_pending() (all of it if never cleared),
  // every line ended by CRLF. Empty after an error.
  std::string_view pending() const { return message_; }
  void clear_pending() { message_.clear(); }  // keeps the buffer for the next lines
  std::string take() { return std::move(message_); }

 private:
  void fail(DataError error);
  std::uint64_t max_size_;
  std::uint64_t size_ = 0;
  std::string message_;
  DataError error_ = DataError::none;
};

}  // namespace carteiro::smtp
