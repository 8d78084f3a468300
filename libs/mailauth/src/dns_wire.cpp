#include "carteiro/mailauth/dns_wire.hpp"

#include <array>

#include "carteiro/common/strings.hpp"
#include "carteiro/mailauth/spf_macro.hpp"

namespace carteiro::mailauth {

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

std::optional<std::string> parse_ptr_rdata(std::string_view rdata) {
  std::size_t pos = 0;
  auto name = parse_wire_name(rdata, pos);
  if (!name || pos != rdata.size() || name->empty()) return std::nullopt;
  return name;
}

std::optional<std::string> parse_txt_rdata(std::string_view rdata) {
  if (rdata.empty()) return std::nullopt;
  std::string text;
  std::size_t pos = 0;
  while (pos < rdata.size()) {
    auto length = static_cast<unsigned char>(rdata[pos++]);
    if (pos + length > rdata.size()) return std::nullopt;  // truncated character-string
    text.append(rdata.substr(pos, length));
    pos += length;
  }
  return text;
}

std::string reverse_lookup_name(const asio::ip::address& address) {
  // spf_dotted_address gives the labels in address order; the reverse tree wants them last first.
  auto dotted = spf_dotted_address(address);
  std::string name;
  std::string_view rest = dotted;
  while (!rest.empty()) {
    auto dot = rest.rfind('.');
    name += rest.substr(dot == std::string_view::npos ? 0 : dot + 1);
    name += '.';
    rest = dot == std::string_view::npos ? std::string_view() : rest.substr(0, dot);
  }
  bool v4 = address.is_v4() || address.to_v6().is_v4_mapped();  // mapped: asked as IPv4, like %{i}
  return name + (v4 ? "in-addr.arpa" : "ip6.arpa");
}

}  // namespace carteiro::mailauth
