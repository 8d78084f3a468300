#pragma once
// RFC 1939 section 7 (APOP): the greeting carries a timestamp "<process-and-clock@host>"
// that differs on every connection; the client's digest is MD5(timestamp + secret).
#include <string>
#include <string_view>

namespace carteiro::pop3 {

std::string make_apop_timestamp(std::string_view hostname);

}  // namespace carteiro::pop3
