// run(): one script on one message (RFC 5228 section 2.10), the pieces in interp.hpp.
#include <fmt/format.h>

#include "carteiro/common/strings.hpp"
#include "interp.hpp"
#include "run_error.hpp"

namespace carteiro::sieve {

void RunState::step() {
  if (++steps > limits.max_steps)
    throw RuntimeError(fmt::format("too many steps (the limit is {})", limits.max_steps));
}

const mime::Part& RunState::parts() {
  if (!parts_) parts_ = std::make_unique<mime::Part>(mime::parse_structure(input.message));
  return *parts_;
}

std::string RunState::text(const String& s) const {
  return s.has_variables ? variables.expand(s.text) : s.text;
}

std::string RunState::text(const Argument& argument) const {
  return argument.strings.empty() ? std::string() : text(argument.strings.front());
}

std::vector<std::string> RunState::texts(const StringList& list) const {
  std::vector<std::string> out;
  out.reserve(list.size());
  for (const String& s : list) out.push_back(text(s));
  return out;
}

std::vector<std::string> RunState::texts(const Argument& argument) const { return texts(argument.strings); }

const Argument& arg(const Command& command, std::size_t i) {
  if (i >= command.arguments.size())
    throw RuntimeError("command \"" + command.identifier + "\" without its arguments");
  return command.arguments[i];
}

std::vector<std::string> split_flags(const std::vector<std::string>& strings) {
  std::vector<std::string> out;
  for (const std::string& s : strings)
    for (std::string_view flag : split(s, ' '))
      if (!flag.empty()) merge_flags(out, {std::string(flag)});
  return out;
}

RunResult run(const Script& script, const MessageInput& input, Environment& environment, const Limits& limits) {
  RunState state(script, input, environment, limits);
  RunResult result;
  try {
    execute(state, script.commands);
    result.actions = state.actions.finish(state.flags);
  } catch (const RuntimeError& error) {
    // RFC 5228 section 2.10.6: a run-time error keeps the message, and nothing else.
    result.actions = {Keep{}};
    result.error = error.what();
    return result;
  }
  if (state.message.edited()) result.edited_header = state.message.header_section();
  result.duplicates = std::move(state.duplicates);
  return result;
}

}  // namespace carteiro::sieve
