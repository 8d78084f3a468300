#pragma once
// The decoding of DNS record data from the wire, shared by every libunbound user (the
// queue's MX routing, sender authentication). No I/O: tested with wire bytes.
#include <asio/ip/address.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace carteiro::mailauth {

struct MxRecord {
  std::uint16_t preference = 0;
  std::string host;  // lower case, no trailing dot; "" is the root "." (a null MX)
  bool operator==(const MxRecord&) const = default;
};

// RFC 1035 section 3.1: a domain name as a sequence of length-prefixed labels ending in
// the zero-length root label. Compression pointers (section 4.1.4) are not expected in
// record data handed out by the resolver library and are rejected. Reads from POS and
// advances it; returns the name in lower case without the trailing dot ("" for the root).
std::optional<std::string> parse_wire_name(std::string_view wire, std::size_t& pos);
// RFC 1035 section 3.3.9: MX RDATA = PREFERENCE (16 bits) EXCHANGE (a domain name).
std::optional<MxRecord> parse_mx_rdata(std::string_view rdata);
// RFC 1035 section 3.4.1 (A, 4 octets) and RFC 3596 section 2.2 (AAAA, 16 octets).
std::optional<asio::ip::address> parse_address_rdata(std::string_view rdata);
// RFC 1035 section 3.3.12: PTR RDATA is one domain name filling the record.
std::optional<std::string> parse_ptr_rdata(std::string_view rdata);
// RFC 1035 section 3.3.14: TXT RDATA is one or more <character-string>s (a length octet
// and that many octets); RFC 7208 section 3.3 joins them without spaces.
std::optional<std::string> parse_txt_rdata(std::string_view rdata);

// RFC 1035 section 3.5 and RFC 3596 section 2.5: the name a PTR lookup asks for
// ("4.3.2.1.in-addr.arpa", nibbles under "ip6.arpa").
std::string reverse_lookup_name(const asio::ip::address& address);

}  // namespace carteiro::mailauth
