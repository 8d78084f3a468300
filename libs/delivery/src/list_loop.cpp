#include "carteiro/delivery/list_loop.hpp"

#include "carteiro/common/strings.hpp"
#include "carteiro/delivery/headers.hpp"
#include "carteiro/mime/header.hpp"

namespace carteiro::delivery {

namespace {

// RFC 2919 section 3: List-Id: [phrase] "<" list-id ">"; compared without case (the id
// is a domain-like name).
bool names_list_id(std::string_view value, std::string_view id) {
  auto open = value.rfind('<');
  auto close = value.rfind('>');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return false;
  return iequals(trim(value.substr(open + 1, close - open - 1)), id);
}

}  // namespace

bool came_through_list(std::string_view header, std::string_view list) {
  const std::string id = list_id(list);
  mime::FieldReader reader(mime::header_block(header));
  mime::RawField field;
  while (reader.next(field)) {
    if (iequals(field.name, "List-Id") && names_list_id(mime::unfold(field.value), id)) return true;
    if (iequals(field.name, "X-Loop") && iequals(trim(mime::unfold(field.value)), list)) return true;
  }
  return false;
}

}  // namespace carteiro::delivery
