#include "carteiro/queue/dns.hpp"

#include <array>

#include "carteiro/common/strings.hpp"

namespace carteiro::queue {

namespace {
constexpr std::size_t kMaxName = 255;   // RFC 1035 section 2.3.4, in wire octets
constexpr std::size_t kMaxLabel = 63;

// A host name label as mail routing accepts it: letters, digits, hyphen, and the
// underscore that some real names carry. A dot or a control byte inside a label would
// make the text form ambiguous.
bool label_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}
}  // namespace

std::optional<std::string> parse_wire_name(std::string_view wire, std::size_t& pos) {
  std::string name;
  std::size_t octets = 1;  // the root label's length octet ends every name (RFC 1035 section 3.1)
  for (;;) {
    if (pos >= wire.size()) return std::nullopt;
    auto length = static_cast<unsigned char>(wire[pos++]);
    ++octets;
    if (length == 0) break;
    if (length > kMaxLabel) return std::nullopt;  // 0xC0 pointers and the reserved 0x40/0x80 forms
    if (pos + length > wire.size()) return std::nullopt;
    octets += length;
    if (octets > kMaxName) return std::nullopt;
    if (!name.empty()) name += '.';
    for (std::size_t i = 0; i < length; ++i) {
      auto c = static_cast<unsigned char>(wire[pos + i]);
      if (!label_char(c)) return std::nullopt;
      name += static_cast<char>(c);
    }
    pos += length;
  }
  return to_lower(name);
}

std::optional<MxRecord> parse_mx_rdata(std::string_view rdata) {
  if (rdata.size() < 3) return std::nullopt;
  MxRecord mx;
  mx.preference = static_cast<std::uint16_t>((static_cast<unsigned char>(rdata[0]) << 8) |
                                             static_cast<unsigned char>(rdata[1]));
  std::size_t pos = 2;
  auto host = parse_wire_name(rdata, pos);
  if (!host || pos != rdata.size()) return std::nullopt;
  mx.host = std::move(*host);
  return mx;
}

std::optional<asio::ip::address> parse_address_rdata(std::string_view rdata) {
  if (rdata.size() == 4) {
    asio::ip::address_v4::bytes_type bytes;
    for (std::size_t i = 0; i < 4; ++i) bytes[i] = static_cast<unsigned char>(rdata[i]);
    return asio::ip::address(asio::ip::address_v4(bytes));
  }
  if (rdata.size() == 16) {
    asio::ip::address_v6::bytes_type bytes;
    for (std::size_t i = 0; i < 16; ++i) bytes[i] = static_cast<unsigned char>(rdata[i]);
    return asio::ip::address(asio::ip::address_v6(bytes));
  }
  return std::nullopt;
}

}  // namespace carteiro::queue
