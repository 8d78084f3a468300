#include "check.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "check_rules.hpp"
#include "check_tables.hpp"
#include "check_tags.hpp"
#include "string_syntax.hpp"

namespace carteiro::sieve {

namespace {

// Capabilities a script may require beyond supported_extensions(): the two comparators
// every implementation has (RFC 5228 section 2.7.3).
constexpr std::string_view kBuiltinComparators[] = {"comparator-i;octet",
                                                    "comparator-i;ascii-casemap"};

std::string_view type_name(ArgumentType type) {
  switch (type) {
    case ArgumentType::string: return "a string";
    case ArgumentType::string_list: return "a string list";
    case ArgumentType::number: return "a number";
  }
  return "an argument";
}

// A one-string list passes for a string, and a string for a list of one.
bool fits(const Argument& argument, ArgumentType type) {
  switch (type) {
    case ArgumentType::string: return argument.is_stringish() && argument.strings.size() == 1;
    case ArgumentType::string_list: return argument.is_stringish();
    case ArgumentType::number: return argument.kind == Argument::Kind::number;
  }
  return false;
}

bool fits(const Argument& argument, TagValue value) {
  switch (value) {
    case TagValue::string: return fits(argument, ArgumentType::string);
    case TagValue::string_list: return fits(argument, ArgumentType::string_list);
    case TagValue::number: return fits(argument, ArgumentType::number);
    case TagValue::none: return false;
  }
  return false;
}

class Checker {
 public:
  explicit Checker(Script& script) : script_(script) {}

  std::optional<CompileError> run() {
    block(script_.commands, true);
    return error_;
  }

 private:
  bool required(std::string_view extension) const {
    return extension.empty() || script_.requires_extension(extension);
  }
  void fail(Position at, std::string message) {
    if (!error_) error_ = CompileError{at.line, at.column, std::move(message)};
  }

  // commands = *command, with require only at the start of the script (RFC 5228 3.2)
  // and elsif/else only after if or elsif (section 3.1).
  void block(std::vector<Command>& commands, bool top_level) {
    bool requires_allowed = top_level;
    CommandKind previous = CommandKind::unknown;
    for (auto& command : commands) {
      if (error_) return;
      const CommandSignature* signature = find_command(command.identifier);
      if (signature == nullptr) {
        fail(command.position, fmt::format("unknown command \"{}\"", command.identifier));
        return;
      }
      if (!required(signature->extension)) {
        fail(command.position, fmt::format("command \"{}\" needs require \"{}\"",
                                           command.identifier, signature->extension));
        return;
      }
      command.kind = signature->kind;
      bool is_require = command.kind == CommandKind::require;
      if (is_require && !requires_allowed)
        fail(command.position, "require must come before any other command");
      if (!is_require) requires_allowed = false;
      bool chained = command.kind == CommandKind::elsif || command.kind == CommandKind::else_;
      if (chained && previous != CommandKind::if_ && previous != CommandKind::elsif)
        fail(command.position, fmt::format("{} without a preceding if", command.identifier));
      previous = command.kind;
      if (is_require) {
        requirement(command);
        continue;
      }
      one_command(*signature, command);
    }
  }

  // require <capabilities: string-list>
  void requirement(Command& command) {
    arguments(*find_command("require"), command.identifier, command.position, command.arguments,
              command.tagged, false);
    if (error_) return;
    const auto& supported = supported_extensions();
    for (const auto& name : command.arguments.front().strings) {
      bool known = std::find(supported.begin(), supported.end(), name.text) != supported.end() ||
                   std::find(std::begin(kBuiltinComparators), std::end(kBuiltinComparators),
                             name.text) != std::end(kBuiltinComparators);
      if (!known) {
        fail(command.arguments.front().position,
             fmt::format("unknown extension \"{}\"", name.text));
        return;
      }
      add_extension(name.text);
      // RFC 6131 section 2: vacation-seconds brings vacation with it.
      if (name.text == "vacation-seconds") add_extension("vacation");
    }
  }

  void add_extension(const std::string& name) {
    if (!script_.requires_extension(name)) script_.extensions.push_back(name);
  }

