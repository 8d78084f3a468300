#include <doctest/doctest.h>

#include "carteiro/delivery/vacation.hpp"

using namespace carteiro::delivery;

namespace {
const std::string kHeader =
    "From: Alice <alice@remote.test>\r\nTo: Bob <bob@example.test>, carol@example.test\r\n"
    "Subject: lunch?\r\nMessage-ID: <m1@remote.test>\r\n\r\n";

VacationVerdict verdict(const std::string& header, std::string sender = "alice@remote.test",
                        std::vector<std::string> own = {"bob@example.test"}) {
  return vacation_verdict({header, sender, std::move(own)});
}
bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("delivery vacation: a person who wrote to the account gets a reply") {
  CHECK(verdict(kHeader) == VacationVerdict::reply);
  CHECK(verdict("To: BOB@Example.Test\r\n\r\n") == VacationVerdict::reply);
  CHECK(verdict("Cc: x@y.test,\r\n bob+work@example.test\r\n\r\n") == VacationVerdict::reply);
  CHECK(verdict("Resent-To: bob@example.test\r\n\r\n") == VacationVerdict::reply);
  CHECK(verdict("Bcc: bob@example.test\r\n\r\n") == VacationVerdict::reply);
  CHECK(verdict("Auto-Submitted: no\r\nTo: bob@example.test\r\n\r\n") == VacationVerdict::reply);
  // :addresses and aliases count as the account's.
  CHECK(verdict("To: info@example.test\r\n\r\n", "alice@remote.test", {"bob@example.test", "info@example.test"}) ==
        VacationVerdict::reply);
}

TEST_CASE("delivery vacation: never answered (RFC 3834, RFC 5230 section 4.6)") {
  CHECK(verdict(kHeader, "") == VacationVerdict::null_sender);
  for (const char* sender : {"MAILER-DAEMON@remote.test", "mailer-daemon@remote.test", "owner-staff@remote.test",
                             "staff-request@remote.test", "staff-owner@remote.test", "listserv@remote.test",
                             "Majordomo@remote.test"})
    CHECK_MESSAGE(verdict(kHeader, sender) == VacationVerdict::system_sender, sender);
  CHECK(verdict(kHeader, "owner@remote.test") == VacationVerdict::reply);  // "owner-" needs more after it
  for (const char* field : {"List-Id: <staff.remote.test>", "List-Unsubscribe: <mailto:x@y>", "list-post: <mailto:x>",
                            "Precedence: bulk", "Precedence: LIST", "Precedence: junk"})
    CHECK_MESSAGE(verdict(std::string(field) + "\r\n" + kHeader) == VacationVerdict::list, field);
  CHECK(verdict("Precedence: first-class\r\n" + kHeader) == VacationVerdict::reply);
  for (const char* field : {"Auto-Submitted: auto-replied", "Auto-Submitted: auto-generated; x=1",
                            "auto-submitted: Auto-Notified"})
    CHECK_MESSAGE(verdict(std::string(field) + "\r\n" + kHeader) == VacationVerdict::auto_submitted, field);
  CHECK(verdict("To: dave@example.test\r\nCc: staff@example.test\r\n\r\n") == VacationVerdict::not_addressed);
  CHECK(verdict("Subject: no recipients\r\n\r\n") == VacationVerdict::not_addressed);
  CHECK(verdict("") == VacationVerdict::not_addressed);
  CHECK(verdict("To: \"bob@example.test\" <other@x.test>\r\n\r\n") == VacationVerdict::not_addressed);
  CHECK(describe(VacationVerdict::list) == "a list or bulk message");
}

TEST_CASE("delivery vacation: malformed and binary headers are no reason to reply or crash") {
  std::string binary("To: \xff\xfe\x00bob@example.test\r\n\r\n", 24);
  CHECK(verdict(binary) != VacationVerdict::reply);
  CHECK(verdict("To: <<<@@@>>>,,,\r\n\r\n") == VacationVerdict::not_addressed);
  CHECK(verdict("To: bob@example.test") == VacationVerdict::reply);  // truncated: no empty line
  CHECK(verdict(std::string(100000, 'x')) == VacationVerdict::not_addressed);
}

TEST_CASE("delivery vacation: the reply (RFC 5230 section 4.7, RFC 3834)") {
  VacationReplyInput in;
  in.from = "bob@example.test";
  in.to = "alice@remote.test";
  in.reason = "I am away until Monday.\nBack soon.";
  in.original_header = kHeader;
  in.message_id = "<v1@mail.example.test>";
  in.date = 60;
  auto reply = make_vacation_reply(in);
  CHECK(reply.starts_with("From: <bob@example.test>\r\nTo: <alice@remote.test>\r\nSubject: Auto: lunch?\r\n"));
  CHECK(contains(reply, "Date: Thu, 1 Jan 1970 00:01:00 +0000\r\n"));
  CHECK(contains(reply, "Message-ID: <v1@mail.example.test>\r\n"));
  CHECK(contains(reply, "In-Reply-To: <m1@remote.test>\r\nReferences: <m1@remote.test>\r\n"));
  CHECK(contains(reply, "Auto-Submitted: auto-replied\r\n"));
  CHECK(contains(reply, "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                        "Content-Transfer-Encoding: 7bit\r\n\r\nI am away until Monday.\r\nBack soon.\r\n"));
  CHECK(reply.ends_with("Back soon.\r\n"));

  in.from = "Bob B. <bob@example.test>";
  in.subject = "Férias";
  in.reason = "Estou de férias.\r\n";
  in.original_header = "Message-ID: <m2@remote.test>\r\nReferences: <m0@remote.test> <m1@remote.test>\r\n\r\n";
  reply = make_vacation_reply(in);
  CHECK(contains(reply, "From: Bob B. <bob@example.test>\r\n"));
  CHECK(contains(reply, "Subject: =?UTF-8?B?RsOpcmlhcw==?=\r\n"));
  CHECK(contains(reply, "References: <m0@remote.test> <m1@remote.test> <m2@remote.test>\r\n"));
  CHECK(contains(reply, "Content-Transfer-Encoding: 8bit\r\n\r\nEstou de férias.\r\n"));

  in.original_header = "Subject: no id\r\n\r\n";
  in.mime = true;
  in.reason = "Content-Type: text/html\r\n\r\n<p>away</p>";
  reply = make_vacation_reply(in);
  CHECK_FALSE(contains(reply, "In-Reply-To"));
  CHECK(reply.ends_with("MIME-Version: 1.0\r\nContent-Type: text/html\r\n\r\n<p>away</p>\r\n"));
  // A long subject of many UTF-8 characters is split into several encoded words.
  in.subject = std::string(60, 'a') + "é" + std::string(60, 'b');
  in.mime = false;
  reply = make_vacation_reply(in);
  auto subject = reply.substr(reply.find("Subject:"), reply.find("Date:") - reply.find("Subject:"));
  CHECK(subject.find("=?UTF-8?B?", subject.find("=?UTF-8?B?") + 1) != std::string::npos);
  CHECK(contains(subject, "?=\r\n =?UTF-8?B?"));  // folded between the words
}
