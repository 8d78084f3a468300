#include "carteiro/smtp/reply.hpp"

#include <fmt/format.h>

namespace carteiro::smtp {

namespace {

// One line of a reply: code, separator ('-' continues, ' ' ends), status, text.
void append_line(std::string& out, const Reply& reply, char separator, std::string_view text) {
  out += fmt::format("{}{}", reply.code, separator);
  if (!reply.status.empty()) {
    out += reply.status;
    if (!text.empty()) out += ' ';
  }
  out += text;
  out += "\r\n";
}

}  // namespace

std::string render(const Reply& reply, std::string_view text) {
  std::string out;
  append_line(out, reply, ' ', text.empty() ? reply.text : text);
  return out;
}

std::string render_lines(const Reply& reply, const std::vector<std::string>& lines) {
  if (lines.empty()) return render(reply);
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) append_line(out, reply, i + 1 < lines.size() ? '-' : ' ', lines[i]);
  return out;
}

}  // namespace carteiro::smtp
