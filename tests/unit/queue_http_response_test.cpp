// The HTTP/1.1 response of the MTA-STS policy fetch (RFC 9112).
#include <doctest/doctest.h>

#include "carteiro/queue/http_response.hpp"

using namespace carteiro::queue;
using State = HttpResponse::State;

TEST_CASE("http response: Content-Length, chunked, and to the end of the connection") {
  std::string sized = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 5\r\n\r\nhello";
  auto r = parse_http_response(sized, false, 1000);
  CHECK(r.state == State::complete);
  CHECK(r.status == 200);
  CHECK(r.content_type == "text/plain");
  CHECK(r.body == "hello");
  CHECK(parse_http_response(sized.substr(0, sized.size() - 1), false, 1000).state == State::incomplete);
  CHECK(parse_http_response(sized.substr(0, sized.size() - 1), true, 1000).state == State::malformed);

  std::string chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n";
  auto c = parse_http_response(chunked, false, 1000);
  CHECK(c.state == State::complete);
  CHECK(c.body == "hello");
  for (std::size_t cut = 0; cut < chunked.size(); ++cut) {
    CHECK(parse_http_response(chunked.substr(0, cut), false, 1000).state == State::incomplete);
    CHECK(parse_http_response(chunked.substr(0, cut), true, 1000).state == State::malformed);
  }

  std::string unframed = "HTTP/1.0 200 OK\r\nContent-Type: TEXT/PLAIN\r\n\r\nbody";
  CHECK(parse_http_response(unframed, false, 1000).state == State::incomplete);
  auto u = parse_http_response(unframed, true, 1000);
  CHECK(u.state == State::complete);
  CHECK(u.body == "body");
  CHECK(u.content_type == "text/plain");

  auto redirect = parse_http_response("HTTP/1.1 301 Moved\r\nLocation: https://x.test/\r\nContent-Length: 0\r\n\r\n", false, 10);
  CHECK(redirect.status == 301);
  CHECK(redirect.location == "https://x.test/");
}

TEST_CASE("http response: malformed, oversized and binary input") {
  auto bad = [](std::string_view raw) { return parse_http_response(raw, true, 100).state == State::malformed; };
  CHECK(bad(""));
  CHECK(bad("HTTP/1.1 200 OK\r\n"));
  CHECK(bad("HTTP/2 200 OK\r\n\r\n"));
  CHECK(bad("HTTP/1.1 20 OK\r\n\r\n"));
  CHECK(bad("HTTP/1.1 abc OK\r\n\r\n"));
  CHECK(bad("HTTP/1.1 200OK\r\n\r\n"));
  CHECK(bad("HTTP/1.1 200 OK\r\nno colon\r\n\r\n"));
  CHECK(bad("HTTP/1.1 200 OK\r\n folded: x\r\n\r\n"));
  CHECK(bad("HTTP/1.1 200 OK\nBare: lf\r\n\r\n"));
  CHECK(bad("HTTP/1.1 200 OK\r\nContent-Length: 101\r\n\r\n"));
  CHECK(bad("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"));
  CHECK(bad("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"));
  CHECK(bad("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));
  CHECK(bad("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"));
  CHECK(bad("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"));
  CHECK(bad("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffff\r\n"));
  CHECK(bad("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n65\r\n"));  // 101 > 100
  CHECK(bad("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n"));
  CHECK(bad("HTTP/1.1 200 OK\r\n\r\n" + std::string(101, 'x')));
  CHECK(parse_http_response("HTTP/1.1 200 OK\r\n\r\n" + std::string(101, 'x'), false, 100).state == State::malformed);
  CHECK(parse_http_response(std::string(kMaxHttpHeader + 1, 'x'), false, 100).state == State::malformed);
  std::string binary;
  for (int i = 0; i < 256; ++i) binary += static_cast<char>(i);
  CHECK(bad(binary));
  CHECK(bad("HTTP/1.1 200 OK\r\n" + binary + "\r\n\r\n"));
}
