#include "carteiro/sieve/managed_sections.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "carteiro/common/dot_stuffing.hpp"
#include "carteiro/common/strings.hpp"

namespace carteiro::sieve {

namespace {

constexpr std::string_view kRequireSection = "require";

// One line of the script: [begin, end) without its line end, next is where the following
// line starts (after "\n", or the end of the script).
struct Line {
  std::size_t begin = 0, end = 0, next = 0;
};

std::vector<Line> lines_of(std::string_view script) {
  std::vector<Line> out;
  for (std::size_t i = 0; i < script.size();) {
    auto nl = script.find('\n', i);
    std::size_t next = nl == std::string_view::npos ? script.size() : nl + 1;
    std::size_t end = nl == std::string_view::npos ? script.size() : nl;
    if (end > i && script[end - 1] == '\r') --end;
    out.push_back(Line{i, end, next});
    i = next;
  }
  return out;
}

std::string marker(std::string_view word, std::string_view name) { return fmt::format("# {} carteiro {}", word, name); }

// Where section NAME's lines are: from its BEGIN line's start to after its END line.
struct Span {
  std::size_t begin = 0, end = 0;
};

std::optional<Span> find_section(std::string_view script, std::string_view name) {
  auto begin_marker = marker("BEGIN", name), end_marker = marker("END", name);
  std::optional<std::size_t> begin;
  for (const auto& line : lines_of(script)) {
    auto text = trim(script.substr(line.begin, line.end - line.begin));
    if (text == begin_marker) {
      if (begin) break;
      begin = line.begin;
    } else if (text == end_marker) {
      if (!begin) break;
      return Span{*begin, line.next};
    }
  }
  for (const auto& line : lines_of(script)) {
    auto text = trim(script.substr(line.begin, line.end - line.begin));
    if (text == begin_marker || text == end_marker)
      throw ManagedSectionError(fmt::format("the script's \"{}\" and \"{}\" lines do not pair up; fix or remove them first",
                                            begin_marker, end_marker));
  }
  return std::nullopt;
}

std::string block(std::string_view name, std::string_view commands) {
  return fmt::format("{}\r\n{}{}\r\n", marker("BEGIN", name), commands, marker("END", name));
}

// Inserts TEXT (whole lines) at AT, starting a new line first when AT is not at one.
std::string insert_lines(std::string_view script, std::size_t at, std::string_view text) {
  std::string out(script.substr(0, at));
  if (at > 0 && script[at - 1] != '\n') out += "\r\n";
  out += text;
  out += script.substr(at);
  return out;
}

std::string replace_span(std::string_view script, Span span, std::string_view text) {
  std::string out(script.substr(0, span.begin));
  out += text;
  out += script.substr(span.end);
  return out;
}

bool identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Skips white space and comments (RFC 5228 section 2.3) from I; false at an unterminated
// bracket comment.
bool skip_blank(std::string_view s, std::size_t& i) {
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
    } else if (c == '#') {
      auto nl = s.find('\n', i);
      i = nl == std::string_view::npos ? s.size() : nl + 1;
    } else if (s.substr(i, 2) == "/*") {
      auto close = s.find("*/", i + 2);
      if (close == std::string_view::npos) return false;
      i = close + 2;
    } else {
      break;
    }
  }
  return true;
}

// From just after "require", to just after its ';': the argument is a string or a string
// list, whose quoted strings may hold ';' (RFC 5228 section 2.4.2). nullopt when it never ends.
std::optional<std::size_t> end_of_require(std::string_view s, std::size_t i) {
  while (i < s.size()) {
    if (!skip_blank(s, i) || i >= s.size()) return std::nullopt;
    char c = s[i];
    if (c == ';') return i + 1;
    if (c == '"') {
      for (++i; i < s.size() && s[i] != '"'; ++i)
        if (s[i] == '\\') ++i;
      if (i >= s.size()) return std::nullopt;
    }
    ++i;
  }
  return std::nullopt;
}

