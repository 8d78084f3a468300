// The signatures of RFC 5228 sections 3 to 5 and of each supported extension, written as
// the RFCs give them ("header [COMPARATOR] [MATCH-TYPE] <header-names: string-list>
// <key-list: string-list>").
#include "check_tables.hpp"

#include <initializer_list>

namespace carteiro::sieve {

namespace {

using T = ArgumentType;

std::vector<TagRule> join(std::initializer_list<std::vector<TagRule>> parts) {
  std::vector<TagRule> all;
  for (const auto& part : parts) all.insert(all.end(), part.begin(), part.end());
  return all;
}

// [COMPARATOR] [MATCH-TYPE] (RFC 5228 2.7.1, 2.7.3; :value and :count from RFC 5231).
const std::vector<TagRule> kMatch = {{"comparator", ""}, {"is", ""},
                                     {"contains", ""},   {"matches", ""},
                                     {"value", "relational"}, {"count", "relational"}};
// [ADDRESS-PART] (RFC 5228 2.7.4; :user and :detail from RFC 5233).
const std::vector<TagRule> kAddressPart = {{"all", ""},
                                           {"localpart", ""},
                                           {"domain", ""},
                                           {"user", "subaddress"},
                                           {"detail", "subaddress"}};
// [:index <fieldno: number> [:last]] (RFC 5260 section 6).
const std::vector<TagRule> kIndex = {{"index", "index"}, {"last", "index"}};

const std::vector<CommandSignature>& commands() {
  static const std::vector<CommandSignature> table = [] {
    std::vector<CommandSignature> t;
    auto add = [&](std::string_view name, CommandKind kind, std::string_view extension,
                   std::vector<ArgumentType> positional, std::vector<TagRule> tags = {},
                   OptionalArgument optional = OptionalArgument::none) {
      t.push_back(CommandSignature{
          {name, extension, std::move(positional), optional, std::move(tags)}, kind});
    };
    // RFC 5228 sections 3 and 4.
    add("require", CommandKind::require, "", {T::string_list});
    add("if", CommandKind::if_, "", {});
    add("elsif", CommandKind::elsif, "", {});
    add("else", CommandKind::else_, "", {});
    add("stop", CommandKind::stop, "", {});
    add("keep", CommandKind::keep, "", {}, {{"flags", "imap4flags"}});
    add("discard", CommandKind::discard, "", {});
    add("redirect", CommandKind::redirect, "", {T::string}, {{"copy", "copy"}});
    add("fileinto", CommandKind::fileinto, "fileinto", {T::string},
        {{"copy", "copy"}, {"create", "mailbox"}, {"flags", "imap4flags"}});
    add("reject", CommandKind::reject, "reject", {T::string});    // RFC 5429
    add("ereject", CommandKind::ereject, "ereject", {T::string});  // RFC 5429
    // RFC 5232 section 3: [<variablename: string>] <list-of-flags: string-list>
    for (auto [name, kind] : {std::pair{"setflag", CommandKind::setflag},
                              std::pair{"addflag", CommandKind::addflag},
                              std::pair{"removeflag", CommandKind::removeflag}})
      add(name, kind, "imap4flags", {T::string, T::string_list}, {}, OptionalArgument::first);
    // RFC 5229 section 4.
    add("set", CommandKind::set, "variables", {T::string, T::string},
        {{"lower", ""}, {"upper", ""}, {"lowerfirst", ""}, {"upperfirst", ""},
         {"quotewildcard", ""}, {"length", ""}});
    // RFC 5230 section 4, :seconds from RFC 6131.
    add("vacation", CommandKind::vacation, "vacation", {T::string},
        {{"days", ""}, {"seconds", "vacation-seconds"}, {"subject", ""}, {"from", ""},
         {"addresses", ""}, {"mime", ""}, {"handle", ""}});
    // RFC 5293 sections 4 and 5.
    add("addheader", CommandKind::addheader, "editheader", {T::string, T::string},
        {{"last", ""}});
    add("deleteheader", CommandKind::deleteheader, "editheader", {T::string, T::string_list},
        join({kMatch, {{"index", ""}, {"last", ""}}}), OptionalArgument::last);
    for (auto& s : t) {
      s.takes_test = s.kind == CommandKind::if_ || s.kind == CommandKind::elsif;
      s.takes_block = s.takes_test || s.kind == CommandKind::else_;
    }
    return t;
  }();
  return table;
}

const std::vector<TestSignature>& tests() {
  static const std::vector<TestSignature> table = [] {
    std::vector<TestSignature> t;
    auto add = [&](std::string_view name, TestKind kind, std::string_view extension,
                   std::vector<ArgumentType> positional, std::vector<TagRule> tags = {},
                   NestedTests nested = NestedTests::none,
                   OptionalArgument optional = OptionalArgument::none) {
      t.push_back(TestSignature{
          {name, extension, std::move(positional), optional, std::move(tags)}, kind, nested});
    };
    // RFC 5228 section 5.
    add("address", TestKind::address, "", {T::string_list, T::string_list},
        join({kMatch, kAddressPart, kIndex}));
    add("allof", TestKind::allof, "", {}, {}, NestedTests::list);
    add("anyof", TestKind::anyof, "", {}, {}, NestedTests::list);
    add("envelope", TestKind::envelope, "envelope", {T::string_list, T::string_list},
        join({kMatch, kAddressPart}));
    add("exists", TestKind::exists, "", {T::string_list});
    add("false", TestKind::false_, "", {});
    add("header", TestKind::header, "", {T::string_list, T::string_list}, join({kMatch, kIndex}));
    add("not", TestKind::not_, "", {}, {}, NestedTests::one);
    add("size", TestKind::size, "", {T::number}, {{"over", ""}, {"under", ""}});
    add("true", TestKind::true_, "", {});
    // RFC 5173 section 5.
    add("body", TestKind::body, "body", {T::string_list},
        join({kMatch, {{"raw", ""}, {"content", ""}, {"text", ""}}}));
    // RFC 5229 section 5.
    add("string", TestKind::string, "variables", {T::string_list, T::string_list}, kMatch);
    // RFC 5232 section 4: [<variable-list: string-list>] <list-of-flags: string-list>
    add("hasflag", TestKind::hasflag, "imap4flags", {T::string_list, T::string_list}, kMatch,
        NestedTests::none, OptionalArgument::first);
    // RFC 5260 sections 4 and 5.
    add("date", TestKind::date, "date", {T::string, T::string, T::string_list},
        join({kMatch, {{"zone", ""}, {"originalzone", ""}}, kIndex}));
    add("currentdate", TestKind::currentdate, "date", {T::string, T::string_list},
        join({kMatch, {{"zone", ""}}}));
    // RFC 5490 section 3.1.
    add("mailboxexists", TestKind::mailboxexists, "mailbox", {T::string_list});
    // RFC 7352 section 3.
    add("duplicate", TestKind::duplicate, "duplicate", {},
        {{"handle", ""}, {"header", ""}, {"uniqueid", ""}, {"seconds", ""}, {"last", ""}});
    return t;
  }();
  return table;
}

const std::vector<TagInfo>& tags() {
  static const std::vector<TagInfo> table = {
      {"is", TagValue::none, "match type"},
      {"contains", TagValue::none, "match type"},
      {"matches", TagValue::none, "match type"},
      {"value", TagValue::string, "match type"},
      {"count", TagValue::string, "match type"},
      {"comparator", TagValue::string, ""},
      {"all", TagValue::none, "address part"},
      {"localpart", TagValue::none, "address part"},
      {"domain", TagValue::none, "address part"},
      {"user", TagValue::none, "address part"},
      {"detail", TagValue::none, "address part"},
      {"index", TagValue::number, ""},
      {"last", TagValue::none, ""},
      {"zone", TagValue::string, "zone"},
      {"originalzone", TagValue::none, "zone"},
      {"raw", TagValue::none, "body transform"},
      {"content", TagValue::string_list, "body transform"},
      {"text", TagValue::none, "body transform"},
      {"copy", TagValue::none, ""},
      {"create", TagValue::none, ""},
      {"flags", TagValue::string_list, ""},
      {"days", TagValue::number, "period"},
      {"seconds", TagValue::number, "period"},
      {"subject", TagValue::string, ""},
      {"from", TagValue::string, ""},
      {"addresses", TagValue::string_list, ""},
      {"mime", TagValue::none, ""},
      {"handle", TagValue::string, ""},
      {"header", TagValue::string, "unique id"},
      {"uniqueid", TagValue::string, "unique id"},
      {"lower", TagValue::none, "case"},
      {"upper", TagValue::none, "case"},
      {"lowerfirst", TagValue::none, "first letter case"},
      {"upperfirst", TagValue::none, "first letter case"},
      {"quotewildcard", TagValue::none, ""},
      {"length", TagValue::none, ""},
      {"over", TagValue::none, "size relation"},
      {"under", TagValue::none, "size relation"},
  };
  return table;
}

}  // namespace

const CommandSignature* find_command(std::string_view identifier) {
  for (const auto& row : commands())
    if (row.identifier == identifier) return &row;
  return nullptr;
}

const TestSignature* find_test(std::string_view identifier) {
  for (const auto& row : tests())
    if (row.identifier == identifier) return &row;
  return nullptr;
}

const TagInfo* find_tag(std::string_view name) {
  for (const auto& row : tags())
    if (row.name == name) return &row;
  return nullptr;
}

}  // namespace carteiro::sieve
