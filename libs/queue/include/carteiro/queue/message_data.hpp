#pragma once
// The message as the outbound client sends it after DATA. No I/O.
#include <string>
#include <string_view>

namespace carteiro::queue {

// RFC 5321 section 4.5.2: a line that starts with "." gets one more "."; lines end in
// CRLF (a bare LF or CR in the stored message becomes CRLF: section 2.3.8 forbids bare
// ones on the wire); the result ends with the terminating "<CRLF>.<CRLF>". The whole
// message at once (tests, small messages); SmtpClient stuffs piece by piece with the same
// DotStuffer.
std::string dot_stuff(std::string_view message);

}  // namespace carteiro::queue
