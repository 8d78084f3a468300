#include <doctest/doctest.h>

#include <string>

#include "carteiro/smtp/message_headers.hpp"
#include "carteiro/smtp/received.hpp"

using namespace carteiro::smtp;

TEST_CASE("smtp headers: fields, folding and the empty line (RFC 5322 section 2.2)") {
  std::string m = "Received: from a\r\n\tby b; date\r\nSubject: hi\r\nBcc: x@y\r\nreceived: c\r\n\r\nbody\r\n";
  auto index = index_headers(m);
  REQUIRE(index.fields.size() == 4);
  CHECK(index.fields[0].name == "Received");
  CHECK(m.substr(index.fields[0].begin, index.fields[0].end - index.fields[0].begin) == "Received: from a\r\n\tby b; date\r\n");
  CHECK(index.count("RECEIVED") == 2);
  CHECK(index.has("bcc"));
  CHECK_FALSE(index.has("Date"));
  CHECK(index.has_separator);
  CHECK(m.substr(index.body_start) == "body\r\n");
}

TEST_CASE("smtp headers: a message typed without a header is all body") {
  std::string m = "Do you like ketchup?\r\nHow about pickles?\r\n";
  auto index = index_headers(m);
  CHECK(index.fields.empty());
  CHECK(index.body_start == 0);
  CHECK_FALSE(index.has_separator);
  HeaderRewrite rw;
  rw.prepend = "Received: x\r\n";
  CHECK(rewrite_message(m, index, rw) == "Received: x\r\n\r\nDo you like ketchup?\r\nHow about pickles?\r\n");
}

TEST_CASE("smtp headers: header then a non-field line gets an empty line inserted") {
  std::string m = "Subject: a\r\nthis is body\r\n";
  auto index = index_headers(m);
  CHECK(index.fields.size() == 1);
  CHECK(rewrite_message(m, index, {}) == "Subject: a\r\n\r\nthis is body\r\n");
}

TEST_CASE("smtp headers: rewrite prepends, removes Bcc, appends") {
  std::string m = "From: a@b\r\nBcc: secret@x,\r\n other@y\r\nTo: c@d\r\n\r\nhi\r\n";
  auto index = index_headers(m);
  HeaderRewrite rw;
  rw.prepend = "Received: r\r\n";
  rw.remove = {"bcc"};
  rw.append = "Date: now\r\nMessage-ID: <1@x>\r\n";
  CHECK(rewrite_message(m, index, rw) ==
        "Received: r\r\nFrom: a@b\r\nTo: c@d\r\nDate: now\r\nMessage-ID: <1@x>\r\n\r\nhi\r\n");
}

TEST_CASE("smtp headers: malformed, truncated and binary input") {
  CHECK(index_headers("").fields.empty());
  CHECK(index_headers(" folded first\r\n").fields.empty());
  CHECK(index_headers(": no name\r\n").fields.empty());
  CHECK(index_headers("Name no colon\r\n").fields.empty());
  auto i = index_headers("Subject: no end");
  CHECK(i.fields.size() == 1);
  CHECK(i.body_start == 15);
  CHECK(rewrite_message("Subject: no end", i, {"X: y\r\n", {}, "Z: w\r\n"}) == "X: y\r\nSubject: no end\r\nZ: w\r\n");
  auto obs = index_headers("Subject : old style\r\n\r\n");
  CHECK(obs.fields.size() == 1);
  auto bin = index_headers(std::string("X\xff: \0v\r\n\r\n", 10));
  CHECK(bin.fields.empty());
  std::string many;
  for (int k = 0; k < 60; ++k) many += "Received: hop\r\n";
  CHECK(index_headers(many + "\r\n").count("Received") == 60);
}

TEST_CASE("smtp received: trace field (RFC 5321 section 4.4)") {
  ReceivedInfo info;
  info.helo = "crepes.fr";
  info.peer_ip = "192.0.2.7";
  info.by = "mx.hamburger.edu";
  info.with = with_protocol(true, true, false);
  info.tls = "TLSv1.3 TLS_AES_256_GCM_SHA384";
  info.id = "ABC123";
  info.for_recipient = "bob@hamburger.edu";
  info.when = 0;
  CHECK(received_field(info) ==
        "Received: from crepes.fr ([192.0.2.7])\r\n\tby mx.hamburger.edu (Carteiro) with ESMTPS "
        "(TLSv1.3 TLS_AES_256_GCM_SHA384) id ABC123\r\n\tfor <bob@hamburger.edu>;\r\n\tThu, 1 Jan 1970 00:00:00 +0000\r\n");
  info.helo = "evil)\r\nX-Injected: (yes";
  info.tls.clear();
  info.for_recipient.reset();
  auto field = received_field(info);
  CHECK(field.find("\r\nX-Injected") == std::string::npos);
  CHECK(field.find("for <") == std::string::npos);
  CHECK(with_protocol(false, false, false) == "SMTP");
  CHECK(with_protocol(true, false, true) == "ESMTPA");
  CHECK(with_protocol(true, true, true) == "ESMTPSA");
  CHECK(with_protocol(true, false, false, true) == "UTF8SMTP");
  CHECK(with_protocol(true, true, true, true) == "UTF8SMTPSA");
}

TEST_CASE("smtp headers: rewrite_header is the rewritten header alone, the body follows unchanged") {
  std::string m = "From: a@b\r\nBcc: secret@x\r\n\r\nbody\r\n.. stays\r\n";
  auto index = index_headers(m);
  HeaderRewrite rw;
  rw.prepend = "Received: r\r\n";
  rw.remove = {"Bcc"};
  auto header = rewrite_header(m, index, rw);
  CHECK(header == "Received: r\r\nFrom: a@b\r\n\r\n");
  CHECK(header + m.substr(index.body_start) == rewrite_message(m, index, rw));
  // Nothing but a prefix: the header is the message's own, so the message can stay where it is.
  CHECK(rewrite_header(m, index, {}) == m.substr(0, index.body_start));
  // A header with no empty line after it, or a last line without CRLF, is not left as is.
  std::string no_separator = "Subject: a\r\nthis is body\r\n";
  auto i2 = index_headers(no_separator);
  CHECK(rewrite_header(no_separator, i2, {}) != no_separator.substr(0, i2.body_start));
  std::string unterminated = "Subject: a";
  auto i3 = index_headers(unterminated);
  CHECK(rewrite_header(unterminated, i3, {}) == "Subject: a\r\n");
  CHECK(rewrite_header("", index_headers(""), {}).empty());
}
