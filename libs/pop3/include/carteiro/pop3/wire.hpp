#pragma once
// A stored message as POP3 sends it (RFC 1939 section 3): lines end in CRLF, a line that
// starts with "." gets one more "." in front (byte-stuffing), and the response ends with
// ".CRLF". A message stored with bare LF line ends is sent with CRLF, and LIST/STAT count
// the octets exactly as sent: wire_size() and MultilineWriter agree by construction (both
// apply the rules of normalized_line_end below).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "carteiro/common/dot_stuffing.hpp"

namespace carteiro::pop3 {

// Octets of CONTENT as sent, before byte-stuffing and without the terminating ".CRLF":
// every LF not preceded by CR becomes CRLF, and a message that does not end with a line
// end gets a CRLF (RFC 1939 section 3: the terminator is on a line of its own).
std::int64_t wire_size(std::string_view content);

// wire_size() of content that arrives in pieces (a scan of a stored message).
class WireSizeCounter {
 public:
  void add(std::string_view piece);
  std::int64_t total() const;

 private:
  std::int64_t octets_ = 0;
  char previous_ = '\0';
};

// Writes a multi-line response body into OUT piece by piece, so a large message is stuffed
// while it is sent, never copied whole. Feed the content in any chunks, then finish().
// A bare CR stays as it is (wire_size counts it so).
class MultilineWriter : public DotStuffer {
 public:
  MultilineWriter() : DotStuffer(BareCr::kept) {}
};

// RFC 1939 section 7 (TOP): the length of the prefix of CONTENT holding the header, the
// blank line after it, and the first BODY_LINES lines of the body (all of it if shorter).
// A message without a blank line is all header.
std::size_t top_length(std::string_view content, std::uint32_t body_lines);

// top_length() for content that arrives in pieces: take() says how much of each piece
// belongs to the TOP response; once done(), the rest of the message is not needed.
class TopCutter {
 public:
  explicit TopCutter(std::uint32_t body_lines) : body_lines_(body_lines) {}
  std::size_t take(std::string_view piece);
  bool done() const { return !in_header_ && taken_ >= body_lines_; }

 private:
  std::uint32_t body_lines_;
  bool in_header_ = true;
  std::uint32_t taken_ = 0;
  std::size_t line_length_ = 0;  // octets of the current line so far
  bool line_is_cr_ = false;      // the current line so far is one CR
};

}  // namespace carteiro::pop3
