#pragma once
// The IMAP command parser (RFC 3501 section 9 formal syntax). It does no I/O: it is given
// what the client sent so far for one command -- the first line, then for each literal
// "CRLF + the literal's bytes + the next line" -- without the final CRLF, and answers with
// a parsed command, "I need a literal of N bytes" (the session reads them, sending
// "+ Ready" first for a synchronizing literal, then parses again with more input), or an
// error that becomes "tag BAD reason".
//
// APPEND's message literal is the one exception: its bytes may be tens of MiB and are
// read by the session into a spool (spool.hpp), never into the input; the input then
// goes on right after the CRLF that ends its marker ("... {5}" CRLF, then the next line),
// and the parsed AppendArguments carry only its size. The session attaches the spool.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "carteiro/imap/command.hpp"

namespace carteiro::imap {

struct NeedLiteral {
  std::string tag;
  std::string command;         // upper-cased name, "UID FETCH" style for UID commands
  std::size_t size = 0;
  bool synchronizing = true;   // {n}: the client waits for "+"; {n+} (LITERAL+, RFC 7888): it does not
  bool message = false;        // APPEND's message (limited by the message size, not the literal size)
};

struct ParseError {
  std::string tag;       // empty when the line has no usable tag ("* BAD")
  std::string command;   // upper-cased name if it was read (to check the state first)
  std::string message;   // for a human: what was expected where
};

using ParseOutcome = std::variant<Command, NeedLiteral, ParseError>;

ParseOutcome parse_command(std::string_view input);

// A literal marker ending LINE ("{5}" or "{5+}"), as a client sends before the literal's
// bytes; the session uses it to skip the literal of a command it already rejected.
struct LiteralMarker {
  std::size_t size = 0;
  bool synchronizing = true;
};
std::optional<LiteralMarker> trailing_literal(std::string_view line);

// The leading tag of a line, if it has a well-formed one (for replying to a line that was
// too long or held a NUL).
std::optional<std::string> leading_tag(std::string_view line);

}  // namespace carteiro::imap
