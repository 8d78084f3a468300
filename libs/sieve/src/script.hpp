#pragma once
// The syntax tree of a Sieve script (RFC 5228 section 8.2), as the parser builds it and
// the checker completes it: after compile() every command and test has its kind resolved,
// its tagged arguments sorted into a Tagged, and only its positional arguments left in
// `arguments`, in order. The interpreter walks this tree; it never sees a syntax error.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "carteiro/sieve/compile.hpp"

namespace carteiro::sieve {

struct Position {
  std::size_t line = 1;    // 1-based
  std::size_t column = 1;  // 1-based, in octets
};

// One string of the script, encoded-character (RFC 5228 section 2.4.2.4) already decoded.
// has_variables: the variables extension is required and the text holds "${", so the
// interpreter must expand it (RFC 5229 section 3) before use.
struct String {
  std::string text;
  bool has_variables = false;
};
using StringList = std::vector<String>;

// RFC 5228 section 8.2 argument: a string, a string list, a number (K/M/G applied), or a
// tag (":is", kept lowercased and without the colon).
struct Argument {
  enum class Kind { string, string_list, number, tag };
  Kind kind = Kind::string;
  StringList strings;        // string: exactly one; string_list: one or more
  std::uint64_t number = 0;  // number
  std::string tag;           // tag: "is", "contains", "comparator", ...
  Position position;

  bool is_stringish() const { return kind == Kind::string || kind == Kind::string_list; }
};

// RFC 5228 section 2.7.1, RFC 5231 (value, count).
enum class MatchType { is, contains, matches, value, count };
// RFC 5231 section 4: the relational operator of :value and :count.
enum class Relation { none, gt, ge, lt, le, eq, ne };
// RFC 4790 comparators (RFC 5228 section 2.7.3).
enum class Comparator { octet, ascii_casemap, ascii_numeric };
// RFC 5228 section 2.7.4, RFC 5233 (user, detail).
enum class AddressPart { all, localpart, domain, user, detail };
// RFC 5173 section 5.
enum class BodyTransform { text, raw, content };
// RFC 5228 section 5.9.
enum class SizeRelation { over, under };
// RFC 5229 section 4.1, in the order they are applied (highest precedence first).
enum class SetModifier { lower, upper, lowerfirst, upperfirst, quotewildcard, length };
// RFC 5260 section 4.2 date-part names.
enum class DatePart {
  year, month, day, date, julian, hour, minute, second, time, iso8601, std11, zone, weekday
};
// The date-part NAME names (case-insensitive), nullopt for none.
std::optional<DatePart> date_part_named(std::string_view name);

// Every tagged argument a command or test may carry, with the defaults the RFCs give.
// Which tags a command or test accepts is the checker's business (check_tables.cpp);
// a field stays at its default when its tag was not given.
struct Tagged {
  // Match type, relation and comparator (RFC 5228 2.7.1, 2.7.3; RFC 5231).
  MatchType match = MatchType::is;
  Relation relation = Relation::none;
  Comparator comparator = Comparator::ascii_casemap;
  AddressPart address_part = AddressPart::all;

  // RFC 5260 section 6: :index N [:last] on header, address, date.
  std::optional<std::uint64_t> index;
  // :last: index (RFC 5260), deleteheader (RFC 5293), duplicate (RFC 7352).
  bool last = false;
  // RFC 5260 section 4.1: :zone "+0100" or :originalzone on date.
  std::optional<std::string> zone;
  bool original_zone = false;

  // RFC 5173: body :raw / :content "types" / :text.
  BodyTransform transform = BodyTransform::text;
  StringList content_types;

  // RFC 3894 :copy, RFC 5490 :create.
  bool copy = false;
  bool create = false;
  // RFC 5232 :flags on keep and fileinto (set when given, even empty).
  std::optional<StringList> flags;

  // RFC 5230 / RFC 6131 vacation; :handle and :seconds also duplicate (RFC 7352).
  std::optional<std::uint64_t> days;
  std::optional<std::uint64_t> seconds;
  std::optional<String> subject;
  std::optional<String> from;
  std::optional<StringList> addresses;
  bool mime = false;
  std::optional<String> handle;

  // RFC 7352 duplicate: :header NAME or :uniqueid VALUE.
  std::optional<String> header;
  std::optional<String> uniqueid;

  // RFC 5229 set modifiers, sorted in the order to apply them.
  std::vector<SetModifier> modifiers;

  // RFC 5228 5.9 size :over / :under.
  SizeRelation size = SizeRelation::over;
};

enum class TestKind {
  unknown,  // only before checking
  // RFC 5228 section 5
  address, allof, anyof, envelope, exists, false_, header, not_, size, true_,
  body,           // RFC 5173
  string,         // RFC 5229 section 5
  hasflag,        // RFC 5232
  date,           // RFC 5260
  currentdate,    // RFC 5260
  mailboxexists,  // RFC 5490
  duplicate,      // RFC 7352
};

struct Test {
  TestKind kind = TestKind::unknown;
  std::string identifier;           // as written, lowercased
  std::vector<Argument> arguments;  // positional (tags removed by the checker)
  Tagged tagged;
  std::vector<Test> tests;          // allof/anyof: the list; not: exactly one
  bool test_list = false;           // the tests were written as a test-list "( ... )"
  // date/currentdate: the date-part argument, resolved; one that holds variables is
  // resolved when it runs (its argument has_variables).
  DatePart date_part = DatePart::date;
  Position position;
};

enum class CommandKind {
  unknown,  // only before checking
  // RFC 5228 sections 3 and 4
  require, if_, elsif, else_, stop, keep, discard, redirect,
  fileinto,                         // RFC 5228 4.1
  reject, ereject,                  // RFC 5429
  setflag, addflag, removeflag,     // RFC 5232
  set,                              // RFC 5229
  vacation,                         // RFC 5230
  addheader, deleteheader,          // RFC 5293
};

// if/elsif/else follow each other as siblings in their block, in script order: the
// interpreter runs an elsif or else only when no earlier branch of the chain ran.
struct Command {
  CommandKind kind = CommandKind::unknown;
  std::string identifier;           // as written, lowercased
  std::vector<Argument> arguments;  // positional (tags removed by the checker)
  Tagged tagged;
  std::optional<Test> test;         // if, elsif
  std::vector<Command> block;       // if, elsif, else
  bool has_block = false;           // a block was written, even an empty one
  Position position;
};

class Script {
 public:
  std::vector<Command> commands;            // top level, require commands included
  std::vector<std::string> extensions;      // required capability names, lowercased

  bool requires_extension(std::string_view name) const {
    for (const auto& extension : extensions) {
      if (extension == name) return true;
    }
    return false;
  }
};

}  // namespace carteiro::sieve
