// Placeholder until ARC verification lands: no message has a chain.
#include "carteiro/mailauth/arc.hpp"

namespace carteiro::mailauth::arc {

std::string_view chain_status_name(ChainStatus status) {
  switch (status) {
    case ChainStatus::none:
      return "none";
    case ChainStatus::pass:
      return "pass";
    case ChainStatus::fail:
      return "fail";
  }
  return "none";
}

ChainResult verify_chain(std::string_view, DnsLookup&, std::int64_t) { return {}; }

}  // namespace carteiro::mailauth::arc
