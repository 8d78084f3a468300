#pragma once
// The PROXY protocol header (HAProxy's proxy-protocol.txt, versions 1 and 2) that a load
// balancer sends before the client's first byte, naming the client it relays. No I/O: fed
// the bytes received so far, it says "need more", "complete" (with the header's length
// and the addresses) or "error", so it is tested with wire strings.
#include <asio/ip/address.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace carteiro::net {

// Version 1: "PROXY TCP4 ...\r\n", at most 107 bytes with the CRLF (section 2.1).
inline constexpr std::size_t kProxyV1MaxLength = 107;
// The shortest header of either version ("PROXY UNKNOWN\r\n"); a reader may always ask
// for this many bytes without reading past the header.
inline constexpr std::size_t kProxyMinLength = 15;
// Version 2: 16 fixed bytes and up to 65535 of addresses and TLVs (section 2.2). We read
// the addresses and skip the TLVs, and refuse a header longer than this.
inline constexpr std::size_t kProxyV2MaxLength = 4096;

struct ProxyEndpoints {
  asio::ip::address source;        // the client, as the proxy saw it
  std::uint16_t source_port = 0;
  asio::ip::address destination;   // the address the client connected to
  std::uint16_t destination_port = 0;
};

struct ProxyHeader {
  enum class Status { need_more, complete, error };
  Status status = Status::need_more;
  // need_more: the least total number of bytes the header can have, knowing what was
  // seen; reading up to this never takes a byte past the header.
  std::size_t needed = kProxyMinLength;
  std::size_t length = 0;                  // complete: bytes the header took
  int version = 0;                         // complete: 1 or 2
  // complete: nullopt for v1 UNKNOWN, v2 LOCAL (the proxy's own health check) and v2
  // address families we do not route (AF_UNSPEC, AF_UNIX): keep the socket's addresses.
  std::optional<ProxyEndpoints> endpoints;
  std::string error;                       // error: what was wrong, for the log
};

ProxyHeader parse_proxy_header(std::string_view received);

}  // namespace carteiro::net
