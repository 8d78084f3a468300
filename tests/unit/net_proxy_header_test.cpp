// PROXY protocol headers (HAProxy's proxy-protocol.txt) as wire strings: v1 and v2, every
// address family, truncated, oversized, malformed and binary input.
#include <doctest/doctest.h>

#include <string>

#include "carteiro/net/proxy_header.hpp"

using namespace carteiro::net;
using Status = ProxyHeader::Status;

namespace {

const std::string kSignature{"\r\n\r\n\0\r\nQUIT\n", 12};

// A v2 header: signature, version 2 with COMMAND, FAMILY_TRANSPORT, then BLOCK.
std::string v2(unsigned command, unsigned family_transport, const std::string& block) {
  std::string h = kSignature;
  h += static_cast<char>(0x20 | command);
  h += static_cast<char>(family_transport);
  h += static_cast<char>(block.size() >> 8);
  h += static_cast<char>(block.size() & 0xff);
  return h + block;
}

std::string bytes(std::initializer_list<unsigned> list) {
  std::string out;
  for (unsigned b : list) out += static_cast<char>(b);
  return out;
}

const std::string kInetBlock = bytes({203, 0, 113, 7, 192, 0, 2, 1, 0xd4, 0x31, 0x00, 0x19});  // :54321 -> :25

}  // namespace

TEST_CASE("proxy header v1: TCP4 with the bytes after it left alone") {
  std::string wire = "PROXY TCP4 203.0.113.7 192.0.2.1 54321 25\r\nEHLO x\r\n";
  auto h = parse_proxy_header(wire);
  REQUIRE(h.status == Status::complete);
  CHECK(h.version == 1);
  CHECK(h.length == wire.find("EHLO"));
  REQUIRE(h.endpoints);
  CHECK(h.endpoints->source.to_string() == "203.0.113.7");
  CHECK(h.endpoints->source_port == 54321);
  CHECK(h.endpoints->destination.to_string() == "192.0.2.1");
  CHECK(h.endpoints->destination_port == 25);
}

TEST_CASE("proxy header v1: TCP6 and UNKNOWN") {
  auto h = parse_proxy_header("PROXY TCP6 2001:db8::7 2001:db8::1 1024 143\r\n");
  REQUIRE(h.status == Status::complete);
  REQUIRE(h.endpoints);
  CHECK(h.endpoints->source.to_string() == "2001:db8::7");
  CHECK(h.endpoints->destination_port == 143);

  auto unknown = parse_proxy_header("PROXY UNKNOWN\r\n");
  REQUIRE(unknown.status == Status::complete);
  CHECK(unknown.length == 15);
  CHECK_FALSE(unknown.endpoints);
  // Section 2.1: with UNKNOWN the receiver ignores whatever comes before the CRLF.
  auto with_rest = parse_proxy_header("PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n");
  REQUIRE(with_rest.status == Status::complete);
  CHECK_FALSE(with_rest.endpoints);
}

TEST_CASE("proxy header v1: truncated input asks for more, never past the header") {
  std::string wire = "PROXY TCP4 203.0.113.7 192.0.2.1 54321 25\r\n";
  for (std::size_t n = 0; n < wire.size(); ++n) {
    auto h = parse_proxy_header(wire.substr(0, n));
    REQUIRE(h.status == Status::need_more);
    CHECK(h.needed > n);
    CHECK(h.needed <= wire.size());
  }
}

TEST_CASE("proxy header v1: oversized and malformed") {
  std::string long_line = "PROXY TCP4 " + std::string(120, '1');
  CHECK(parse_proxy_header(long_line).status == Status::error);
  // 107 bytes without the LF: cannot be a header any more.
  CHECK(parse_proxy_header("PROXY UNKNOWN " + std::string(93, 'x')).status == Status::error);
  CHECK(parse_proxy_header("PROXY UNKNOWN " + std::string(91, 'x') + "\r\n").status == Status::complete);

  const char* bad[] = {
      "PROXY TCP4 203.0.113.7 192.0.2.1 54321 25\n",        // bare LF
      "PROXY TCP5 203.0.113.7 192.0.2.1 54321 25\r\n",      // protocol
      "PROXY TCP4 203.0.113.7  192.0.2.1 54321 25\r\n",     // two spaces
      "PROXY TCP4 203.0.113.7 192.0.2.1 54321\r\n",         // a port missing
      "PROXY TCP4 203.0.113.7 192.0.2.1 54321 25 9\r\n",    // one field too many
      "PROXY TCP4 203.0.113.700 192.0.2.1 54321 25\r\n",    // address
      "PROXY TCP4 2001:db8::7 192.0.2.1 54321 25\r\n",      // v6 under TCP4
      "PROXY TCP6 203.0.113.7 2001:db8::1 54321 25\r\n",    // v4 under TCP6
      "PROXY TCP6 fe80::1%eth0 2001:db8::1 54321 25\r\n",   // scope id
      "PROXY TCP4 203.0.113.7 192.0.2.1 65536 25\r\n",      // port range
      "PROXY TCP4 203.0.113.7 192.0.2.1 -1 25\r\n",         // port sign
      "PROXY TCP4 203.0.113.7 192.0.2.1 54321 25 \r\n",     // trailing space
      "PROXY\r\n",                                          // nothing after PROXY
  };
  for (const char* wire : bad) {
    CAPTURE(wire);
    CHECK(parse_proxy_header(wire).status == Status::error);
  }
}

