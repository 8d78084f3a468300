#pragma once
// An address or a CIDR network as written in the config ("10.0.0.0/8", "::1", "127.0.0.1"),
// and whether a client address falls inside it. An IPv4 client that reaches an IPv6
// socket as ::ffff:a.b.c.d is matched as the IPv4 address it is.
#include <asio/ip/address.hpp>

#include <string>
#include <string_view>

namespace carteiro {

class IpNetwork {
 public:
  // Throws std::invalid_argument saying what is wrong ("prefix length must be 0-32").
  static IpNetwork parse(std::string_view text);

  bool contains(const asio::ip::address& address) const;
  const std::string& text() const { return text_; }

 private:
  asio::ip::address base_;
  unsigned prefix_ = 0;
  std::string text_;
};

// ::ffff:a.b.c.d -> a.b.c.d; anything else unchanged.
asio::ip::address unmapped(const asio::ip::address& address);

}  // namespace carteiro
