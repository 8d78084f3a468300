#include "carteiro/pop3/capabilities.hpp"

namespace carteiro::pop3 {

std::vector<std::string> capabilities(const CapabilityContext& context) {
  // RFC 2449 section 6 (TOP, UIDL, RESP-CODES, PIPELINING, IMPLEMENTATION, USER, SASL),
  // RFC 3206 section 6 (AUTH-RESP-CODE: [AUTH] marks credential failures), RFC 2595
  // section 4 (STLS).
  std::vector<std::string> out{"TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING"};
  if (context.authorization && context.plaintext_allowed) {
    out.emplace_back("USER");
    std::string sasl = "SASL";
    for (auto mechanism : kSaslMechanisms) {
      sasl += ' ';
      sasl += mechanism;
    }
    out.push_back(sasl);
  }
  if (context.authorization && context.stls_available) out.emplace_back("STLS");
  out.emplace_back("IMPLEMENTATION Carteiro");
  return out;
}

}  // namespace carteiro::pop3
