#include "carteiro/delivery/priority.hpp"

#include <string>

#include "carteiro/common/strings.hpp"
#include "carteiro/mime/header.hpp"

namespace carteiro::delivery {

namespace {

std::optional<int> from_priority(std::string_view v) {
  if (iequals(v, "urgent")) return kUrgentPriority;
  if (iequals(v, "normal")) return kNormalPriority;
  if (iequals(v, "non-urgent")) return kNonUrgentPriority;
  return std::nullopt;
}

std::optional<int> from_importance(std::string_view v) {
  if (iequals(v, "high")) return kUrgentPriority;
  if (iequals(v, "normal")) return kNormalPriority;
  if (iequals(v, "low")) return kNonUrgentPriority;
  return std::nullopt;
}

// "1", "1 (Highest)", "2 (High)": the leading digit counts.
std::optional<int> from_x_priority(std::string_view v) {
  if (v.empty() || v.front() < '1' || v.front() > '5') return std::nullopt;
  if (v.size() > 1 && v[1] >= '0' && v[1] <= '9') return std::nullopt;  // "10" is no level
  int level = v.front() - '0';
  if (level <= 2) return kUrgentPriority;
  if (level == 3) return kNormalPriority;
  return kNonUrgentPriority;
}

}  // namespace

std::optional<int> header_priority(std::string_view message) {
  std::optional<int> priority, importance, x_priority;
  mime::FieldReader reader(mime::header_block(message));
  mime::RawField field;
  while (reader.next(field)) {
    auto value = mime::unfold(field.value);
    auto v = trim(value);
    if (!priority && iequals(field.name, "Priority")) priority = from_priority(v);
    else if (!importance && iequals(field.name, "Importance")) importance = from_importance(v);
    else if (!x_priority && iequals(field.name, "X-Priority")) x_priority = from_x_priority(v);
  }
  if (priority) return priority;
  if (importance) return importance;
  return x_priority;
}

}  // namespace carteiro::delivery
