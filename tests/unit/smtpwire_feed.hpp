#pragma once
// Feeding received lines to the reply parser, for the smtpwire tests.
#include <string>
#include <vector>

#include "carteiro/smtpwire/reply_parser.hpp"

namespace smtpwire_test {

using Status = carteiro::smtpwire::ReplyParser::Status;

// Feeds LINES; returns the last status (and the reply in OUT when complete).
inline Status feed_all(carteiro::smtpwire::ReplyParser& parser, const std::vector<std::string>& lines,
                       carteiro::smtpwire::Reply* out = nullptr) {
  Status status = Status::need_more;
  for (const auto& line : lines) {
    status = parser.feed(line);
    if (status != Status::need_more) break;
  }
  if (status == Status::complete && out) *out = parser.take();
  return status;
}

}  // namespace smtpwire_test
