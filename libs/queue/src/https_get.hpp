#pragma once
// A small HTTPS client for one GET (the MTA-STS policy fetch, RFC 8461 section 3.3): TLS
// with the server's certificate verified against the CA store and HOST, HTTP/1.1 with
// "Connection: close", no redirects followed, the whole exchange within a deadline and
// the body within a size limit. Failures come back as values with a reason.
#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>
#include <asio/ip/address.hpp>
#include <asio/ssl/context.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "carteiro/queue/http_response.hpp"

namespace carteiro::queue {

struct HttpsRequest {
  std::string host;                          // for SNI, the Host field and the certificate
  std::vector<asio::ip::address> addresses;  // tried in order
  std::uint16_t port = 443;
  std::string path;                          // "/.well-known/mta-sts.txt"
  std::chrono::seconds timeout{60};          // for everything, every address included
  std::size_t max_body = 64 * 1024;
};

struct HttpsResult {
  bool ok = false;        // a complete, well-formed response (of any status)
  HttpResponse response;
  std::string error;      // when not ok
};

// VERIFYING must check the peer's chain (net::make_verifying_client_tls); the host name
// is checked here.
asio::awaitable<HttpsResult> https_get(asio::any_io_executor executor, asio::ssl::context& verifying,
                                       const HttpsRequest& request);

}  // namespace carteiro::queue
