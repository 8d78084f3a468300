#pragma once
// The state of one run of a script: what it reads (message, envelope, environment), what
// it keeps between commands (variables, the imap4flags internal variable), what it has
// decided (actions, duplicate records) and its step budget. Commands (eval_commands.cpp)
// and tests (eval_tests.cpp) work on it; run() (run.cpp) makes it and reads the result.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "carteiro/mime/structure.hpp"
#include "carteiro/sieve/run.hpp"
#include "eval_message.hpp"
#include "match.hpp"
#include "run_actions.hpp"
#include "script.hpp"
#include "value_variables.hpp"

namespace carteiro::sieve {

// Octets one run may compare (match.hpp): far more than any sensible script on a large
// message needs, and a second or two of work.
inline constexpr std::size_t kMatchWork = std::size_t{1} << 30;

struct RunState {
  RunState(const Script& s, const MessageInput& in, Environment& env, const Limits& l)
      : script(s), input(in), environment(env), limits(l), message(in.message), actions(l) {}

  const Script& script;
  const MessageInput& input;
  Environment& environment;
  const Limits& limits;

  MessageView message;
  Variables variables;
  std::vector<std::string> flags;  // RFC 5232 section 3 internal variable
  ActionList actions;
  std::vector<DuplicateRecord> duplicates;
  std::size_t steps = 0;
  bool stopped = false;
  WorkBudget match_work{kMatchWork};

  // The MIME tree of the message, parsed on the first body test.
  const mime::Part& parts();

  // One command or test evaluated; beyond Limits::max_steps a run-time error.
  void step();
  // A string argument with its variables expanded (RFC 5229 section 3).
  std::string text(const String& s) const;
  std::string text(const Argument& argument) const;  // the first string
  std::vector<std::string> texts(const Argument& argument) const;
  std::vector<std::string> texts(const StringList& list) const;

 private:
  std::unique_ptr<mime::Part> parts_;
};

void execute(RunState& state, const std::vector<Command>& block);
bool evaluate(RunState& state, const Test& test);

// Compares VALUES with KEYS as TAGGED says (match type, comparator, relation); a :matches
// success sets the match variables when the script uses variables (RFC 5229 section 3.2).
bool match(RunState& state, const Tagged& tagged, const std::vector<std::string>& values,
           const std::vector<std::string>& keys);
// RFC 5260 section 6 :index N [:last]: the Nth of VALUES (from the end with :last), or
// all of them without :index.
std::vector<std::string> pick_index(std::vector<std::string> values, const Tagged& tagged);

// The Ith positional argument of COMMAND. The checker gives every command its arguments; a
// tree without them is a bug that must not crash delivery: a run-time error.
const Argument& arg(const Command& command, std::size_t i);

// Commands with more to them than one action (eval_actions.cpp).
void vacation(RunState& state, const Command& command);
void add_header(RunState& state, const Command& command);
void delete_header(RunState& state, const Command& command);
bool duplicate(RunState& state, const Test& test);

// RFC 5232 section 3: flag strings hold space-separated flags; each appears once.
std::vector<std::string> split_flags(const std::vector<std::string>& strings);

}  // namespace carteiro::sieve
