#include "check_rules.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "carteiro/common/address.hpp"
#include "carteiro/common/strings.hpp"
#include "string_syntax.hpp"

namespace carteiro::sieve {

namespace {

CompileError error_at(Position at, std::string message) {
  return CompileError{at.line, at.column, std::move(message)};
}

bool given(const std::vector<std::string>& tags, std::string_view name) {
  return std::find(tags.begin(), tags.end(), name) != tags.end();
}

// Header names in ARGUMENT, unless they are expanded at run time.
std::optional<CompileError> header_names(const Argument& argument) {
  for (const auto& name : argument.strings)
    if (!name.has_variables && !is_header_name(name.text))
      return error_at(argument.position, fmt::format("invalid header name \"{}\"", name.text));
  return std::nullopt;
}

// Names of variables, as "set", setflag and hasflag take them (RFC 5229 section 4: never
// expanded; RFC 5232 section 3).
std::optional<CompileError> variable_names(Argument& argument) {
  for (auto& name : argument.strings) {
    name.has_variables = false;
    if (!is_variable_name(name.text))
      return error_at(argument.position, fmt::format("invalid variable name \"{}\"", name.text));
  }
  return std::nullopt;
}

// RFC 5228 section 5.4 "from" and "to"; "auth" is the submitter's identity.
std::optional<CompileError> envelope_parts(const Argument& argument) {
  for (const auto& part : argument.strings) {
    if (part.has_variables) continue;
    if (!iequals(part.text, "from") && !iequals(part.text, "to") && !iequals(part.text, "auth"))
      return error_at(argument.position,
                      fmt::format("unknown envelope part \"{}\" (expected \"from\", \"to\" or "
                                  "\"auth\")",
                                  part.text));
  }
  return std::nullopt;
}

// RFC 5260 section 4.2.
std::optional<CompileError> date_part(const Argument& argument, DatePart& out) {
  const String& text = argument.strings.front();
  if (text.has_variables) return std::nullopt;  // known only when it runs
  if (auto part = date_part_named(text.text)) {
    out = *part;
    return std::nullopt;
  }
  return error_at(argument.position, fmt::format("unknown date-part \"{}\"", text.text));
}

// RFC 5228 section 4.2 (redirect) and RFC 5230 section 4.3 (vacation :from): the address
// must be valid; "Name <a@b>" is taken for its address.
bool valid_address(std::string_view text) {
  auto open = text.rfind('<');
  if (open != std::string_view::npos) {
    auto close = text.find('>', open);
    if (close == std::string_view::npos || trim(text.substr(close + 1)).size() != 0) return false;
    text = text.substr(open + 1, close - open - 1);
  }
  return parse_address(trim(text)).has_value();
}

}  // namespace

bool is_header_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return c >= 33 && c <= 126 && c != ':';
  });
}

std::optional<CompileError> command_rules(Command& command,
                                          const std::vector<std::string>& tags) {
  auto& args = command.arguments;
  switch (command.kind) {
    case CommandKind::set:
      return variable_names(args[0]);
    case CommandKind::setflag:
    case CommandKind::addflag:
    case CommandKind::removeflag:
      if (args.size() == 2) return variable_names(args[0]);
      return std::nullopt;
    case CommandKind::addheader:
    case CommandKind::deleteheader:
      if (command.kind == CommandKind::deleteheader && given(tags, "last") && !given(tags, "index"))
        return error_at(command.position, ":last needs :index");
      return header_names(args[0]);
    case CommandKind::redirect:
      if (!args[0].strings[0].has_variables && !valid_address(args[0].strings[0].text))
        return error_at(args[0].position,
                        fmt::format("invalid redirect address \"{}\"", args[0].strings[0].text));
      return std::nullopt;
    case CommandKind::vacation: {
      const auto& from = command.tagged.from;
      if (from && !from->has_variables && !valid_address(from->text))
        return error_at(command.position, fmt::format("invalid :from address \"{}\"", from->text));
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

std::optional<CompileError> test_rules(Test& test, const std::vector<std::string>& tags) {
  auto& args = test.arguments;
  if (given(tags, "last") && !given(tags, "index") && test.kind != TestKind::duplicate)
    return error_at(test.position, ":last needs :index");
  switch (test.kind) {
    case TestKind::header:
    case TestKind::address:
    case TestKind::exists:
      return header_names(args[0]);
    case TestKind::envelope:
      return envelope_parts(args[0]);
    case TestKind::size:
      if (!given(tags, "over") && !given(tags, "under"))
        return error_at(test.position, "size needs :over or :under");
      return std::nullopt;
    case TestKind::date:
      if (auto error = header_names(args[0])) return error;
      return date_part(args[1], test.date_part);
    case TestKind::currentdate:
      return date_part(args[0], test.date_part);
    case TestKind::hasflag:
      if (args.size() == 2) return variable_names(args[0]);
      return std::nullopt;
    case TestKind::duplicate:
      if (test.tagged.header && !test.tagged.header->has_variables &&
          !is_header_name(test.tagged.header->text))
        return error_at(test.position,
                        fmt::format("invalid header name \"{}\"", test.tagged.header->text));
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

}  // namespace carteiro::sieve
