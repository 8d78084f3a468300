#include "carteiro/smtpwire/reply.hpp"

#include <fmt/format.h>

#include "carteiro/common/strings.hpp"

namespace carteiro::smtpwire {

namespace {

// One line of a reply: code, separator ('-' continues, ' ' ends), status, text.
void append_line(std::string& out, const FixedReply& reply, char separator, std::string_view text) {
  out += fmt::format("{}{}", reply.code, separator);
  if (!reply.status.empty()) {
    out += reply.status;
    if (!text.empty()) out += ' ';
  }
  out += text;
  out += "\r\n";
}

}  // namespace

std::string render(const FixedReply& reply, std::string_view text) {
  std::string out;
  append_line(out, reply, ' ', text.empty() ? reply.text : text);
  return out;
}

std::string render_lines(const FixedReply& reply, const std::vector<std::string>& lines) {
  if (lines.empty()) return render(reply);
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) append_line(out, reply, i + 1 < lines.size() ? '-' : ' ', lines[i]);
  return out;
}

std::string Reply::text() const {
  std::string out = std::to_string(code);
  if (!enhanced.empty()) out += " " + enhanced;
  for (const auto& line : lines) {
    auto shown = trim(line);
    if (shown.empty()) continue;
    out += ' ';
    out += printable(shown);
  }
  return out;
}

std::string Reply::status() const {
  if (!enhanced.empty()) return enhanced;
  return std::to_string(kind()) + ".0.0";
}

}  // namespace carteiro::smtpwire
