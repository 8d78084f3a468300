#include "carteiro/mailauth/dns_srv.hpp"

#include "carteiro/mailauth/dns_wire.hpp"

namespace carteiro::mailauth {

namespace {
std::uint16_t read16(std::string_view data, std::size_t pos) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(data[pos]) << 8) | static_cast<unsigned char>(data[pos + 1]));
}
}  // namespace

std::optional<SrvRecord> parse_srv_rdata(std::string_view rdata) {
  if (rdata.size() < 7) return std::nullopt;  // three 16-bit fields and at least the root label
  SrvRecord record{read16(rdata, 0), read16(rdata, 2), read16(rdata, 4), {}};
  std::size_t pos = 6;
  auto target = parse_wire_name(rdata, pos);
  if (!target || pos != rdata.size()) return std::nullopt;
  record.target = std::move(*target);
  return record;
}

}  // namespace carteiro::mailauth
