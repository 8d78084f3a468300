#include "carteiro/net/proxy_header.hpp"

#include <fmt/format.h>

#include <array>
#include <vector>

namespace carteiro::net {

namespace {

using Status = ProxyHeader::Status;

constexpr std::string_view kV1Prefix = "PROXY ";
// proxy-protocol.txt section 2.2: "\r\n\r\n\0\r\nQUIT\n", then version/command, family,
// and the length of what follows.
constexpr std::string_view kV2Signature{"\r\n\r\n\0\r\nQUIT\n", 12};
constexpr std::size_t kV2FixedLength = 16;
constexpr unsigned kV2Version = 0x2;
constexpr unsigned kV2CommandLocal = 0x0;
constexpr unsigned kV2CommandProxy = 0x1;
constexpr unsigned kV2FamilyUnspec = 0x0;
constexpr unsigned kV2FamilyInet = 0x1;
constexpr unsigned kV2FamilyInet6 = 0x2;
constexpr unsigned kV2FamilyUnix = 0x3;
constexpr unsigned kV2TransportStream = 0x1;
constexpr std::size_t kV2InetBlock = 4 + 4 + 2 + 2;
constexpr std::size_t kV2Inet6Block = 16 + 16 + 2 + 2;
constexpr std::size_t kV2UnixBlock = 108 + 108;

ProxyHeader need(std::size_t total) {
  ProxyHeader h;
  h.status = Status::need_more;
  h.needed = std::max(total, kProxyMinLength);
  return h;
}

ProxyHeader fail(std::string why) {
  ProxyHeader h;
  h.status = Status::error;
  h.error = std::move(why);
  return h;
}

ProxyHeader done(int version, std::size_t length, std::optional<ProxyEndpoints> endpoints) {
  ProxyHeader h;
  h.status = Status::complete;
  h.version = version;
  h.length = length;
  h.endpoints = std::move(endpoints);
  return h;
}

// True when RECEIVED is PREFIX or a beginning of it.
bool begins(std::string_view received, std::string_view prefix) {
  std::size_t n = std::min(received.size(), prefix.size());
  return received.substr(0, n) == prefix.substr(0, n);
}

std::vector<std::string_view> split_spaces(std::string_view text) {
  std::vector<std::string_view> out;
  for (;;) {
    auto space = text.find(' ');
    out.push_back(text.substr(0, space));
    if (space == std::string_view::npos) return out;
    text.remove_prefix(space + 1);
  }
}

// Section 2.1: a port is a decimal number from 0 to 65535.
std::optional<std::uint16_t> v1_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  unsigned value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

std::optional<asio::ip::address> v1_address(std::string_view text, bool v6) {
  asio::error_code ec;
  std::string s(text);
  if (v6) {
    if (s.find('%') != std::string::npos) return std::nullopt;  // no scope ids on the wire
    auto a = asio::ip::make_address_v6(s, ec);
    if (ec) return std::nullopt;
    return asio::ip::address(a);
  }
  auto a = asio::ip::make_address_v4(s, ec);
  if (ec) return std::nullopt;
  return asio::ip::address(a);
}

// Section 2.1: "PROXY" SP ("TCP4" | "TCP6" | "UNKNOWN") [SP src SP dst SP sport SP dport]
// CRLF, printable US-ASCII, at most 107 bytes.
ProxyHeader parse_v1(std::string_view received) {
  std::string_view window = received.substr(0, kProxyV1MaxLength);
  std::size_t lf = std::string_view::npos;
  for (std::size_t i = 0; i < window.size(); ++i) {
    char c = window[i];
    if (c == '\n') {
      lf = i;
      break;
    }
    bool crlf_cr = c == '\r' && (i + 1 == window.size() || window[i + 1] == '\n');
    if ((c < 0x20 || c > 0x7e) && !crlf_cr) return fail("v1 header holds a byte that is not printable ASCII");
  }
  if (lf == std::string_view::npos) {
    if (window.size() >= kProxyV1MaxLength) return fail("v1 header longer than 107 bytes");
    return need(received.size() + 1);
  }
  if (lf == 0 || window[lf - 1] != '\r') return fail("v1 header does not end in CRLF");
  std::string_view line = window.substr(0, lf - 1);
  auto fields = split_spaces(line.substr(kV1Prefix.size()));
  if (fields[0] == "UNKNOWN") return done(1, lf + 1, std::nullopt);  // the rest is ignored
  bool v6 = fields[0] == "TCP6";
  if (!v6 && fields[0] != "TCP4") return fail("v1 header names an unknown protocol");
  if (fields.size() != 5) return fail("v1 header needs source, destination and both ports, one space apart");
  auto source = v1_address(fields[1], v6);
  auto destination = v1_address(fields[2], v6);
  if (!source || !destination) return fail(v6 ? "v1 header has a bad IPv6 address" : "v1 header has a bad IPv4 address");
  auto source_port = v1_port(fields[3]);
  auto destination_port = v1_port(fields[4]);
  if (!source_port || !destination_port) return fail("v1 header has a bad port");
  return done(1, lf + 1, ProxyEndpoints{*source, *source_port, *destination, *destination_port});
}

std::uint8_t byte_at(std::string_view s, std::size_t i) { return static_cast<std::uint8_t>(s[i]); }

std::uint16_t port_at(std::string_view s, std::size_t i) {
  return static_cast<std::uint16_t>(byte_at(s, i) << 8 | byte_at(s, i + 1));
}

template <std::size_t N>
std::array<unsigned char, N> bytes_at(std::string_view s, std::size_t i) {
  std::array<unsigned char, N> out;
  for (std::size_t k = 0; k < N; ++k) out[k] = byte_at(s, i + k);
  return out;
}

// Section 2.2: signature, version and command, family and transport, length, addresses
// (network byte order), then TLVs up to the length, which we skip.
ProxyHeader parse_v2(std::string_view received) {
  if (received.size() < kV2FixedLength) return need(kV2FixedLength);
  unsigned version = byte_at(received, 12) >> 4;
  unsigned command = byte_at(received, 12) & 0x0f;
  unsigned family = byte_at(received, 13) >> 4;
  unsigned transport = byte_at(received, 13) & 0x0f;
  std::size_t length = kV2FixedLength + port_at(received, 14);
  if (version != kV2Version) return fail(fmt::format("v2 header with version {}", version));
  if (command != kV2CommandLocal && command != kV2CommandProxy) return fail(fmt::format("v2 header with command {}", command));
  if (length > kProxyV2MaxLength) return fail(fmt::format("v2 header of {} bytes is too long", length));
  if (received.size() < length) return need(length);
  std::string_view block = received.substr(kV2FixedLength, length - kV2FixedLength);
  // LOCAL: the proxy speaks for itself (health checks); the addresses are ignored.
  if (command == kV2CommandLocal) return done(2, length, std::nullopt);
  switch (family) {
    case kV2FamilyUnspec:
      return done(2, length, std::nullopt);
    case kV2FamilyUnix:
      if (block.size() < kV2UnixBlock) return fail("v2 header too short for its UNIX addresses");
      return done(2, length, std::nullopt);
    case kV2FamilyInet:
    case kV2FamilyInet6:
      break;
    default:
      return fail(fmt::format("v2 header with address family {}", family));
  }
  if (transport != kV2TransportStream) return fail("v2 header for a transport other than TCP");
  ProxyEndpoints e;
  if (family == kV2FamilyInet) {
    if (block.size() < kV2InetBlock) return fail("v2 header too short for its IPv4 addresses");
    e.source = asio::ip::address_v4(bytes_at<4>(block, 0));
    e.destination = asio::ip::address_v4(bytes_at<4>(block, 4));
    e.source_port = port_at(block, 8);
    e.destination_port = port_at(block, 10);
  } else {
    if (block.size() < kV2Inet6Block) return fail("v2 header too short for its IPv6 addresses");
    e.source = asio::ip::address_v6(bytes_at<16>(block, 0));
    e.destination = asio::ip::address_v6(bytes_at<16>(block, 16));
    e.source_port = port_at(block, 32);
    e.destination_port = port_at(block, 34);
  }
  return done(2, length, e);
}

}  // namespace

ProxyHeader parse_proxy_header(std::string_view received) {
  if (received.empty()) return need(kProxyMinLength);
  if (begins(received, kV1Prefix)) {
    if (received.size() < kV1Prefix.size()) return need(kProxyMinLength);
    return parse_v1(received);
  }
  if (begins(received, kV2Signature)) {
    if (received.size() < kV2Signature.size()) return need(kV2FixedLength);
    return parse_v2(received);
  }
  return fail("not a PROXY protocol header");
}

}  // namespace carteiro::net
