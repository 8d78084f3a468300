#include "carteiro/smtp/command.hpp"

#include <array>
#include <utility>

#include "carteiro/common/strings.hpp"

namespace carteiro::smtp {

namespace {

constexpr std::array<std::pair<Verb, std::string_view>, 15> kVerbs{{
    {Verb::helo, "HELO"}, {Verb::ehlo, "EHLO"}, {Verb::mail, "MAIL"}, {Verb::rcpt, "RCPT"},
    {Verb::data, "DATA"}, {Verb::bdat, "BDAT"}, {Verb::rset, "RSET"}, {Verb::noop, "NOOP"},
    {Verb::quit, "QUIT"}, {Verb::vrfy, "VRFY"}, {Verb::expn, "EXPN"}, {Verb::help, "HELP"},
    {Verb::starttls, "STARTTLS"}, {Verb::auth, "AUTH"}, {Verb::turn, "TURN"},
}};

bool is_space(char c) { return c == ' ' || c == '\t'; }

}  // namespace

std::string_view verb_name(Verb verb) {
  for (auto& [v, name] : kVerbs)
    if (v == verb) return name;
  return "";
}

// RFC 5321 section 4.1.1: verb SP argument. Section 2.4: verbs are case-insensitive.
// A tab separator is accepted too, as servers commonly do for hand-typed input.
CommandLine parse_command_line(std::string_view line) {
  CommandLine out;
  std::size_t start = 0;
  while (start < line.size() && is_space(line[start])) ++start;
  std::size_t end = start;
  while (end < line.size() && !is_space(line[end])) ++end;
  out.verb_text = line.substr(start, end - start);
  std::size_t arg = end;
  while (arg < line.size() && is_space(line[arg])) ++arg;
  std::size_t arg_end = line.size();
  while (arg_end > arg && is_space(line[arg_end - 1])) --arg_end;
  out.argument = line.substr(arg, arg_end - arg);
  for (auto& [verb, name] : kVerbs) {
    if (iequals(out.verb_text, name)) {
      out.verb = verb;
      break;
    }
  }
  return out;
}

std::optional<BdatArgument> parse_bdat_argument(std::string_view argument) {
  BdatArgument out;
  std::size_t i = 0;
  while (i < argument.size() && argument[i] >= '0' && argument[i] <= '9') ++i;
  if (i == 0 || i > 18) return std::nullopt;  // 18 digits cannot overflow 64 bits
  for (std::size_t k = 0; k < i; ++k) out.size = out.size * 10 + static_cast<std::uint64_t>(argument[k] - '0');
  std::string_view rest = argument.substr(i);
  if (rest.empty()) return out;
  if (rest.front() != ' ') return std::nullopt;
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (!iequals(rest, "LAST")) return std::nullopt;
  out.last = true;
  return out;
}

}  // namespace carteiro::smtp
