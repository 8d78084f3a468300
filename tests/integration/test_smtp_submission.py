"""Submission: STARTTLS + AUTH, implicit TLS, sender ownership, the fixes a submission
server makes (Message-ID, Date, no Bcc), remote recipients queued."""
import base64
import smtplib
import socket
import unittest

import harness
from smtp_store import SmtpServerTest
from smtp_wire import SmtpWire


class SmtpSubmissionTest(SmtpServerTest):
    ACCOUNTS = {"bob@example.test": "secret", "alice@example.test": "alicepw"}
    # Remote mail must still be in the queue when a test looks: the queue runner starts at
    # once, so its DNS is a loopback port where nothing answers (a temporary failure, 4.4.3,
    # which keeps the message queued) and it retries only after an hour.
    EXTRA_TOML = '[dns]\nservers = ["127.0.0.1@9"]\n[queue]\nretry_interval = 3600\n'

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.c.cli("alias", "add", "sales@example.test", "bob@example.test")

    def test_starttls_then_auth_and_send(self):
        with smtplib.SMTP("127.0.0.1", self.c.port["submission"]) as s:
            s.ehlo("laptop.test")
            self.assertTrue(s.has_extn("starttls"))
            s.starttls(context=self.c.tls_context())
            s.ehlo("laptop.test")
            self.assertFalse(s.has_extn("starttls"))
            self.assertIn("PLAIN", s.esmtp_features["auth"].upper())
            self.assertIn("LOGIN", s.esmtp_features["auth"].upper())
            s.login("bob@example.test", "secret")
            s.sendmail("bob@example.test", ["alice@example.test", "far@remote.test"],
                       "From: bob@example.test\r\nTo: alice@example.test\r\nBcc: far@remote.test\r\n"
                       "Subject: tls\r\n\r\nover TLS\r\n")
        msg = self.store.inbox("alice@example.test")[-1]
        self.assertIn(b"with ESMTPSA (TLSv1.", msg)
        self.assertNotIn(b"Bcc:", msg)
        self.assertIn(b"\r\nDate: ", msg)
        self.assertIn(b"\r\nMessage-ID: <", msg)
        queued = [q for q in self.store.queue() if b"Subject: tls" in q[2]]
        self.assertEqual(len(queued), 1)
        sender, rcpts, data = queued[0]
        self.assertEqual((sender, rcpts), ("bob@example.test", ["far@remote.test"]))
        self.assertNotIn(b"Bcc:", data)
        self.assertNotIn(b"Return-Path:", data)

    def test_implicit_tls(self):
        with smtplib.SMTP_SSL("127.0.0.1", self.c.port["submission_tls"], context=self.c.tls_context()) as s:
            s.ehlo("phone.test")
            self.assertFalse(s.has_extn("starttls"))
            s.login("alice@example.test", "alicepw")
            s.sendmail("alice@example.test", ["bob@example.test"],
                       "From: alice@example.test\r\nMessage-ID: <keep@phone.test>\r\n"
                       "Date: Tue, 1 Jan 2030 00:00:00 +0000\r\nSubject: implicit\r\n\r\nhi\r\n")
        msg = self.store.inbox("bob@example.test")[-1]
        self.assertIn(b"Message-ID: <keep@phone.test>", msg)
        self.assertEqual(msg.count(b"Message-ID:"), 1)
        self.assertEqual(msg.count(b"Date:"), 1)
        self.assertIn(b"with ESMTPSA", msg)

    def test_auth_required_and_sender_ownership(self):
        with self.wire("submission") as w:
            self.assertEqual(w.cmd("AUTH PLAIN " + base64.b64encode(b"\0bob@example.test\0secret").decode()), 503)
            self.assertEqual(w.cmd("EHLO x"), 250)
            code, text = w.ask("MAIL FROM:<bob@example.test>")
            self.assertEqual(code, 530)
            self.assertTrue(text[0].startswith("5.7.0"))
            self.assertEqual(w.cmd("AUTH PLAIN " + base64.b64encode(b"\0bob@example.test\0wrong").decode()), 535)
            self.assertEqual(w.cmd("AUTH CRAM-MD5"), 504)
            self.assertEqual(w.cmd("AUTH PLAIN"), 334)
            self.assertEqual(w.cmd("*"), 501)
            self.assertEqual(w.cmd("AUTH PLAIN !!notbase64"), 501)
            self.assertEqual(w.cmd("AUTH PLAIN " + base64.b64encode(b"alice@example.test\0bob@example.test\0secret").decode()), 535)
            self.assertEqual(w.cmd("AUTH LOGIN"), 334)
            self.assertEqual(w.cmd(base64.b64encode(b"bob@example.test").decode()), 334)
            code, text = w.ask(base64.b64encode(b"secret").decode())
            self.assertEqual(code, 235)
            self.assertTrue(text[0].startswith("2.7.0"))
            self.assertEqual(w.cmd("AUTH PLAIN"), 503)  # already authenticated
            code, text = w.ask("MAIL FROM:<alice@example.test>")
            self.assertEqual(code, 553)
            self.assertTrue(text[0].startswith("5.7.1"))
            self.assertEqual(w.cmd("MAIL FROM:<Bob+tag@example.test>"), 250)
            self.assertEqual(w.cmd("RSET"), 250)
            self.assertEqual(w.cmd("MAIL FROM:<sales@example.test>"), 250)  # an alias of bob
            self.assertEqual(w.cmd("RSET"), 250)
            self.assertEqual(w.cmd("MAIL FROM:<>"), 250)
            self.assertEqual(w.cmd("RCPT TO:<anyone@remote.test>"), 250)  # authenticated: may relay
            self.assertEqual(w.cmd("RCPT TO:<ghost@example.test>"), 550)
            self.assertEqual(w.cmd("QUIT"), 221)

    def test_auth_plain_with_empty_challenge(self):
        with self.wire("submission") as w:
            self.assertEqual(w.cmd("EHLO x"), 250)
            self.assertEqual(w.cmd("AUTH PLAIN"), 334)
            self.assertEqual(w.cmd(base64.b64encode(b"\0alice@example.test\0alicepw").decode()), 235)

    def test_large_message(self):
        body = ("0123456789abcdef" * 4 + "\r\n") * 100000  # 6.6 MB
        with smtplib.SMTP("127.0.0.1", self.c.port["submission"]) as s:
            s.login("bob@example.test", "secret")
            s.sendmail("bob@example.test", ["alice@example.test"], "From: bob@example.test\r\nSubject: large\r\n\r\n" + body)
        msg = [m for m in self.store.inbox("alice@example.test") if b"Subject: large" in m]
        self.assertEqual(len(msg), 1)
        self.assertTrue(msg[0].endswith(body.encode()))

    def test_starttls_discards_pipelined_commands(self):
        # RFC 3207 section 4.2 / CVE-2011-0411: a command sent with STARTTLS in the same
        # packet must not run inside the TLS session.
        with self.wire("submission") as w:
            self.assertEqual(w.cmd("EHLO x"), 250)
            w.send("STARTTLS\r\nRSET\r\n")
            self.assertEqual(w.code(), 220)
            w.wrap_tls(self.c.tls_context())
            self.assertEqual(w.cmd("NOOP"), 250)  # the RSET was dropped: this is the first reply
            self.assertEqual(w.cmd("MAIL FROM:<bob@example.test>"), 530)
            code, lines = w.ask("EHLO x")
            self.assertEqual(code, 250)
            self.assertNotIn("STARTTLS", lines)


