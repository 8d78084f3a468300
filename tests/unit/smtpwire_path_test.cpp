#include <doctest/doctest.h>

#include <string>

#include "carteiro/smtpwire/path.hpp"

using namespace carteiro::smtpwire;

TEST_CASE("smtpwire path: MAIL FROM forms people type") {
  auto m = parse_mail_argument("FROM:<alice@crepes.fr>");
  REQUIRE(m.error == ArgumentError::none);
  CHECK(m.sender->text() == "alice@crepes.fr");
  m = parse_mail_argument("FROM: <alice@crepes.fr>");  // space after the colon
  REQUIRE(m.error == ArgumentError::none);
  CHECK(m.sender->text() == "alice@crepes.fr");
  m = parse_mail_argument("From: <salesfilho@ifrn.local>");
  REQUIRE(m.error == ArgumentError::none);
  CHECK(m.sender->local == "salesfilho");
  m = parse_mail_argument("from:bob@Example.ORG");  // no brackets, as Postfix accepts
  REQUIRE(m.error == ArgumentError::none);
  CHECK(m.sender->text() == "bob@example.org");
}

TEST_CASE("smtpwire path: null reverse-path and source routes") {
  auto m = parse_mail_argument("FROM:<>");
  REQUIRE(m.error == ArgumentError::none);
  CHECK_FALSE(m.sender.has_value());
  m = parse_mail_argument("FROM:<@relay1.test,@relay2.test:joe@x.test>");  // section 4.1.2: ignored
  REQUIRE(m.error == ArgumentError::none);
  CHECK(m.sender->text() == "joe@x.test");
  auto r = parse_rcpt_argument("TO:<@hop.test:bob@y.test>");
  REQUIRE(r.error == ArgumentError::none);
  CHECK(r.recipient.text() == "bob@y.test");
  CHECK(parse_rcpt_argument("TO:<>").error != ArgumentError::none);  // no null forward-path
  CHECK(parse_mail_argument("FROM:<@relay1.test,joe@x.test>").error == ArgumentError::syntax);
}

TEST_CASE("smtpwire path: quoted local parts and address literals") {
  auto r = parse_rcpt_argument("TO:<\"john smith\"@example.test>");
  REQUIRE(r.error == ArgumentError::none);
  CHECK(r.recipient.local == "\"john smith\"");
  r = parse_rcpt_argument("TO:<\"a>b\"@example.test>");
  REQUIRE(r.error == ArgumentError::none);
  r = parse_rcpt_argument("TO:<root@[192.0.2.1]>");
  REQUIRE(r.error == ArgumentError::none);
  CHECK(r.recipient.domain == "[192.0.2.1]");
  r = parse_rcpt_argument("TO:<j\xc3\xb6rg@b\xc3\xbc" "cher.test>");  // RFC 6531
  CHECK(r.error == ArgumentError::none);
  CHECK(parse_rcpt_argument("TO:<\xe2\x82\xac@x.test>").error == ArgumentError::none);
  CHECK(parse_rcpt_argument("TO:<\xf0\x9f\x93\xa7@x.test>").error == ArgumentError::none);
  // Not UTF-8 (RFC 3629): stray, truncated, overlong, surrogate.
  CHECK(parse_rcpt_argument("TO:<a\xff@x.test>").error == ArgumentError::bad_address);
  CHECK(parse_rcpt_argument("TO:<a\xc3@x.test>").error == ArgumentError::bad_address);
  CHECK(parse_rcpt_argument("TO:<a@x.test\xc3>").error == ArgumentError::bad_address);
  CHECK(parse_rcpt_argument("TO:<\xc0\xaf@x.test>").error == ArgumentError::bad_address);
  CHECK(parse_rcpt_argument("TO:<\xed\xa0\x80@x.test>").error == ArgumentError::bad_address);
  CHECK(parse_rcpt_argument("TO:<\xf4\x90\x80\x80@x.test>").error == ArgumentError::bad_address);
}

