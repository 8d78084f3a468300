// Placeholder until DMARC evaluation lands: every message has no policy.
#include "carteiro/mailauth/dmarc.hpp"

namespace carteiro::mailauth::dmarc {

std::string_view result_name(Result result) {
  switch (result) {
    case Result::none:
      return "none";
    case Result::pass:
      return "pass";
    case Result::fail:
      return "fail";
    case Result::temperror:
      return "temperror";
    case Result::permerror:
      return "permerror";
  }
  return "none";
}

Outcome evaluate(DnsLookup&, const PublicSuffixList&, const Evidence&, int) { return {}; }

}  // namespace carteiro::mailauth::dmarc
