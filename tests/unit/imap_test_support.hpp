#pragma once
// For the IMAP unit tests: commands parsed from wire text (failing the test if they do not
// parse or, for parse_error, if they do), and a selected mailbox with given UIDs.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "carteiro/imap/parser.hpp"
#include "carteiro/imap/selected_mailbox.hpp"

inline carteiro::imap::Command parsed(std::string_view wire) {
  using namespace carteiro::imap;
  auto out = parse_command(wire);
  if (auto* e = std::get_if<ParseError>(&out)) FAIL_CHECK("parse error: " << e->message << " in: " << wire);
  if (std::holds_alternative<NeedLiteral>(out)) FAIL_CHECK("unexpected literal request in: " << wire);
  REQUIRE(std::holds_alternative<Command>(out));
  return std::get<Command>(out);
}

inline carteiro::imap::ParseError parse_error(std::string_view wire) {
  using namespace carteiro::imap;
  auto out = parse_command(wire);
  if (std::holds_alternative<Command>(out)) FAIL_CHECK("parsed but should not: " << wire);
  REQUIRE(std::holds_alternative<ParseError>(out));
  return std::get<ParseError>(out);
}

// The sequence set of "FETCH <TEXT> UID" (or of UID FETCH when UID).
inline carteiro::imap::SequenceSet sequence_set_of(std::string_view text, bool uid = false) {
  return parsed(std::string(uid ? "a UID FETCH " : "a FETCH ") + std::string(text) + " UID")
      .args<carteiro::imap::FetchArguments>()
      .set;
}

// Mailbox 7, "INBOX", UIDVALIDITY 1000, read-write, holding UIDS, at HIGHESTMODSEQ 10.
inline carteiro::imap::SelectedMailbox mailbox_with_uids(const std::vector<std::int64_t>& uids) {
  return carteiro::imap::SelectedMailbox(7, "INBOX", 1000, false, carteiro::imap::UidMap(uids), 10);
}
