#pragma once
// Reads a PROXY protocol header from a fresh socket, and not one byte more: what follows
// belongs to the protocol session or to the TLS handshake of an implicit-TLS listener.
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>

#include <chrono>

#include "carteiro/net/proxy_header.hpp"

namespace carteiro::net {

// Complete, or an error saying why (bad header, closed, or no header within TIMEOUT).
asio::awaitable<ProxyHeader> receive_proxy_header(asio::ip::tcp::socket& socket, std::chrono::milliseconds timeout);

}  // namespace carteiro::net
