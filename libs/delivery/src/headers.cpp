#include "carteiro/delivery/headers.hpp"

#include <fmt/format.h>

namespace carteiro::delivery {

std::string return_path_field(std::string_view sender) { return fmt::format("Return-Path: <{}>\r\n", sender); }

std::string list_fields(std::string_view list) {
  auto at = list.rfind('@');
  std::string_view local = at == std::string_view::npos ? list : list.substr(0, at);
  std::string_view domain = at == std::string_view::npos ? std::string_view() : list.substr(at + 1);
  // RFC 2919 section 2: list-id = list-label "." list-id-namespace; the list's own
  // address with '@' turned into '.' is unique to it. A label must be a dot-atom, so
  // a quoted local part would not fit; list addresses are dot-atoms in practice.
  return fmt::format(
      "List-Id: <{}.{}>\r\n"
      "List-Post: <mailto:{}>\r\n"
      "List-Unsubscribe: <mailto:{}-request@{}?subject=unsubscribe>\r\n"
      "Precedence: list\r\n",
      local, domain, list, local, domain);
}

}  // namespace carteiro::delivery
