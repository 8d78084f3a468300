#pragma once
// The HTTP/1.1 response (RFC 9112) to the one GET the queue makes (the MTA-STS policy
// fetch): status line, header fields, and a body framed by Content-Length, chunked
// transfer coding, or the end of the connection. Pure: fed the bytes received so far.
#include <cstddef>
#include <string>
#include <string_view>

namespace carteiro::queue {

struct HttpResponse {
  enum class State { incomplete, complete, malformed };
  State state = State::incomplete;
  int status = 0;
  std::string content_type;  // the media type, lower case, without parameters
  std::string location;      // of a redirect (reported, never followed)
  std::string body;          // decoded (chunks joined)
  std::string error;         // malformed: why
};

// Limits while parsing: the header section, and the body (a larger one is malformed).
inline constexpr std::size_t kMaxHttpHeader = 16 * 1024;

// RAW is everything received so far; CLOSED: the peer has closed the connection (a body
// without framing ends there; anything else cut short is malformed).
HttpResponse parse_http_response(std::string_view raw, bool closed, std::size_t max_body);

}  // namespace carteiro::queue
