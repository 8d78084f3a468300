// net::parse_proxy_header (proxy_header.hpp) on arbitrary bytes, with what a reader relies
// on checked: a complete header lies within the input and is at most the version's length;
// every shorter cut of it asks for more, never for bytes past its end (so the reader cannot
// swallow the protocol's first bytes); an error stays an error whatever follows.
//
// Input: the bytes a proxy (or anyone) sent.
#include <cstdint>
#include <string_view>

#include "carteiro/net/proxy_header.hpp"
#include "fuzz_support.hpp"

using carteiro::net::ProxyHeader;
using carteiro::net::parse_proxy_header;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = carteiro::fuzz::as_text(data, size);
  auto whole = parse_proxy_header(input);
  if (whole.status == ProxyHeader::Status::need_more) FUZZ_CHECK(whole.needed > input.size());
  if (whole.status == ProxyHeader::Status::complete) {
    FUZZ_CHECK(whole.length >= carteiro::net::kProxyMinLength && whole.length <= input.size());
    FUZZ_CHECK(whole.version == 1 || whole.version == 2);
    FUZZ_CHECK(whole.length <= (whole.version == 1 ? carteiro::net::kProxyV1MaxLength : carteiro::net::kProxyV2MaxLength));
    auto exact = parse_proxy_header(input.substr(0, whole.length));
    FUZZ_CHECK(exact.status == ProxyHeader::Status::complete && exact.length == whole.length);
    FUZZ_CHECK(exact.endpoints.has_value() == whole.endpoints.has_value());
    if (whole.endpoints) {
      FUZZ_CHECK(exact.endpoints->source == whole.endpoints->source);
      FUZZ_CHECK(exact.endpoints->source_port == whole.endpoints->source_port);
    }
  }
  // Cuts of the input: before a complete header's end they ask for more, within it.
  for (std::size_t cut = 0; cut < input.size(); cut += 1 + cut / 8) {
    auto part = parse_proxy_header(input.substr(0, cut));
    if (whole.status == ProxyHeader::Status::complete && cut < whole.length) {
      FUZZ_CHECK(part.status == ProxyHeader::Status::need_more);
      FUZZ_CHECK(part.needed > cut && part.needed <= whole.length);
    }
    if (part.status == ProxyHeader::Status::error) FUZZ_CHECK(whole.status == ProxyHeader::Status::error);
  }
  return 0;
}