  void one_command(const CommandSignature& signature, Command& command) {
    // The test first: "if true keep;" is best told as a stray "keep" after the test.
    if (signature.takes_test && command.test) test(*command.test);
    if (error_) return;
    if (signature.takes_test && !command.test) {
      fail(command.position, fmt::format("expected test after {}", command.identifier));
    } else if (!signature.takes_test && command.test) {
      // Most likely a missing ';' (or '{' after else) before the next command.
      fail(command.test->position,
           fmt::format("expected {} after {}, found identifier \"{}\"",
                       signature.takes_block ? "'{'" : "';'", command.identifier,
                       command.test->identifier));
    } else if (signature.takes_block && !command.has_block) {
      fail(command.position, fmt::format("expected block after {}", command.identifier));
    } else if (!signature.takes_block && command.has_block) {
      fail(command.position, fmt::format("{} takes no block", command.identifier));
    }
    if (error_) return;
    auto tags = arguments(signature, command.identifier, command.position, command.arguments,
                          command.tagged, true);
    if (error_) return;
    if (auto error = command_rules(command, tags)) {
      error_ = std::move(error);
      return;
    }
    block(command.block, false);
  }

  void test(Test& test) {
    if (error_) return;
    const TestSignature* signature = find_test(test.identifier);
    if (signature == nullptr) {
      fail(test.position, fmt::format("unknown test \"{}\"", test.identifier));
      return;
    }
    if (!required(signature->extension)) {
      fail(test.position, fmt::format("test \"{}\" needs require \"{}\"", test.identifier,
                                      signature->extension));
      return;
    }
    test.kind = signature->kind;
    nested_tests(*signature, test);
    if (error_) return;
    auto tags = arguments(*signature, test.identifier, test.position, test.arguments,
                          test.tagged, true);
    if (error_) return;
    if (auto error = test_rules(test, tags)) {
      error_ = std::move(error);
      return;
    }
    for (auto& nested : test.tests) this->test(nested);
  }

  // allof/anyof take a test-list, not a single test (RFC 5228 sections 5.2, 5.3).
  void nested_tests(const TestSignature& signature, const Test& test) {
    switch (signature.nested) {
      case NestedTests::none:
        if (!test.tests.empty())
          fail(test.tests.front().position,
               fmt::format("unexpected \"{}\" after test \"{}\"",
                           test.tests.front().identifier, test.identifier));
        break;
      case NestedTests::one:
        if (test.tests.empty() || test.test_list)
          fail(test.position, fmt::format("expected a single test after {}", test.identifier));
        break;
      case NestedTests::list:
        if (!test.test_list)
          fail(test.position, fmt::format("expected a test list \"( ... )\" after {}",
                                          test.identifier));
        break;
    }
  }

  // Tagged arguments first, then the positional ones (RFC 5228 section 2.6). Sorts the
  // tags into TAGGED, leaves ARGUMENTS with the positional ones, and returns the tags given.
  std::vector<std::string> arguments(const Signature& signature, std::string_view name,
                                     Position position, std::vector<Argument>& arguments,
                                     Tagged& tagged, bool decode) {
    if (decode)
      for (auto& argument : arguments) strings(argument);
    std::vector<std::string> given;
    std::vector<Argument> positional;
    for (std::size_t i = 0; i < arguments.size() && !error_; ++i) {
      Argument& argument = arguments[i];
      if (argument.kind != Argument::Kind::tag) {
        positional.push_back(std::move(argument));
        continue;
      }
      const Argument* value = tag(signature, name, arguments, i, positional.empty(), given);
      if (error_) break;
      if (value != nullptr) ++i;
      if (auto message = apply_tag(argument.tag, value, script_, tagged))
        fail(value != nullptr ? value->position : argument.position, std::move(*message));
      given.push_back(argument.tag);
    }
    order_modifiers(tagged);
    if (!error_) positional_arguments(signature, name, position, positional);
    arguments = std::move(positional);
    return given;
  }

