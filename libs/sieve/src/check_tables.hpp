#pragma once
// What each command, test and tag of the supported language takes: the checker
// (check.cpp) reads these tables, so adding an extension is mostly adding rows.
#include <string_view>
#include <vector>

#include "script.hpp"

namespace carteiro::sieve {

enum class ArgumentType { string, string_list, number };

// Which positional argument may be left out (RFC 5232 setflag's variable name is an
// optional first argument, RFC 5293 deleteheader's value patterns an optional last one).
enum class OptionalArgument { none, first, last };

// A tag a command or test accepts, and the extension that must be required for it beyond
// the command's or test's own ("" when none).
struct TagRule {
  std::string_view name;
  std::string_view extension;
};

struct Signature {
  std::string_view identifier;
  std::string_view extension;  // "" for the base language (RFC 5228)
  std::vector<ArgumentType> positional;
  OptionalArgument optional = OptionalArgument::none;
  std::vector<TagRule> tags;
};

struct CommandSignature : Signature {
  CommandKind kind = CommandKind::unknown;
  bool takes_test = false;   // if, elsif
  bool takes_block = false;  // if, elsif, else
};

enum class NestedTests { none, one, list };

struct TestSignature : Signature {
  TestKind kind = TestKind::unknown;
  NestedTests nested = NestedTests::none;
};

enum class TagValue { none, string, string_list, number };

// Every tag some command or test accepts: the value it is followed by, and its group
// (tags of one group exclude each other: two match types, :days with :seconds).
struct TagInfo {
  std::string_view name;
  TagValue value = TagValue::none;
  std::string_view group;  // "" when the tag excludes no other
};

const CommandSignature* find_command(std::string_view identifier);
const TestSignature* find_test(std::string_view identifier);
const TagInfo* find_tag(std::string_view name);

}  // namespace carteiro::sieve