def non_loopback_address():
    """An address of this machine that is not loopback, or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the route
            address = s.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


class SubmissionRemoteClientTest(unittest.TestCase):
    """A client that is not on loopback must STARTTLS before AUTH or MAIL (PRE_TLS)."""

    def test_tls_required_before_auth(self):
        address = non_loopback_address()
        if address is None:
            self.skipTest("no non-loopback IPv4 address on this machine")
        c = harness.Carteiro()
        with open(c.config_path) as f:
            text = f.read()
        head, sep, tail = text.partition("[submission]\n")
        tail = tail.replace('listen = ["127.0.0.1:0"]', f'listen = ["{address}:0"]', 1)
        with open(c.config_path, "w") as f:
            f.write(head + sep + tail)
        with c:
            c.add_account("bob@example.test", "secret")
            with SmtpWire(c.port["submission"], host=address) as w:
                self.assertEqual(w.code(), 220)
                code, lines = w.ask("EHLO remote.test")
                self.assertEqual(code, 250)
                self.assertIn("STARTTLS", lines)
                self.assertFalse(any(l.startswith("AUTH") for l in lines), lines)
                code, text = w.ask("MAIL FROM:<bob@example.test>")
                self.assertEqual(code, 530)
                self.assertIn("STARTTLS", text[0])
                self.assertEqual(w.cmd("AUTH PLAIN " + base64.b64encode(b"\0bob@example.test\0secret").decode()), 530)
                self.assertEqual(w.cmd("NOOP"), 250)
                self.assertEqual(w.cmd("STARTTLS"), 220)
                w.wrap_tls(c.tls_context())
                code, lines = w.ask("EHLO remote.test")
                self.assertIn("AUTH PLAIN LOGIN", lines)
                self.assertEqual(w.cmd("AUTH PLAIN " + base64.b64encode(b"\0bob@example.test\0secret").decode()), 235)
                self.assertEqual(w.cmd("MAIL FROM:<bob@example.test>"), 250)


if __name__ == "__main__":
    unittest.main()
