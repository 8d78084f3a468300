#include "carteiro/delivery/headers.hpp"

#include <fmt/format.h>

#include "carteiro/delivery/resolve.hpp"

namespace carteiro::delivery {

namespace {
struct ListParts {
  std::string_view local;
  std::string_view domain;
};
ListParts parts_of(std::string_view list) {
  auto at = list.rfind('@');
  if (at == std::string_view::npos) return {list, {}};
  return {list.substr(0, at), list.substr(at + 1)};
}
}  // namespace

std::string return_path_field(std::string_view sender) { return fmt::format("Return-Path: <{}>\r\n", sender); }

// RFC 2919 section 2: list-id = list-label "." list-id-namespace; the list's own address
// with '@' turned into '.' is unique to it. A label must be a dot-atom, so a quoted local
// part would not fit; list addresses are dot-atoms in practice.
std::string list_id(std::string_view list) {
  auto [local, domain] = parts_of(list);
  return fmt::format("{}.{}", local, domain);
}

std::string list_fields(std::string_view list) {
  return fmt::format(
      "List-Id: <{}>\r\n"
      "List-Post: <mailto:{}>\r\n"
      "List-Unsubscribe: <mailto:{}?subject=unsubscribe>\r\n"
      "List-Help: <mailto:{}?subject=help>\r\n"
      "Precedence: list\r\n"
      "X-Loop: {}\r\n",
      list_id(list), list, list_request_address(list), list_request_address(list), list);
}

}  // namespace carteiro::delivery
