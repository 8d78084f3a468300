#include <doctest/doctest.h>

#include "carteiro/delivery/mailbox_name.hpp"

using carteiro::delivery::stored_mailbox_name;

TEST_CASE("delivery mailbox name: UTF-8 names as IMAP stores them (RFC 3501 section 5.1.3)") {
  CHECK(stored_mailbox_name("Junk") == "Junk");
  CHECK(stored_mailbox_name("inbox") == "INBOX");
  CHECK(stored_mailbox_name("Lists/Food") == "Lists/Food");
  CHECK(stored_mailbox_name("Tom & Jerry") == "Tom &- Jerry");
  CHECK(stored_mailbox_name("Férias") == "F&AOk-rias");
  CHECK(stored_mailbox_name("日本語") == "&ZeVnLIqe-");                // RFC 3501's example
  CHECK(stored_mailbox_name("~peter/mail/台北/日本語") == "~peter/mail/&U,BTFw-/&ZeVnLIqe-");
  CHECK(stored_mailbox_name("\xF0\x9F\x93\xAC") == "&2D3c7A-");         // a surrogate pair
}

TEST_CASE("delivery mailbox name: what cannot be a mailbox name") {
  for (std::string_view bad : {"", "/", "/a", "a/", "a//b", "a\tb", "a\x7f", "\xff", "\xc3", "\xc3(", "\xe2\x82",
                               "\xed\xa0\x80", "\xc0\xaf", "\xf4\x90\x80\x80"})
    CHECK_MESSAGE(!stored_mailbox_name(bad), bad);
  CHECK(!stored_mailbox_name(std::string_view("a\0b", 3)));
  CHECK(stored_mailbox_name(std::string(512, 'x')));
  CHECK(!stored_mailbox_name(std::string(513, 'x')));
  CHECK(stored_mailbox_name(std::string(256, '&')));    // "&-" each: 512 octets stored
  CHECK(!stored_mailbox_name(std::string(257, '&')));
}
