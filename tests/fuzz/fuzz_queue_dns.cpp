// DNS record data decoding (queue/dns.hpp). Checked: a decoded name is lower case, made of
// non-empty labels of host name characters within RFC 1035's limits, and encodes back to
// wire bytes that decode to the same name; MX RDATA is preference plus one whole name;
// address RDATA is exactly 4 or 16 octets.
#include <cstdint>
#include <string>

#include "carteiro/queue/dns.hpp"
#include "fuzz_support.hpp"

namespace {

std::string to_wire(std::string_view name) {
  std::string wire;
  while (!name.empty()) {
    auto dot = name.find('.');
    auto label = name.substr(0, dot);
    wire += static_cast<char>(label.size());
    wire += label;
    name.remove_prefix(dot == std::string_view::npos ? name.size() : dot + 1);
  }
  wire += '\0';
  return wire;
}

void check_name(const std::string& name) {
  FUZZ_CHECK(name.size() <= 253);
  std::size_t label = 0;
  for (char c : name) {
    FUZZ_CHECK(!(c >= 'A' && c <= 'Z'));
    if (c == '.') {
      FUZZ_CHECK(label > 0);
      label = 0;
    } else {
      FUZZ_CHECK((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
      FUZZ_CHECK(++label <= 63);
    }
  }
  FUZZ_CHECK(name.empty() || label > 0);
  std::string wire = to_wire(name);
  std::size_t pos = 0;
  auto again = carteiro::queue::parse_wire_name(wire, pos);
  FUZZ_CHECK(again == name && pos == wire.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace carteiro::queue;
  std::string_view wire = carteiro::fuzz::as_text(data, size);

  // A sequence of names, as in a message's sections.
  std::size_t pos = 0;
  while (pos < wire.size()) {
    std::size_t before = pos;
    auto name = parse_wire_name(wire, pos);
    if (!name) break;
    FUZZ_CHECK(pos > before && pos <= wire.size());
    check_name(*name);
  }

  if (auto mx = parse_mx_rdata(wire)) {
    FUZZ_CHECK(mx->preference == (static_cast<unsigned char>(wire[0]) << 8 | static_cast<unsigned char>(wire[1])));
    check_name(mx->host);
    std::string again = std::string(wire.substr(0, 2)) + to_wire(mx->host);
    FUZZ_CHECK(parse_mx_rdata(again) == mx);
  }
  if (auto address = parse_address_rdata(wire)) {
    FUZZ_CHECK((address->is_v4() && size == 4) || (address->is_v6() && size == 16));
  }
  return 0;
}
