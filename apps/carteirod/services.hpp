#pragma once
// The protocol services of the daemon and their listeners, built from the config.
#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>
#include <asio/ssl/context.hpp>

#include <memory>
#include <string>
#include <vector>

#include "carteiro/auth/authenticator.hpp"
#include "carteiro/common/config.hpp"
#include "carteiro/net/server.hpp"
#include "carteiro/store/store.hpp"

namespace carteiro {

class Services {
 public:
  Services(const Config& config, store::Store& store, auth::Authenticator& auth, asio::io_context& io);
  ~Services();
  // One listener per configured address (plain and implicit TLS) of every protocol.
  void listen(net::Server& server, std::shared_ptr<net::TlsCertificate> tls);
  void start();                       // background work (the outbound queue)
  asio::awaitable<void> stop();
  // "smtp=0.0.0.0:2025 submission=..." with the ports actually bound.
  std::string describe(const net::Server& server) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<std::string> names_;  // listener names in listen() order
};

}  // namespace carteiro
