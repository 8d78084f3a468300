// libs/mailauth ARC (arc.hpp): any message gets a verdict that holds together (none without
// sets, fail with a reason, at most 50 instances); and a message with no chain that the
// sealer accepts verifies once sealed, whatever its header and body hold.
#include <cstdint>
#include <string>
#include <variant>

#include "carteiro/mailauth/arc.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace carteiro::mailauth;

// RFC 8463 appendix A: every key lookup answers with this Ed25519 key.
const std::string kRecord = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
const std::string kPem =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
    "-----END PRIVATE KEY-----\n";

class OneKeyDns : public DnsLookup {
 public:
  TxtAnswer txt(const std::string&) override { return {DnsStatus::ok, {kRecord}, ""}; }
  AddressAnswer a(const std::string&) override { return {DnsStatus::nodata, {}, ""}; }
  AddressAnswer aaaa(const std::string&) override { return {DnsStatus::nodata, {}, ""}; }
  NameAnswer mx(const std::string&) override { return {DnsStatus::nodata, {}, ""}; }
  NameAnswer ptr(const asio::ip::address&) override { return {DnsStatus::nodata, {}, ""}; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto message = carteiro::fuzz::as_text(data, size);
  OneKeyDns dns;
  constexpr std::int64_t now = 1700000000;
  auto chain = arc::verify_chain(message, dns, now);
  FUZZ_CHECK(chain.instances >= 0 && chain.instances <= arc::kMaxInstances);
  if (chain.status == arc::ChainStatus::none) FUZZ_CHECK(chain.instances == 0 && chain.reason.empty());
  if (chain.status == arc::ChainStatus::fail) FUZZ_CHECK(!chain.reason.empty());
  if (chain.status == arc::ChainStatus::pass) FUZZ_CHECK(chain.instances > 0 && !chain.last_sealer.empty());

  auto set = arc::seal(message, chain, "mx.example.org", "spf=pass", {"example.org", "sel", kPem}, now);
  if (chain.status != arc::ChainStatus::none || !std::holds_alternative<std::string>(set)) return 0;
  auto sealed = arc::verify_chain(std::get<std::string>(set) + std::string(message), dns, now);
  if (sealed.status != arc::ChainStatus::pass) std::fprintf(stderr, "%s\n", sealed.reason.c_str());
  FUZZ_CHECK(sealed.status == arc::ChainStatus::pass && sealed.instances == 1);
  return 0;
}