TEST_CASE("smtpwire path: Postmaster without a domain (section 4.1.1.3)") {
  auto r = parse_rcpt_argument("TO:<Postmaster>");
  REQUIRE(r.error == ArgumentError::none);
  CHECK(r.bare_postmaster);
  CHECK(parse_rcpt_argument("to:<postmaster>").bare_postmaster);
  CHECK(parse_mail_argument("FROM:<postmaster>").error == ArgumentError::bad_address);
  auto pm = parse_rcpt_argument("TO:<postmaster@x.test>");
  CHECK_FALSE(pm.bare_postmaster);
  CHECK(pm.recipient.text() == "postmaster@x.test");
}

TEST_CASE("smtpwire path: malformed, truncated and binary arguments") {
  CHECK(parse_mail_argument("").error == ArgumentError::syntax);
  CHECK(parse_mail_argument("FROM").error == ArgumentError::syntax);
  CHECK(parse_mail_argument("FROM:").error == ArgumentError::syntax);
  CHECK(parse_mail_argument("FROM:<").error == ArgumentError::syntax);
  CHECK(parse_mail_argument("FROM:<a@b").error == ArgumentError::syntax);
  CHECK(parse_mail_argument("FROM:<a@b>x").error == ArgumentError::syntax);
  CHECK(parse_mail_argument("TO:<a@b>").error == ArgumentError::syntax);
  CHECK(parse_rcpt_argument("FROM:<a@b>").error == ArgumentError::syntax);
  CHECK(parse_mail_argument("FROM <a@b>").error == ArgumentError::syntax);
  CHECK(parse_mail_argument("FROM:<nobody>").error == ArgumentError::bad_address);
  CHECK(parse_mail_argument("FROM:<a@>").error != ArgumentError::none);
  CHECK(parse_mail_argument("FROM:<@b>").error != ArgumentError::none);
  CHECK(parse_mail_argument("FROM:<a..b@c>").error == ArgumentError::bad_address);
  CHECK(parse_mail_argument("FROM:<\"unterminated@x>").error != ArgumentError::none);
  CHECK(parse_mail_argument(std::string("FROM:<a\0b@c>", 12)).error != ArgumentError::none);
  CHECK(parse_mail_argument("FROM:<a@b\x01>").error != ArgumentError::none);
  CHECK(parse_mail_argument("FROM:<" + std::string(70, 'x') + "@b.test>").error == ArgumentError::bad_address);
  CHECK(parse_mail_argument("FROM:<a@" + std::string(300, 'b') + ">").error == ArgumentError::bad_address);
  CHECK(parse_mail_argument("FROM:<" + std::string(100000, '<')).error != ArgumentError::none);
}

TEST_CASE("smtpwire path: ESMTP parameters (RFC 5321 section 4.1.2)") {
  auto m = parse_mail_argument("FROM:<a@b.test> SIZE=1000 BODY=8BITMIME SMTPUTF8 AUTH=<>");
  REQUIRE(m.error == ArgumentError::none);
  REQUIRE(m.parameters.size() == 4);
  CHECK(m.parameters[0].keyword == "SIZE");
  CHECK(*m.parameters[0].value == "1000");
  CHECK_FALSE(m.parameters[2].value.has_value());
  auto checked = check_mail_parameters(m.parameters);
  CHECK(checked.error == ParameterError::none);
  CHECK(*checked.values.size == 1000);
  CHECK(checked.values.eight_bit_mime);
  CHECK(checked.values.smtputf8);
  CHECK(*checked.values.auth == "<>");
  m = parse_mail_argument("FROM:<a@b.test>  size=5");
  REQUIRE(m.error == ArgumentError::none);
  CHECK(m.parameters[0].keyword == "SIZE");
  CHECK(parse_mail_argument("FROM:<a@b.test> SIZE=").error == ArgumentError::syntax);
  CHECK(parse_mail_argument("FROM:<a@b.test> =5").error == ArgumentError::syntax);
  CHECK(parse_mail_argument("FROM:<a@b.test> -X").error == ArgumentError::syntax);
  CHECK(parse_mail_argument("FROM:<a@b.test> X=a=b").error == ArgumentError::syntax);
}

