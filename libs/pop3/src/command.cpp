// POP3 command grammar. RFC 2449 section 3:
//   command = keyword *(SP param) CRLF    ; at most 255 octets
//   keyword = 3*4 VCHAR
//   param   = 1*VCHAR
// with each command's arguments as RFC 1939 sections 5-7, RFC 2595 section 4 and RFC 5034
// section 4 define them. One function per rule; spaces are forgiven where a person at a
// telnet prompt adds them (several between words, some at the end), nothing else is.
#include "carteiro/pop3/command.hpp"

#include <array>

#include "carteiro/common/strings.hpp"

namespace carteiro::pop3 {
namespace {

// What is left of the line to parse.
struct Cursor {
  std::string_view rest;
  bool at_end() const { return rest.empty(); }
};

// RFC 2449 section 3 (after RFC 5234 appendix B.1): VCHAR = %x21-7E.
bool is_vchar(unsigned char c) { return c >= 0x21 && c <= 0x7e; }
// A name may be an internationalized address (RFC 6531): VCHAR or a byte of UTF-8.
bool is_name_char(unsigned char c) { return is_vchar(c) || c >= 0x80; }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_hex_digit(unsigned char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
// Control bytes (NUL, CR, TAB, ESC, DEL...) are never part of a command line.
bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

bool has_control_bytes(std::string_view line) {
  for (unsigned char c : line)
    if (is_control(c)) return true;
  return false;
}

// SP separating keyword and params. Several spaces are accepted (typed by hand).
bool skip_spaces(Cursor& in) {
  std::size_t n = 0;
  while (n < in.rest.size() && in.rest[n] == ' ') ++n;
  in.rest.remove_prefix(n);
  return n > 0;
}

// The next space-delimited word, whatever its bytes (the rule that uses it checks them).
std::string_view take_word(Cursor& in) {
  auto end = in.rest.find(' ');
  if (end == std::string_view::npos) end = in.rest.size();
  auto word = in.rest.substr(0, end);
  in.rest.remove_prefix(end);
  return word;
}

// RFC 2449 section 3: keyword = 3*4 VCHAR (RFC 1939 section 3: case-insensitive).
std::optional<std::string_view> parse_keyword(Cursor& in) {
  auto word = take_word(in);
  if (word.size() < 3 || word.size() > 4) return std::nullopt;
  for (unsigned char c : word)
    if (!is_vchar(c)) return std::nullopt;
  return word;
}

// A param (RFC 2449 section 3: 1*VCHAR) of at most MAX octets, after its separating SP.
std::optional<std::string_view> parse_param(Cursor& in, std::size_t max, bool (*allowed)(unsigned char)) {
  if (!skip_spaces(in) || in.at_end()) return std::nullopt;
  auto word = take_word(in);
  if (word.size() > max) return std::nullopt;
  for (unsigned char c : word)
    if (!allowed(c)) return std::nullopt;
  return word;
}

// Nothing but the spaces a person may leave at the end of a line. Consumes nothing when
// more follows, so the next param still finds its separating SP.
bool parse_end(Cursor& in) {
  Cursor ahead = in;
  skip_spaces(ahead);
  if (!ahead.at_end()) return false;
  in = ahead;
  return true;
}

// RFC 1939 section 5: msg = a message-number, 1*DIGIT, never 0 ("may not refer to a
// message marked as deleted" is the session's concern).
std::optional<std::uint32_t> parse_message_number(std::string_view word) {
  if (word.empty() || word.size() > kMaxArgument) return std::nullopt;
  std::uint64_t value = 0;
  for (unsigned char c : word) {
    if (!is_digit(c)) return std::nullopt;
    value = value * 10 + (c - '0');
    if (value > UINT32_MAX) return std::nullopt;
  }
  if (value == 0) return std::nullopt;
  return static_cast<std::uint32_t>(value);
}

// RFC 1939 section 7 (TOP): n = a non-negative number of lines, 1*DIGIT.
std::optional<std::uint32_t> parse_line_count(std::string_view word) {
  if (word.empty() || word.size() > kMaxArgument) return std::nullopt;
  std::uint64_t value = 0;
  for (unsigned char c : word) {
    if (!is_digit(c)) return std::nullopt;
    value = value * 10 + (c - '0');
    if (value > UINT32_MAX) value = UINT32_MAX;  // "more lines than the message has"
  }
  return static_cast<std::uint32_t>(value);
}

// RFC 1939 section 7 (APOP): digest = 32 hex digits (MD5), compared in lower case.
std::optional<std::string> parse_digest(std::string_view word) {
  if (word.size() != 32) return std::nullopt;
  for (unsigned char c : word)
    if (!is_hex_digit(c)) return std::nullopt;
  return to_lower(word);
}

// RFC 5034 section 4: initial-response = base64 / "=". Checked by the SASL decoder later;
// here only that it is one VCHAR word.
std::optional<std::string_view> parse_initial_response(Cursor& in) {
  return parse_param(in, kMaxCommandLine, is_vchar);
}

ParseError error(std::string reason) { return ParseError{std::move(reason)}; }

// Per-command arguments: each fills COMMAND or says what is wrong.
using ArgumentRule = std::optional<ParseError> (*)(Cursor&, Command&);

std::optional<ParseError> no_arguments(Cursor& in, Command& command) {
  if (!parse_end(in)) return error(std::string(verb_name(command.verb)) + " takes no argument");
  return std::nullopt;
}

// RFC 1939 section 7: USER name.
std::optional<ParseError> user_arguments(Cursor& in, Command& command) {
  auto name = parse_param(in, kMaxCommandLine, is_name_char);
  if (!name || !parse_end(in)) return error("Usage: USER name");
  command.name = std::string(*name);
  return std::nullopt;
}

// RFC 1939 section 7: PASS string. "Since the PASS command has exactly one argument, a
// POP3 server may treat spaces in the argument as part of the password": everything
// after the first SP is the password, spaces included.
std::optional<ParseError> pass_arguments(Cursor& in, Command& command) {
  if (in.rest.size() < 2 || in.rest.front() != ' ') return error("Usage: PASS password");
  command.secret = std::string(in.rest.substr(1));
  in.rest = {};
  return std::nullopt;
}

// RFC 1939 section 7: APOP name digest.
std::optional<ParseError> apop_arguments(Cursor& in, Command& command) {
  auto name = parse_param(in, kMaxCommandLine, is_name_char);
  auto word = name ? parse_param(in, kMaxArgument, is_vchar) : std::nullopt;
  auto digest = word ? parse_digest(*word) : std::nullopt;
  if (!digest || !parse_end(in)) return error("Usage: APOP name digest (32 hex digits)");
  command.name = std::string(*name);
  command.secret = *digest;
  return std::nullopt;
}

// RFC 5034 section 4: AUTH mechanism [initial-response]. A bare AUTH (no mechanism) is
// the older convention of listing the mechanisms; the session answers it.
std::optional<ParseError> auth_arguments(Cursor& in, Command& command) {
  if (parse_end(in)) return std::nullopt;
  auto mechanism = parse_param(in, kMaxArgument, is_vchar);
  if (!mechanism) return error("Usage: AUTH mechanism [initial-response]");
  command.name = to_upper(*mechanism);
  if (parse_end(in)) return std::nullopt;
  auto response = parse_initial_response(in);
  if (!response || !parse_end(in)) return error("Usage: AUTH mechanism [initial-response]");
  command.has_initial_response = true;
  command.secret = *response == "=" ? std::string() : std::string(*response);
  return std::nullopt;
}

// RFC 1939 section 5: LIST [msg], and UIDL [msg] (section 7).
std::optional<ParseError> optional_message(Cursor& in, Command& command) {
  if (parse_end(in)) return std::nullopt;
  auto word = parse_param(in, kMaxArgument, is_vchar);
  auto number = word ? parse_message_number(*word) : std::nullopt;
  if (!number || !parse_end(in)) return error("Invalid message number");
  command.message = number;
  return std::nullopt;
}

// RFC 1939 section 5: RETR msg, DELE msg.
std::optional<ParseError> required_message(Cursor& in, Command& command) {
  if (parse_end(in)) return error(std::string("Usage: ") + std::string(verb_name(command.verb)) + " message-number");
  return optional_message(in, command);
}

// RFC 1939 section 7: TOP msg n.
std::optional<ParseError> top_arguments(Cursor& in, Command& command) {
  auto word = parse_param(in, kMaxArgument, is_vchar);
  auto number = word ? parse_message_number(*word) : std::nullopt;
  auto count_word = number ? parse_param(in, kMaxArgument, is_vchar) : std::nullopt;
  auto lines = count_word ? parse_line_count(*count_word) : std::nullopt;
  if (!lines || !parse_end(in)) return error("Usage: TOP message-number lines");
  command.message = number;
  command.lines = *lines;
  return std::nullopt;
}

struct CommandRule {
  std::string_view keyword;
  Verb verb;
  ArgumentRule arguments;
};

constexpr std::array<CommandRule, 15> kCommands{{
    {"USER", Verb::user, user_arguments},
    {"PASS", Verb::pass, pass_arguments},
    {"APOP", Verb::apop, apop_arguments},
    {"AUTH", Verb::auth, auth_arguments},
    {"CAPA", Verb::capa, no_arguments},
    {"STLS", Verb::stls, no_arguments},
    {"STAT", Verb::stat, no_arguments},
    {"LIST", Verb::list, optional_message},
    {"RETR", Verb::retr, required_message},
    {"DELE", Verb::dele, required_message},
    {"NOOP", Verb::noop, no_arguments},
    {"RSET", Verb::rset, no_arguments},
    {"QUIT", Verb::quit, no_arguments},
    {"TOP", Verb::top, top_arguments},
    {"UIDL", Verb::uidl, optional_message},
}};

const CommandRule* find_rule(std::string_view keyword) {
  for (const auto& rule : kCommands)
    if (iequals(rule.keyword, keyword)) return &rule;
  return nullptr;
}

}  // namespace

ParseResult parse_command(std::string_view line) {
  if (line.size() > kMaxCommandLine) return error("Command line too long (255 octets at most)");
  // PASS keeps its spaces, but no command may carry control bytes or a NUL.
  if (has_control_bytes(line)) return error("Control characters are not allowed in commands");
  Cursor in{line};
  skip_spaces(in);  // a person may type a space before the command
  if (in.at_end()) return error("Empty command");
  auto keyword = parse_keyword(in);
  const CommandRule* rule = keyword ? find_rule(*keyword) : nullptr;
  if (!rule) return error("Unknown command");
  Command command;
  command.verb = rule->verb;
  if (auto problem = rule->arguments(in, command)) return *problem;
  return command;
}

std::string_view verb_name(Verb verb) {
  for (const auto& rule : kCommands)
    if (rule.verb == verb) return rule.keyword;
  return "?";
}

}  // namespace carteiro::pop3