  // Checks the tag at ARGUMENTS[I]; returns the argument that is its value, if it takes one.
  const Argument* tag(const Signature& signature, std::string_view name,
                      const std::vector<Argument>& arguments, std::size_t i,
                      bool before_positional, const std::vector<std::string>& given) {
    const Argument& argument = arguments[i];
    const TagInfo* info = find_tag(argument.tag);
    auto rule = std::find_if(signature.tags.begin(), signature.tags.end(),
                             [&](const TagRule& r) { return r.name == argument.tag; });
    if (info == nullptr) {
      fail(argument.position, fmt::format("unknown tag \":{}\"", argument.tag));
    } else if (rule == signature.tags.end()) {
      fail(argument.position, fmt::format("{} does not take :{}", name, argument.tag));
    } else if (!required(rule->extension)) {
      fail(argument.position,
           fmt::format("tag \":{}\" needs require \"{}\"", argument.tag, rule->extension));
    } else if (!before_positional) {
      fail(argument.position,
           fmt::format("tag \":{}\" must come before the positional arguments", argument.tag));
    } else if (std::find(given.begin(), given.end(), argument.tag) != given.end()) {
      fail(argument.position, fmt::format("tag \":{}\" given twice", argument.tag));
    }
    if (error_) return nullptr;
    if (!info->group.empty()) {
      for (const auto& other : given) {
        if (find_tag(other)->group == info->group) {
          fail(argument.position, fmt::format(":{} and :{} cannot be used together (both {})",
                                              other, argument.tag, info->group));
          return nullptr;
        }
      }
    }
    if (info->value == TagValue::none) return nullptr;
    if (i + 1 >= arguments.size() || !fits(arguments[i + 1], info->value)) {
      auto type = info->value == TagValue::number        ? ArgumentType::number
                  : info->value == TagValue::string_list ? ArgumentType::string_list
                                                         : ArgumentType::string;
      fail(argument.position, fmt::format(":{} needs {}", argument.tag, type_name(type)));
      return nullptr;
    }
    return &arguments[i + 1];
  }

  void positional_arguments(const Signature& signature, std::string_view name, Position position,
                            std::vector<Argument>& positional) {
    const auto& types = signature.positional;
    std::size_t most = types.size();
    std::size_t least = signature.optional == OptionalArgument::none ? most : most - 1;
    if (positional.size() < least || positional.size() > most) {
      Position at = positional.size() > most ? positional[most].position : position;
      std::string count = most == 0       ? std::string("no")
                          : least == most ? fmt::format("{}", most)
                                          : fmt::format("{} or {}", least, most);
      fail(at, fmt::format("{} takes {} positional argument{}, found {}", name, count,
                           most == 1 ? "" : "s", positional.size()));
      return;
    }
    // Which expected type each argument is: an omitted first one shifts the rest.
    std::size_t skip =
        positional.size() < most && signature.optional == OptionalArgument::first ? 1 : 0;
    for (std::size_t i = 0; i < positional.size(); ++i) {
      ArgumentType type = types[i + skip];
      Argument& argument = positional[i];
      if (!fits(argument, type)) {
        fail(argument.position, fmt::format("argument {} of {} must be {}", i + 1, name,
                                            type_name(type)));
        return;
      }
      if (type == ArgumentType::string_list) argument.kind = Argument::Kind::string_list;
      if (type == ArgumentType::string) argument.kind = Argument::Kind::string;
    }
  }

  // encoded-character (RFC 5228 2.4.2.4) decoded now; variable references (RFC 5229
  // section 3) marked for the interpreter, and a namespace none of our extensions
  // defines refused.
  void strings(Argument& argument) {
    for (auto& string : argument.strings) {
      if (script_.requires_extension("encoded-character")) {
        if (auto message = decode_encoded_characters(string.text)) {
          fail(argument.position, std::move(*message));
          return;
        }
      }
      if (!script_.requires_extension("variables")) continue;
      for (auto ref = next_variable_reference(string.text); ref;
           ref = next_variable_reference(string.text, ref->end)) {
        if (ref->namespaced) {
          fail(argument.position,
               fmt::format("unknown variable namespace in \"${{{}}}\"", ref->name));
          return;
        }
        string.has_variables = true;
      }
    }
  }

  Script& script_;
  std::optional<CompileError> error_;
};

}  // namespace

std::optional<CompileError> check(Script& script) { return Checker(script).run(); }

}  // namespace carteiro::sieve