// Where the script's leading require commands end: after the last one's line, or 0.
std::size_t after_requires(std::string_view s) {
  std::size_t i = 0, last = 0;
  for (;;) {
    if (!skip_blank(s, i)) break;
    constexpr std::string_view kRequire = "require";
    if (!iequals(s.substr(i, kRequire.size()), kRequire) ||
        (i + kRequire.size() < s.size() && identifier_char(s[i + kRequire.size()])))
      break;
    auto end = end_of_require(s, i + kRequire.size());
    if (!end) break;
    i = last = *end;
  }
  // Take the rest of the last require's line along when it is only blank or a comment.
  std::size_t j = last;
  while (j < s.size() && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r')) ++j;
  if (j < s.size() && s[j] == '#') j = s.find('\n', j) == std::string_view::npos ? s.size() : s.find('\n', j);
  if (j < s.size() && s[j] == '\n') return j + 1;
  return last;
}

std::string require_line(const ManagedSection& section) {
  std::string list;
  for (const auto& e : section.extensions) list += (list.empty() ? "" : ", ") + quoted_string(e);
  return fmt::format("require [{}]; # {}\r\n", list, section.name);
}

// The require section's lines other than NAME's.
std::string other_require_lines(std::string_view script, std::optional<Span> span, std::string_view name) {
  std::string out;
  if (!span) return out;
  auto inside = script.substr(span->begin, span->end - span->begin);
  auto lines = lines_of(inside);
  auto own_suffix = fmt::format("; # {}", name);
  for (std::size_t k = 1; k + 1 < lines.size(); ++k) {
    auto text = inside.substr(lines[k].begin, lines[k].end - lines[k].begin);
    if (text.size() >= own_suffix.size() && text.substr(text.size() - own_suffix.size()) == own_suffix) continue;
    out += inside.substr(lines[k].begin, lines[k].next - lines[k].begin);
  }
  return out;
}

// SCRIPT with NAME's require line set to LINE ("" removes it); the require section goes
// when it has no line left, and is made at the top when needed.
std::string set_require_line(std::string_view script, std::string_view name, std::string_view line) {
  auto span = find_section(script, kRequireSection);
  auto lines = other_require_lines(script, span, name) + std::string(line);
  if (lines.empty()) return span ? replace_span(script, *span, "") : std::string(script);
  auto text = block(kRequireSection, lines);
  return span ? replace_span(script, *span, text) : insert_lines(script, 0, text);
}

// Where a new section goes: after the last managed section, or after the require commands.
std::size_t new_section_place(std::string_view script) {
  std::size_t place = after_requires(script);
  if (auto require = find_section(script, kRequireSection)) place = std::max(place, require->end);
  for (const auto& line : lines_of(script)) {
    auto text = trim(script.substr(line.begin, line.end - line.begin));
    if (istarts_with(text, "# END carteiro ") && text != marker("END", kRequireSection)) place = line.next;
  }
  return place;
}

void refuse_line_breaks(std::string_view what, std::string_view text) {
  if (text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos)
    throw ManagedSectionError(fmt::format("the {} must be one line", what));
}

// A line of the reply that reads as a marker would end the section early when read back.
void refuse_markers(std::string_view text) {
  for (const auto& line : lines_of(text)) {
    auto t = trim(text.substr(line.begin, line.end - line.begin));
    if (istarts_with(t, "# BEGIN carteiro ") || istarts_with(t, "# END carteiro "))
      throw ManagedSectionError(fmt::format("the body may not have a line \"{}\"", t));
  }
}

bool digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

// "YYYY-MM-DD", a day that exists.
void check_date(std::string_view date) {
  bool shape = date.size() == 10 && date[4] == '-' && date[7] == '-' && digits(date.substr(0, 4)) &&
               digits(date.substr(5, 2)) && digits(date.substr(8, 2));
  int year = shape ? std::stoi(std::string(date.substr(0, 4))) : 0;
  int month = shape ? std::stoi(std::string(date.substr(5, 2))) : 0;
  int day = shape ? std::stoi(std::string(date.substr(8, 2))) : 0;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  bool valid = shape && month >= 1 && month <= 12 && day >= 1 && day <= kDays[month - 1] &&
               !(month == 2 && day == 29 && !leap);
  if (!valid) throw ManagedSectionError(fmt::format("\"{}\" is not a date of the form YYYY-MM-DD", date));
}

}  // namespace

std::string quoted_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

std::string multiline_string(std::string_view text) {
  std::string out = "text:\r\n";
  DotStuffer stuffer(DotStuffer::BareCr::ends_line);
  stuffer.write(text, out);
  stuffer.finish(out);
  return out;
}

ManagedSection forward_section(std::string_view target, bool keep) {
  refuse_line_breaks("forwarding address", target);
  if (target.empty()) throw ManagedSectionError("the forwarding address is empty");
  if (keep) return {"forward", {"copy"}, fmt::format("redirect :copy {};\r\n", quoted_string(target))};
  return {"forward", {}, fmt::format("redirect {};\r\n", quoted_string(target))};
}

ManagedSection vacation_section(const VacationSettings& settings) {
  refuse_line_breaks("subject", settings.subject);
  if (settings.body.find('\0') != std::string::npos) throw ManagedSectionError("the body must be text (it holds NUL)");
  refuse_markers(settings.body);
  if (settings.days < 1) throw ManagedSectionError("vacation :days is at least 1 (RFC 5230 section 4.1)");
  auto reply = fmt::format("vacation :days {} :subject {} {};\r\n", settings.days, quoted_string(settings.subject),
                           multiline_string(settings.body));
  if (settings.until.empty()) return {"vacation", {"vacation"}, reply};
  check_date(settings.until);
  return {"vacation",
          {"date", "relational", "vacation"},
          fmt::format("if currentdate :value \"le\" \"date\" {} {{\r\n{}}}\r\n", quoted_string(settings.until), reply)};
}

std::string set_section(std::string_view script, const ManagedSection& section) {
  auto with_require = set_require_line(script, section.name, section.extensions.empty() ? "" : require_line(section));
  auto text = block(section.name, section.commands);
  if (auto span = find_section(with_require, section.name)) return replace_span(with_require, *span, text);
  return insert_lines(with_require, new_section_place(with_require), text);
}

std::string remove_section(std::string_view script, std::string_view name) {
  auto span = find_section(script, name);
  auto without = span ? replace_span(script, *span, "") : std::string(script);
  return set_require_line(without, name, "");
}

std::optional<std::string> section_commands(std::string_view script, std::string_view name) {
  auto span = find_section(script, name);
  if (!span) return std::nullopt;
  auto lines = lines_of(script.substr(span->begin, span->end - span->begin));
  auto inside = script.substr(span->begin, span->end - span->begin);
  return std::string(inside.substr(lines.front().next, lines.back().begin - lines.front().next));
}

}  // namespace carteiro::sieve
