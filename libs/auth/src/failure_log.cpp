#include "carteiro/auth/failure_log.hpp"

#include <fmt/format.h>

#include "carteiro/common/log.hpp"

namespace carteiro::auth {

std::string_view protocol_name(Protocol protocol) {
  switch (protocol) {
    case Protocol::smtp: return "smtp";
    case Protocol::pop3: return "pop3";
    case Protocol::imap: return "imap";
    case Protocol::managesieve: return "managesieve";
  }
  return "unknown";
}

std::string_view reason_name(FailureReason reason) {
  switch (reason) {
    case FailureReason::unknown_user: return "unknown_user";
    case FailureReason::bad_password: return "bad_password";
    case FailureReason::blocked: return "blocked";
  }
  return "unknown";
}

std::string log_token(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\') out += fmt::format("\\x{:02x}", c);
    else out += static_cast<char>(c);
  }
  return out;
}

void log_failed_login(Protocol protocol, std::string_view user, const asio::ip::address& peer,
                      FailureReason reason) {
  // A v4-mapped address (a dual-stack listener) is logged as the IPv4 address a firewall
  // would ban.
  std::string ip = peer.to_string();
  if (peer.is_v6() && peer.to_v6().is_v4_mapped())
    ip = asio::ip::make_address_v4(asio::ip::v4_mapped, peer.to_v6()).to_string();
  log::warn("auth failed: protocol={} user={} ip={} reason={}", protocol_name(protocol), log_token(user), ip,
            reason_name(reason));
}

}  // namespace carteiro::auth
