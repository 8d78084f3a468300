"""Submission policy against a running carteirod: the message's From: (and Sender:) must
be the authenticated account's own address, +tag or alias, checked at the end of DATA;
the per-account sending rate (messages at MAIL FROM, recipients at RCPT TO)."""
import base64
import os
import smtplib
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from smtp_store import SmtpServerTest  # noqa: E402
from smtp_wire import SmtpWire  # noqa: E402


def message(author, subject, extra=""):
    return f"From: {author}\r\n{extra}To: alice@example.test\r\nSubject: {subject}\r\n\r\nhi\r\n"


class FromCheckTest(SmtpServerTest):
    ACCOUNTS = {"bob@example.test": "secret", "alice@example.test": "alicepw"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.c.cli("alias", "add", "sales@example.test", "bob@example.test")    # bob's alone
        cls.c.cli("alias", "add", "team@example.test", "bob@example.test")     # shared
        cls.c.cli("alias", "add", "team@example.test", "alice@example.test")

    def send(self, author, subject, extra="", envelope="bob@example.test"):
        """None when accepted, else (code, text) of the refusal at the end of DATA."""
        with smtplib.SMTP("127.0.0.1", self.c.port["submission"]) as s:
            s.login("bob@example.test", "secret")
            try:
                s.sendmail(envelope, ["alice@example.test"], message(author, subject, extra))
                return None
            except smtplib.SMTPDataError as e:
                return e.smtp_code, e.smtp_error.decode()

    def delivered(self, subject):
        return any(f"Subject: {subject}\r\n".encode() in m for m in self.store.inbox("alice@example.test"))

    def test_own_address_alias_and_tag_are_accepted(self):
        for author, subject in (("Bob <bob@example.test>", "own"), ("BOB@EXAMPLE.TEST", "own upper"),
                                ("Sales <sales@example.test>", "alias"), ("bob+news@example.test", "tag"),
                                ("sales+x@Example.Test", "alias tag")):
            self.assertIsNone(self.send(author, subject), author)
            self.assertTrue(self.delivered(subject), subject)
        self.assertIsNone(self.send("sales@example.test", "with sender", "Sender: bob@example.test\r\n"))

    def test_foreign_from_is_refused_naming_the_allowed_addresses(self):
        code, text = self.send("The Boss <ceo@bank.test>", "foreign")
        self.assertEqual(code, 553)
        self.assertTrue(text.startswith("5.7.1"), text)
        self.assertIn("ceo@bank.test", text)
        self.assertIn("bob@example.test", text)
        self.assertIn("sales@example.test", text)
        self.assertFalse(self.delivered("foreign"))
        for author in ("alice@example.test", "team@example.test", "bob@example.test, ceo@bank.test"):
            code, text = self.send(author, "foreign " + author)
            self.assertEqual((code, text[:5]), (553, "5.7.1"), author)
        code, text = self.send("bob@example.test", "foreign sender", "Sender: alice@example.test\r\n")
        self.assertEqual((code, text[:5]), (553, "5.7.1"))
        self.assertIn("Sender", text)

    def test_missing_or_malformed_from_is_refused(self):
        with SmtpWire(self.c.port["submission"]) as w:
            self.assertEqual(w.code(), 220)
            self.assertEqual(w.cmd("EHLO x"), 250)
            self.assertEqual(w.cmd("AUTH PLAIN AGJvYkBleGFtcGxlLnRlc3QAc2VjcmV0"), 235)
            for header in ("Subject: no from\r\n", "From: bob\r\n", "From: bob@example.test\r\nFrom: bob@example.test\r\n"):
                self.assertEqual(w.cmd("MAIL FROM:<bob@example.test>"), 250)
                self.assertEqual(w.cmd("RCPT TO:<alice@example.test>"), 250)
                self.assertEqual(w.cmd("DATA"), 354)
                code, text = w.ask(header + "\r\nbody\r\n.")
                self.assertEqual((code, text[0][:5]), (550, "5.6.0"), header)
            self.assertEqual(w.cmd("QUIT"), 221)

    def test_mx_is_not_checked(self):
        with smtplib.SMTP("127.0.0.1", self.c.port["smtp"]) as s:
            s.sendmail("ceo@bank.test", ["alice@example.test"], message("ceo@bank.test", "from the world"))
        self.assertTrue(self.delivered("from the world"))


class SendingRateTest(SmtpServerTest):
    ACCOUNTS = {"msgs@example.test": "pw", "rcpts@example.test": "pw", "alice@example.test": "alicepw"}
    LISTENER_KEYS = {"submission": "max_messages_per_hour = 2\nmax_recipients_per_hour = 3"}

    def login(self, w, user):
        self.assertEqual(w.code(), 220)
        self.assertEqual(w.cmd("EHLO x"), 250)
        self.assertEqual(w.cmd("AUTH PLAIN " + base64.b64encode(f"\0{user}\0pw".encode()).decode()), 235)

    def test_messages_per_hour(self):
        with smtplib.SMTP("127.0.0.1", self.c.port["submission"]) as s:
            s.login("msgs@example.test", "pw")
            for n in range(2):
                s.sendmail("msgs@example.test", ["alice@example.test"], message("msgs@example.test", f"rate {n}"))
            with self.assertRaises(smtplib.SMTPSenderRefused) as refused:
                s.sendmail("msgs@example.test", ["alice@example.test"], message("msgs@example.test", "rate 2"))
        self.assertEqual(refused.exception.smtp_code, 451)
        self.assertTrue(refused.exception.smtp_error.startswith(b"4.7.0 Too many messages"), refused.exception.smtp_error)

    def test_recipients_per_hour(self):
        with SmtpWire(self.c.port["submission"]) as w:
            self.login(w, "rcpts@example.test")
            self.assertEqual(w.cmd("MAIL FROM:<rcpts@example.test>"), 250)
            for n in range(3):
                self.assertEqual(w.cmd(f"RCPT TO:<r{n}@remote.test>"), 250)
            self.assertEqual(w.cmd("RCPT TO:<r1@remote.test>"), 250)  # the same one again: not counted
            code, text = w.ask("RCPT TO:<r3@remote.test>")
            self.assertEqual(code, 451)
            self.assertTrue(text[0].startswith("4.7.0 Too many recipients"), text)
            self.assertEqual(w.cmd("RSET"), 250)
            self.assertEqual(w.cmd("QUIT"), 221)


if __name__ == "__main__":
    unittest.main()
