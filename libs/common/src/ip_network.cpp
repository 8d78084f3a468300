#include "carteiro/common/ip_network.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace carteiro {

namespace {

// The first PREFIX bits of A and B are equal.
template <typename Bytes>
bool same_prefix(const Bytes& a, const Bytes& b, unsigned prefix) {
  for (std::size_t i = 0; i < a.size() && prefix > 0; ++i) {
    unsigned bits = std::min(prefix, 8u);
    auto mask = static_cast<unsigned char>(0xff00u >> bits);
    if ((a[i] & mask) != (b[i] & mask)) return false;
    prefix -= bits;
  }
  return true;
}

}  // namespace

asio::ip::address unmapped(const asio::ip::address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped()) return asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6());
  return a;
}

IpNetwork IpNetwork::parse(std::string_view text) {
  IpNetwork n;
  n.text_ = std::string(text);
  auto slash = text.find('/');
  std::string host(text.substr(0, slash));
  if (host.find('%') != std::string::npos) throw std::invalid_argument("a zone index (%...) is not allowed here");
  asio::error_code ec;
  n.base_ = asio::ip::make_address(host, ec);
  if (ec || host.empty()) throw std::invalid_argument("expected an IP address or a network such as \"10.0.0.0/8\"");
  n.base_ = unmapped(n.base_);
  const unsigned width = n.base_.is_v4() ? 32 : 128;
  n.prefix_ = width;
  if (slash != std::string_view::npos) {
    auto digits = text.substr(slash + 1);
    unsigned value = 0;
    bool ok = !digits.empty() && digits.size() <= 3;
    for (char c : digits) {
      ok = ok && c >= '0' && c <= '9';
      if (ok) value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (!ok || value > width) throw std::invalid_argument(fmt::format("prefix length must be 0-{}", width));
    n.prefix_ = value;
  }
  return n;
}

bool IpNetwork::contains(const asio::ip::address& address) const {
  auto a = unmapped(address);
  if (a.is_v4() != base_.is_v4()) return false;
  if (a.is_v4()) return same_prefix(a.to_v4().to_bytes(), base_.to_v4().to_bytes(), prefix_);
  return same_prefix(a.to_v6().to_bytes(), base_.to_v6().to_bytes(), prefix_);
}

}  // namespace carteiro