TEST_CASE("smtpwire path: parameter checks") {
  auto check = [](const char* arg) {
    auto m = parse_mail_argument(arg);
    REQUIRE(m.error == ArgumentError::none);
    return check_mail_parameters(m.parameters);
  };
  CHECK(check("FROM:<a@b> SIZE=abc").error == ParameterError::bad_value);
  CHECK(check("FROM:<a@b> SIZE=1 SIZE=2").error == ParameterError::bad_value);
  CHECK(*check("FROM:<a@b> SIZE=99999999999999999999").values.size == UINT64_MAX);
  CHECK(check("FROM:<a@b> SIZE=999999999999999999999").error == ParameterError::bad_value);
  CHECK(check("FROM:<a@b> BODY=7BIT").error == ParameterError::none);
  CHECK(check("FROM:<a@b> BODY=BINARYMIME").error == ParameterError::unsupported);
  CHECK(check("FROM:<a@b> SMTPUTF8=yes").error == ParameterError::bad_value);
  CHECK(check("FROM:<a@b> AUTH=bob+40x.test").error == ParameterError::none);
  CHECK(check("FROM:<a@b> AUTH=bob+4").error == ParameterError::bad_value);
  CHECK(check("FROM:<a@b> RET=HDRS").error == ParameterError::unsupported);
  CHECK(check("FROM:<a@b> RET=HDRS").keyword == "RET");
  auto r = parse_rcpt_argument("TO:<a@b> NOTIFY=NEVER");
  REQUIRE(r.error == ArgumentError::none);
  CHECK(check_rcpt_parameters(r.parameters).error == ParameterError::unsupported);
  CHECK(check_rcpt_parameters({}).error == ParameterError::none);
}

TEST_CASE("smtpwire path: the client's MAIL and RCPT lines") {
  MailParameters none;
  CHECK(mail_command("", none) == "MAIL FROM:<>");
  CHECK(mail_command("bob@example.org", none) == "MAIL FROM:<bob@example.org>");
  MailParameters all;
  all.size = 1234;
  all.eight_bit_mime = true;
  all.smtputf8 = true;
  CHECK(mail_command("bob@example.org", all) == "MAIL FROM:<bob@example.org> SIZE=1234 BODY=8BITMIME SMTPUTF8");
  CHECK(rcpt_command("alice@crepes.fr") == "RCPT TO:<alice@crepes.fr>");
}

TEST_CASE("smtpwire path: what the client writes, the server reads back") {
  MailParameters sent;
  sent.size = 99;
  sent.eight_bit_mime = true;
  sent.smtputf8 = true;
  sent.auth = "<>";
  for (std::string sender : {"", "bob@example.org", "\"john doe\"@example.org", "jos\xc3\xa9@caf\xc3\xa9.example"}) {
    auto line = mail_command(sender, sent);
    REQUIRE(line.substr(0, 5) == "MAIL ");
    auto mail = parse_mail_argument(line.substr(5));
    REQUIRE(mail.error == ArgumentError::none);
    CHECK((mail.sender ? mail.sender->text() : std::string()) == sender);
    auto checked = check_mail_parameters(mail.parameters);
    REQUIRE(checked.error == ParameterError::none);
    CHECK(checked.values == sent);
  }
  auto line = rcpt_command("alice@crepes.fr");
  REQUIRE(line.substr(0, 5) == "RCPT ");
  auto rcpt = parse_rcpt_argument(line.substr(5));
  REQUIRE(rcpt.error == ArgumentError::none);
  CHECK(rcpt.recipient.text() == "alice@crepes.fr");
  CHECK(rcpt.parameters.empty());
}
