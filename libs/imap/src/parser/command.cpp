// RFC 3501 section 9: command = tag SP (command-any / command-auth / command-nonauth /
// command-select) CRLF, with the extensions' commands (RFC 2177 IDLE, RFC 2342 NAMESPACE,
// RFC 2971 ID, RFC 3691 UNSELECT, RFC 4315 UID EXPUNGE, RFC 4959 SASL-IR, RFC 5161 ENABLE,
// RFC 5258 LIST-EXTENDED, RFC 6851 MOVE, RFC 7162 CONDSTORE, RFC 4731 ESEARCH, RFC 9208
// QUOTA).
#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "carteiro/common/strings.hpp"
#include "carteiro/imap/mailbox_name.hpp"
#include "carteiro/imap/parser.hpp"
#include "parser/rules.hpp"

namespace carteiro::imap {

namespace parser {
namespace {

constexpr std::size_t kMaxIdFields = 30;       // RFC 2971 section 3.3
constexpr std::size_t kMaxListPatterns = 100;
constexpr std::size_t kMaxStatusItems = 16;

Arguments no_arguments(Reader&) { return NoArguments{}; }

// login = "LOGIN" SP userid SP password ; userid = astring ; password = astring
Arguments login(Reader& r) {
  LoginArguments a;
  r.sp();
  a.user = r.astring();
  r.sp();
  a.password = r.astring();
  return a;
}

// authenticate = "AUTHENTICATE" SP auth-type [SP (base64 / "=")]  (RFC 4959 section 8)
Arguments authenticate(Reader& r) {
  AuthenticateArguments a;
  r.sp();
  a.mechanism = to_upper(r.atom());
  if (r.accept(" ")) a.initial_response = r.atom();  // base64 characters are all ATOM-CHARs
  return a;
}

// create = "CREATE" SP mailbox (and DELETE, SUBSCRIBE, UNSUBSCRIBE; RFC 9208
// getquotaroot = "GETQUOTAROOT" SP mailbox)
Arguments one_mailbox(Reader& r) {
  r.sp();
  MailboxArguments a;
  a.mailbox = mailbox(r);
  return a;
}

// A sequence-set without '*': known-uids, known-sequence-set and known-uid-set of RFC 7162
// section 7 name what the client holds, never "the largest".
SequenceSet set_without_star(Reader& r, std::string_view what) {
  auto set = sequence_set(r);
  if (set.uses_star()) throw SyntaxError(fmt::format("'*' is not allowed in {}", what));
  return set;
}

// seq-match-data = "(" known-sequence-set SP known-uid-set ")" (RFC 7162 section 7)
void seq_match_data(Reader& r, QresyncParameters& q) {
  r.expect('(', "'(' starting the sequence match data");
  q.known_sequence_set = set_without_star(r, "known-sequence-set");
  r.sp();
  q.known_uid_set = set_without_star(r, "known-uid-set");
  r.expect(')', "')' closing the sequence match data");
}

// select-param =/ "QRESYNC" SP "(" uidvalidity SP mod-sequence-value [SP known-uids]
//                 [SP seq-match-data] ")"  (RFC 7162 section 7; "QRESYNC" SP already read)
QresyncParameters qresync_parameters(Reader& r) {
  QresyncParameters q;
  r.expect('(', "'(' starting the QRESYNC parameters");
  q.uidvalidity = r.nz_number();
  r.sp();
  q.modseq = mod_sequence_value(r);
  if (r.accept(" ")) {
    if (r.peek_is('(')) {
      seq_match_data(r, q);
    } else {
      q.known_uids = set_without_star(r, "known-uids");
      if (r.accept(" ")) seq_match_data(r, q);
    }
  }
  r.expect(')', "')' closing the QRESYNC parameters");
  return q;
}

// select = "SELECT" SP mailbox [select-params] (and EXAMINE)
// select-params = SP "(" select-param *(SP select-param) ")" (RFC 4466 section 2.1), of
// which CONDSTORE (RFC 7162 section 3.1.8) and QRESYNC (section 3.2.5) are known
Arguments select(Reader& r) {
  r.sp();
  MailboxArguments a;
  a.mailbox = mailbox(r);
  if (!r.accept(" ")) return a;
  r.expect('(', "'(' starting the SELECT parameters");
  do {
    auto parameter = to_upper(r.atom());
    if (parameter == "CONDSTORE") {
      a.condstore = true;
    } else if (parameter == "QRESYNC" && !a.qresync) {
      r.sp();
      a.qresync = qresync_parameters(r);
    } else {
      throw SyntaxError(fmt::format("unknown or repeated SELECT parameter {}", parameter));
    }
  } while (r.accept(" "));
  r.expect(')', "')' closing the SELECT parameters");
  return a;
}

// rename = "RENAME" SP mailbox SP mailbox
Arguments rename(Reader& r) {
  RenameArguments a;
  r.sp();
  a.from = mailbox(r);
  r.sp();
  a.to = mailbox(r);
  return a;
}

// RFC 5258 section 6: list-select-opts = "(" [list-select-option *(SP list-select-option)] ")"
void list_select_options(Reader& r, ListArguments& a) {
  r.expect('(', "'('");
  if (r.accept(")")) return;
  do {
    auto option = to_upper(r.atom());
    if (option == "SUBSCRIBED") a.select_subscribed = true;
    else if (option == "RECURSIVEMATCH") a.select_recursive = true;
    else if (option == "SPECIAL-USE") a.select_special_use = true;
    else if (option != "REMOTE") throw SyntaxError(fmt::format("unknown LIST selection option {}", option));
  } while (r.accept(" "));
  r.expect(')', "')' closing the selection options");
  if (a.select_recursive && !a.select_subscribed && !a.select_special_use)
    throw SyntaxError("RECURSIVEMATCH needs another selection option (RFC 5258 section 3)");
}

// list-return-opts = "RETURN" SP "(" [return-option *(SP return-option)] ")"
void list_return_options(Reader& r, ListArguments& a) {
  if (!r.accept("RETURN")) throw SyntaxError("expected RETURN");
  r.sp();
  r.expect('(', "'('");
  if (r.accept(")")) return;
  do {
    auto option = to_upper(r.atom());
    if (option == "SUBSCRIBED") a.return_subscribed = true;
    else if (option == "CHILDREN") a.return_children = true;
    else if (option == "SPECIAL-USE") a.return_special_use = true;
    else throw SyntaxError(fmt::format("unknown LIST return option {}", option));
  } while (r.accept(" "));
  r.expect(')', "')' closing the return options");
}

// list-mailbox, bounded: the reference and the pattern together are matched against every
// mailbox name, so their length is capped (kMaxListPattern).
std::string list_pattern(Reader& r, const std::string& reference) {
  auto pattern = r.list_mailbox();
  if (reference.size() + pattern.size() > kMaxListPattern)
    throw SyntaxError(fmt::format("the mailbox pattern is too long (at most {} bytes with the reference)",
                                  kMaxListPattern));
  return pattern;
}

// list = "LIST" [SP list-select-opts] SP mailbox SP mbox-or-pat [SP list-return-opts]
// mbox-or-pat = list-mailbox / patterns ; patterns = "(" list-mailbox *(SP list-mailbox) ")"
Arguments list(Reader& r) {
  ListArguments a;
  r.sp();
  if (r.peek_is('(')) {
    a.extended = true;
    list_select_options(r, a);
    r.sp();
  }
  a.reference = mailbox(r);
  r.sp();
  if (r.accept("(")) {
    a.extended = true;
    do {
      if (a.patterns.size() >= kMaxListPatterns) throw SyntaxError("too many patterns");
      a.patterns.push_back(list_pattern(r, a.reference));
    } while (r.accept(" "));
    r.expect(')', "')' closing the patterns");
  } else {
    a.patterns.push_back(list_pattern(r, a.reference));
  }
  if (r.accept(" ")) {
    a.extended = true;
    list_return_options(r, a);
  }
  return a;
}

// lsub = "LSUB" SP mailbox SP list-mailbox
Arguments lsub(Reader& r) {
  ListArguments a;
  r.sp();
  a.reference = mailbox(r);
  r.sp();
  a.patterns.push_back(list_pattern(r, a.reference));
  return a;
}

// status = "STATUS" SP mailbox SP "(" status-att *(SP status-att) ")"
// status-att = "MESSAGES" / "RECENT" / "UIDNEXT" / "UIDVALIDITY" / "UNSEEN"
//              (+ "HIGHESTMODSEQ", RFC 7162; "SIZE", RFC 8438; "DELETED" and
//              "DELETED-STORAGE", RFC 9208)
Arguments status(Reader& r) {
  static constexpr std::pair<std::string_view, StatusItem> kItems[] = {
      {"MESSAGES", StatusItem::messages},       {"RECENT", StatusItem::recent},
      {"UIDNEXT", StatusItem::uidnext},         {"UIDVALIDITY", StatusItem::uidvalidity},
      {"UNSEEN", StatusItem::unseen},           {"HIGHESTMODSEQ", StatusItem::highestmodseq},
      {"SIZE", StatusItem::size},               {"DELETED", StatusItem::deleted},
      {"DELETED-STORAGE", StatusItem::deleted_storage},
  };
  StatusArguments a;
  r.sp();
  a.mailbox = mailbox(r);
  r.sp();
  r.expect('(', "'(' starting the status items");
  do {
    if (a.items.size() >= kMaxStatusItems) throw SyntaxError("too many status items");
    auto name = to_upper(r.atom());
    auto it = std::find_if(std::begin(kItems), std::end(kItems), [&](const auto& x) { return x.first == name; });
    if (it == std::end(kItems)) throw SyntaxError(fmt::format("unknown status item {}", name));
    a.items.push_back(it->second);
  } while (r.accept(" "));
  r.expect(')', "')' closing the status items");
  return a;
}

// append = "APPEND" SP mailbox [SP flag-list] [SP date-time] SP literal
Arguments append(Reader& r) {
  AppendArguments a;
  r.sp();
  a.mailbox = mailbox(r);
  r.sp();
  if (r.peek_is('(')) {
    a.flags = flag_list(r);
    r.sp();
  }
  if (r.peek_is('"')) {
    a.internaldate = date_time(r, &a.internaldate_zone);
    r.sp();
  }
  a.message_size = r.message_literal();
  return a;
}

// search-return-opts = SP "RETURN" SP "(" [search-return-opt *(SP search-return-opt)] ")"
// search-return-opt = "MIN" / "MAX" / "ALL" / "COUNT" (RFC 4731 section 5)
SearchReturn search_return_options(Reader& r) {
  SearchReturn out;
  r.expect('(', "'(' starting the RETURN options");
  if (r.accept(")")) {
    out.all = true;  // section 3.1: RETURN () is RETURN (ALL)
    return out;
  }
  do {
    auto option = to_upper(r.atom());
    if (option == "MIN") out.min = true;
    else if (option == "MAX") out.max = true;
    else if (option == "ALL") out.all = true;
    else if (option == "COUNT") out.count = true;
    else throw SyntaxError(fmt::format("unknown SEARCH RETURN option {}", option));
  } while (r.accept(" "));
  r.expect(')', "')' closing the RETURN options");
  return out;
}

// search = "SEARCH" [search-return-opts] [SP "CHARSET" SP astring] 1*(SP search-key)
Arguments search(Reader& r) {
  SearchArguments a;
  r.sp();
  if (r.accept("RETURN ")) {
    a.result = search_return_options(r);
    r.sp();
  }
  if (r.accept("CHARSET ")) {
    a.charset = to_upper(r.astring());
    r.sp();
  }
  a.key = search_keys(r);
  return a;
}

// fetch = "FETCH" SP sequence-set SP ("ALL" / "FULL" / "FAST" / fetch-att /
//         "(" fetch-att *(SP fetch-att) ")")
//         [SP "(" fetch-modifier *(SP fetch-modifier) ")"]  (RFC 4466 section 2.4)
// fetch-modifier = "CHANGEDSINCE" SP mod-sequence-value (RFC 7162 section 3.1.4.1)
// fetch-modifier =/ "VANISHED" (RFC 7162 section 3.2.6: only with CHANGEDSINCE)
Arguments fetch(Reader& r) {
  FetchArguments a;
  r.sp();
  a.set = sequence_set(r);
  r.sp();
  a.items = fetch_attributes(r);
  if (!r.accept(" ")) return a;
  r.expect('(', "'(' starting the FETCH modifiers");
  do {
    auto modifier = to_upper(r.atom());
    if (modifier == "CHANGEDSINCE" && !a.changed_since) {
      r.sp();
      a.changed_since = mod_sequence_value(r);
    } else if (modifier == "VANISHED" && !a.vanished) {
      a.vanished = true;
    } else {
      throw SyntaxError(fmt::format("unknown or repeated FETCH modifier {}", modifier));
    }
  } while (r.accept(" "));
  r.expect(')', "')' closing the FETCH modifiers");
  if (a.vanished && !a.changed_since) throw SyntaxError("VANISHED needs CHANGEDSINCE (RFC 7162 section 3.2.6)");
  return a;
}

// store = "STORE" SP sequence-set [store-modifiers] SP store-att-flags
// store-modifiers = SP "(" store-modifier *(SP store-modifier) ")" (RFC 4466 section 2.5)
// store-modifier = "UNCHANGEDSINCE" SP mod-sequence-valzer (RFC 7162 section 3.1.3)
Arguments store(Reader& r) {
  r.sp();
  auto set = sequence_set(r);
  r.sp();
  std::optional<std::int64_t> unchanged_since;
  if (r.accept("(")) {
    do {
      auto modifier = to_upper(r.atom());
      if (modifier != "UNCHANGEDSINCE") throw SyntaxError(fmt::format("unknown STORE modifier {}", modifier));
      r.sp();
      unchanged_since = mod_sequence_valzer(r);
    } while (r.accept(" "));
    r.expect(')', "')' closing the STORE modifiers");
    r.sp();
  }
  auto a = store_att_flags(r);
  a.set = std::move(set);
  a.unchanged_since = unchanged_since;
  return a;
}

// copy = "COPY" SP sequence-set SP mailbox ; move = "MOVE" SP sequence-set SP mailbox
Arguments copy(Reader& r) {
  CopyArguments a;
  r.sp();
  a.set = sequence_set(r);
  r.sp();
  a.mailbox = mailbox(r);
  return a;
}

// uid-expunge = "UID" SP "EXPUNGE" SP sequence-set (RFC 4315 section 3)
Arguments uid_expunge(Reader& r) {
  r.sp();
  return UidExpungeArguments{sequence_set(r)};
}

// enable = "ENABLE" 1*(SP capability) (RFC 5161 section 4)
Arguments enable(Reader& r) {
  EnableArguments a;
  do {
    r.sp();
    a.capabilities.push_back(to_upper(r.atom()));
  } while (r.peek_is(' '));
  return a;
}

// id = "ID" SP id-params-list ; id-params-list = "(" *(string SP nstring) ")" / nil
// (RFC 2971 section 4)
Arguments id(Reader& r) {
  IdArguments a;
  r.sp();
  if (r.accept("NIL")) return a;
  r.expect('(', "'(' or NIL");
  if (r.accept(")")) return a;
  do {
    if (a.fields.size() >= kMaxIdFields) throw SyntaxError("too many ID fields (RFC 2971 allows 30)");
    auto key = r.string();
    r.sp();
    a.fields.emplace_back(std::move(key), r.nstring());
  } while (r.accept(" "));
  r.expect(')', "')' closing the ID list");
  return a;
}

struct CommandSyntax {
  std::string_view name;
  Arguments (*arguments)(Reader&);
  Arguments (*uid_arguments)(Reader&);  // nullptr: not a UID command
};

constexpr CommandSyntax kCommands[] = {
    {"CAPABILITY", no_arguments, nullptr},  {"NOOP", no_arguments, nullptr},
    {"LOGOUT", no_arguments, nullptr},      {"STARTTLS", no_arguments, nullptr},
    {"AUTHENTICATE", authenticate, nullptr}, {"LOGIN", login, nullptr},
    {"SELECT", select, nullptr},            {"EXAMINE", select, nullptr},
    {"CREATE", one_mailbox, nullptr},       {"DELETE", one_mailbox, nullptr},
    {"RENAME", rename, nullptr},            {"SUBSCRIBE", one_mailbox, nullptr},
    {"UNSUBSCRIBE", one_mailbox, nullptr},  {"LIST", list, nullptr},
    {"LSUB", lsub, nullptr},                {"STATUS", status, nullptr},
    {"APPEND", append, nullptr},            {"CHECK", no_arguments, nullptr},
    {"CLOSE", no_arguments, nullptr},       {"UNSELECT", no_arguments, nullptr},
    {"EXPUNGE", no_arguments, uid_expunge}, {"SEARCH", search, search},
    {"FETCH", fetch, fetch},                {"STORE", store, store},
    {"COPY", copy, copy},                   {"MOVE", copy, copy},
    {"IDLE", no_arguments, nullptr},        {"NAMESPACE", no_arguments, nullptr},
    {"ENABLE", enable, nullptr},            {"ID", id, nullptr},
    {"GETQUOTA", getquota, nullptr},        {"GETQUOTAROOT", one_mailbox, nullptr},
    {"SETQUOTA", setquota, nullptr},
};

const CommandSyntax* find_syntax(std::string_view name) {
  for (const auto& c : kCommands)
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace
}  // namespace parser

ParseOutcome parse_command(std::string_view input) {
  using namespace parser;
  Reader r(input);
  std::string tag, display;
  try {
    auto candidate = r.tag();
    // A tag cut short by a character a tag may not hold ("a{1 NOOP") is no tag: the
    // reply is untagged (RFC 3501 section 7.1.3), not addressed to its valid prefix.
    if (!r.at_end() && !r.peek_is(' ')) throw SyntaxError("the tag holds a character a tag may not hold");
    tag = std::move(candidate);
    r.sp();
    Command command;
    command.tag = tag;
    command.name = to_upper(r.atom());
    if (command.name == "UID") {
      r.sp();
      command.uid = true;
      command.name = to_upper(r.atom());
    }
    display = command.display_name();
    const auto* syntax = find_syntax(command.name);
    if (!syntax || (command.uid && !syntax->uid_arguments))
      return ParseError{tag, display, fmt::format("unknown command {}", printable(display))};
    command.arguments = command.uid ? syntax->uid_arguments(r) : syntax->arguments(r);
    r.end();
    return command;
  } catch (const SyntaxError& e) {
    return ParseError{tag, display, e.what()};
  } catch (const LiteralNeeded& need) {
    return NeedLiteral{tag, display, need.size, need.synchronizing, need.message};
  }
}

std::optional<LiteralMarker> trailing_literal(std::string_view line) {
  if (line.empty() || line.back() != '}') return std::nullopt;
  line.remove_suffix(1);
  LiteralMarker marker;
  if (!line.empty() && line.back() == '+') {
    marker.synchronizing = false;
    line.remove_suffix(1);
  }
  auto open = line.rfind('{');
  if (open == std::string_view::npos || open + 1 == line.size()) return std::nullopt;
  auto digits = line.substr(open + 1);
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);  // "{05}" is 5, as the parser reads it
  std::uint64_t size = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    // A size of more digits than any limit still announces a literal: it reads as the
    // largest size, so the session refuses it rather than parse its octets as commands.
    size = size > (std::numeric_limits<std::uint32_t>::max() - 9) / 10 ? std::numeric_limits<std::uint64_t>::max()
                                                                       : size * 10 + static_cast<unsigned>(c - '0');
  }
  marker.size = static_cast<std::size_t>(std::min<std::uint64_t>(size, std::numeric_limits<std::size_t>::max()));
  return marker;
}

std::optional<std::string> leading_tag(std::string_view line) {
  parser::Reader r(line);
  try {
    auto tag = r.tag();
    if (!r.at_end() && !r.peek_is(' ')) return std::nullopt;
    return tag;
  } catch (const parser::SyntaxError&) {
    return std::nullopt;
  }
}

}  // namespace carteiro::imap
