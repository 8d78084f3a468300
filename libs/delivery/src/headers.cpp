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
constexpr std::size_t kFoldAt = 78;  // RFC 5322 section 2.1.1: lines SHOULD be at most 78
}  // namespace

std::string folded_field(std::string_view name, std::string_view value) {
  std::string out(name);
  out += ": ";
  std::size_t line_length = out.size();
  bool placed = false;  // a word is on the current line already
  std::size_t pos = 0;
  while (pos < value.size()) {
    auto space = value.find(' ', pos + 1);
    auto word = value.substr(pos, space == std::string_view::npos ? std::string_view::npos : space - pos);
    // Fold before a word that starts with a space: the space begins the continuation line.
    if (placed && word.front() == ' ' && line_length + word.size() > kFoldAt) {
      out += "\r\n";
      line_length = 0;
    }
    out += word;
    line_length += word.size();
    placed = true;
    pos += word.size();
  }
  out += "\r\n";
  return out;
}

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
