#pragma once
// Byte-stuffing of a message sent as a multi-line block that ends with "<CRLF>.<CRLF>":
// SMTP DATA (RFC 5321 section 4.5.2) and POP3 RETR/TOP (RFC 1939 section 3) share the
// rule, "a line that starts with '.' gets one more '.'", and both send CRLF line ends.
// The stuffer is fed the message in pieces of any size and keeps what it needs across
// piece boundaries (a CRLF split in two, a "." at the start of the next piece), so a
// large message is stuffed while it is sent, never copied whole. No I/O.
#include <string>
#include <string_view>

namespace carteiro {

class DotStuffer {
 public:
  // What a CR not followed by LF is. Either way a LF not preceded by CR is sent as CRLF.
  enum class BareCr {
    kept,      // an ordinary octet of the line (POP3: its sizes are counted this way)
    ends_line  // a line end, sent as CRLF (SMTP: RFC 5321 section 2.3.8 forbids bare CR)
  };

  explicit DotStuffer(BareCr bare_cr) : bare_cr_(bare_cr) {}

  // Appends PIECE, stuffed and with its line ends made CRLF, to OUT.
  void write(std::string_view piece, std::string& out);
  // Ends the last line if it has no line end and appends the terminating ".CRLF"; the
  // stuffer is then ready for another message.
  void finish(std::string& out);

 private:
  BareCr bare_cr_;
  bool at_line_start_ = true;
  bool after_cr_ = false;
};

}  // namespace carteiro
