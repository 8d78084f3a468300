#pragma once
// Reading a reply (reply.hpp) as the outbound client receives it: one line at a time, so
// that it is tested with wire strings. No I/O.
#include <cstddef>
#include <string>
#include <string_view>

#include "carteiro/smtpwire/reply.hpp"

namespace carteiro::smtpwire {

// Bounds on what a server may send us in one reply (RFC 5321 section 4.5.3.1.5 allows
// 512 octets per reply line; we accept more, but not without limit).
inline constexpr std::size_t kMaxReplyLine = 2048;
inline constexpr std::size_t kMaxReplyLines = 200;

class ReplyParser {
 public:
  enum class Status {
    need_more,  // a continuation line ("250-..."): feed the next line
    complete,   // the last line ("250 ..."): take() the reply
    malformed,  // error() says why; the connection should be given up
  };

  // LINE is one received line without its CRLF.
  Status feed(std::string_view line);
  // The completed reply; the parser is ready for the next one.
  Reply take();
  const std::string& error() const { return error_; }

 private:
  Status fail(std::string why);
  Reply current_;
  std::string error_;
};

}  // namespace carteiro::smtpwire
