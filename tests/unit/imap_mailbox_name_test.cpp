// Mailbox names: modified UTF-7 validation, LIST wildcards, hierarchy.
#include <doctest/doctest.h>

#include "carteiro/imap/mailbox_name.hpp"

using namespace carteiro::imap;

TEST_CASE("imap mailbox names: modified UTF-7 (RFC 3501 section 5.1.3)") {
  CHECK(valid_modified_utf7("INBOX"));
  CHECK(valid_modified_utf7("Sent Items"));
  CHECK(valid_modified_utf7("Tom &- Jerry"));
  CHECK(valid_modified_utf7("~peter/mail/&U,BTFw-/&ZeVnLIqe-"));  // the RFC's example
  CHECK(valid_modified_utf7("Entw&APw-rfe"));                      // "Entwürfe"
  CHECK(valid_modified_utf7("&2D3eAA-"));                           // U+1F600 as a surrogate pair

  CHECK_FALSE(valid_modified_utf7("Tom & Jerry"));   // '&' must start a run or be "&-"
  CHECK_FALSE(valid_modified_utf7("&ZeVnLIqe"));     // unterminated run
  CHECK_FALSE(valid_modified_utf7("&AGE-"));         // "a" encoded: must stand for itself
  CHECK_FALSE(valid_modified_utf7("&U/BTFw-"));      // '/' is not modified base64
  CHECK_FALSE(valid_modified_utf7("&APw"));          // no '-'
  CHECK_FALSE(valid_modified_utf7("&APx-"));         // leftover bits not zero
  CHECK_FALSE(valid_modified_utf7("&2D0-"));         // lone high surrogate
  CHECK_FALSE(valid_modified_utf7("&3gA-"));         // lone low surrogate
  CHECK_FALSE(valid_modified_utf7("Entw\xc3\xbcrfe"));  // raw 8-bit
  CHECK_FALSE(valid_modified_utf7("a\tb"));
  CHECK_FALSE(valid_modified_utf7(std::string("a\0b", 3)));
}

TEST_CASE("imap mailbox names: what CREATE accepts") {
  CHECK_FALSE(invalid_mailbox_name("Work/Projects"));
  CHECK(invalid_mailbox_name(""));
  CHECK(invalid_mailbox_name("/abs"));
  CHECK(invalid_mailbox_name("a//b"));
  CHECK(invalid_mailbox_name("a/"));
  CHECK(invalid_mailbox_name("a*"));
  CHECK(invalid_mailbox_name("50%"));
  CHECK(invalid_mailbox_name(std::string(600, 'x')));
  CHECK(invalid_mailbox_name("caf\xc3\xa9"));
  CHECK(canonical_mailbox_name("iNbOx") == "INBOX");
  CHECK(canonical_mailbox_name("inbox/x") == "inbox/x");
  CHECK(parent_mailbox_name("a/b/c") == "a/b");
  CHECK_FALSE(parent_mailbox_name("a"));
}

TEST_CASE("imap mailbox names: LIST patterns (RFC 3501 section 6.3.8)") {
  CHECK(list_pattern_matches("*", "a/b/c"));
  CHECK(list_pattern_matches("%", "INBOX"));
  CHECK_FALSE(list_pattern_matches("%", "a/b"));
  CHECK(list_pattern_matches("a/%", "a/b"));
  CHECK_FALSE(list_pattern_matches("a/%", "a/b/c"));
  CHECK(list_pattern_matches("a/*", "a/b/c"));
  CHECK(list_pattern_matches("*b*", "a/b/c"));
  CHECK(list_pattern_matches("%/%", "a/b"));
  CHECK(list_pattern_matches("", ""));
  CHECK_FALSE(list_pattern_matches("", "a"));
  CHECK(list_pattern_matches("Sent", "Sent"));
  CHECK_FALSE(list_pattern_matches("Sent", "sent"));
  CHECK_FALSE(list_pattern_matches("Sen", "Sent"));
  // No exponential blow-up on many wildcards.
  CHECK_FALSE(list_pattern_matches(std::string(200, '*') + "x", std::string(500, 'a')));
}
