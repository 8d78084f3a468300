// Placeholder until ARC sealing lands.
#include "carteiro/mailauth/arc.hpp"

namespace carteiro::mailauth::arc {

dkim::Parsed<std::string> seal(std::string_view, const ChainResult&, std::string_view, std::string_view,
                               const dkim::SigningKey&, std::int64_t) {
  return dkim::ParseError{"ARC sealing is not implemented"};
}

}  // namespace carteiro::mailauth::arc