TEST_CASE("proxy header: a protocol command or binary bytes are not a header") {
  CHECK(parse_proxy_header("EHLO client.example\r\n").status == Status::error);
  CHECK(parse_proxy_header("E").status == Status::error);
  CHECK(parse_proxy_header("proxy TCP4 ").status == Status::error);  // the keyword is upper case
  CHECK(parse_proxy_header(std::string("\x16\x03\x01\x02\x00", 5)).status == Status::error);  // a TLS hello
  CHECK(parse_proxy_header(std::string("PROXY TCP4 1\0", 13)).status == Status::error);
  CHECK(parse_proxy_header("PROXY TCP4 \xff").status == Status::error);
}

TEST_CASE("proxy header v2: PROXY over IPv4 with TLVs skipped") {
  std::string tlv = bytes({0x04, 0x00, 0x03, 'x', 'y', 'z'});  // PP2_TYPE_NOOP
  std::string wire = v2(0x1, 0x11, kInetBlock + tlv) + "EHLO x\r\n";
  auto h = parse_proxy_header(wire);
  REQUIRE(h.status == Status::complete);
  CHECK(h.version == 2);
  CHECK(h.length == 16 + 12 + 6);
  REQUIRE(h.endpoints);
  CHECK(h.endpoints->source.to_string() == "203.0.113.7");
  CHECK(h.endpoints->source_port == 54321);
  CHECK(h.endpoints->destination.to_string() == "192.0.2.1");
  CHECK(h.endpoints->destination_port == 25);
}

TEST_CASE("proxy header v2: IPv6, LOCAL, UNSPEC and UNIX") {
  std::string block(36, '\0');
  block[0] = '\x20';
  block[1] = '\x01';
  block[2] = '\x0d';
  block[3] = '\xb8';
  block[15] = '\x07';
  block[31] = '\x01';
  block[32] = '\x04';  // port 1024
  block[35] = '\x8f';  // port 143
  auto h = parse_proxy_header(v2(0x1, 0x21, block));
  REQUIRE(h.status == Status::complete);
  REQUIRE(h.endpoints);
  CHECK(h.endpoints->source.to_string() == "2001:db8::7");
  CHECK(h.endpoints->destination.to_string() == "::1");
  CHECK(h.endpoints->source_port == 1024);
  CHECK(h.endpoints->destination_port == 143);

  // LOCAL (a health check by the proxy itself): whatever the family, the socket's own
  // addresses stay.
  auto local = parse_proxy_header(v2(0x0, 0x00, ""));
  REQUIRE(local.status == Status::complete);
  CHECK(local.length == 16);
  CHECK_FALSE(local.endpoints);
  auto local_inet = parse_proxy_header(v2(0x0, 0x11, kInetBlock));
  REQUIRE(local_inet.status == Status::complete);
  CHECK_FALSE(local_inet.endpoints);

  auto unspec = parse_proxy_header(v2(0x1, 0x00, ""));
  REQUIRE(unspec.status == Status::complete);
  CHECK_FALSE(unspec.endpoints);
  auto unix_socket = parse_proxy_header(v2(0x1, 0x31, std::string(216, '\0')));
  REQUIRE(unix_socket.status == Status::complete);
  CHECK_FALSE(unix_socket.endpoints);
}

TEST_CASE("proxy header v2: truncated input asks for exactly what the header still needs") {
  std::string wire = v2(0x1, 0x11, kInetBlock);
  for (std::size_t n = 0; n < wire.size(); ++n) {
    auto h = parse_proxy_header(wire.substr(0, n));
    REQUIRE(h.status == Status::need_more);
    CHECK(h.needed > n);
    CHECK(h.needed <= wire.size());
  }
  CHECK(parse_proxy_header(wire.substr(0, 16)).needed == wire.size());
}

TEST_CASE("proxy header v2: malformed and oversized") {
  CHECK(parse_proxy_header(v2(0x1, 0x11, kInetBlock.substr(0, 11))).status == Status::error);  // short block
  CHECK(parse_proxy_header(v2(0x1, 0x21, std::string(35, '\0'))).status == Status::error);
  CHECK(parse_proxy_header(v2(0x1, 0x31, std::string(215, '\0'))).status == Status::error);
  CHECK(parse_proxy_header(v2(0x1, 0x12, kInetBlock)).status == Status::error);  // UDP
  CHECK(parse_proxy_header(v2(0x1, 0x41, kInetBlock)).status == Status::error);  // family 4
  CHECK(parse_proxy_header(v2(0x2, 0x11, kInetBlock)).status == Status::error);  // command 2
  std::string version1 = v2(0x1, 0x11, kInetBlock);
  version1[12] = '\x11';
  CHECK(parse_proxy_header(version1).status == Status::error);
  // The length field is checked before the bytes arrive: no waiting for 64 KiB.
  std::string huge = kSignature + bytes({0x21, 0x11, 0xff, 0xff});
  CHECK(parse_proxy_header(huge).status == Status::error);
  std::string bad_signature = v2(0x1, 0x11, kInetBlock);
  bad_signature[6] = 'X';
  CHECK(parse_proxy_header(bad_signature).status == Status::error);
}
