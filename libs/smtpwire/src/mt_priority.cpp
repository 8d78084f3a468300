#include "carteiro/smtpwire/mt_priority.hpp"

namespace carteiro::smtpwire {

std::optional<int> parse_priority(std::string_view value) {
  if (value == "0") return 0;
  int sign = 1;
  if (!value.empty() && (value.front() == '-' || value.front() == '+')) {
    if (value.front() == '-') sign = -1;
    value.remove_prefix(1);
  }
  if (value.size() != 1 || value.front() < '1' || value.front() > '9') return std::nullopt;
  return sign * (value.front() - '0');
}

std::string priority_text(int priority) { return std::to_string(priority); }

}  // namespace carteiro::smtpwire
