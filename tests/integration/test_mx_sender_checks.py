"""Sender authentication on the MX, end to end: carteirod asks a loopback unbound for SPF,
DKIM and DMARC records of the test zones, records the results in Received-SPF and
Authentication-Results, refuses what a p=reject domain disowns, files p=quarantine
failures into Junk, and goes on with temperror when DNS does not answer."""
import imaplib
import os
import shutil
import smtplib
import socket
import sys
import tempfile
import time
import unittest

import dkim

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from dkim_keys import rsa_key, txt_strings  # noqa: E402
from loopback_dns import Unbound  # noqa: E402
from smtp_store import StoreView, set_listener_keys  # noqa: E402

HOST = "mail.example.test"  # our authserv-id
PASSWORD = "secret"
BOB = "bob@example.test"
CAROL = "carol@example.test"  # her Sieve script files everything into "Kept"
DEADLINE = 3  # [smtp] sender_checks_timeout of the server whose DNS does not answer


def message(author, subject, extra=""):
    return (f"From: <{author}>\r\nTo: <{BOB}>\r\nSubject: {subject}\r\n"
            f"Message-ID: <{subject.replace(' ', '.')}@test>\r\n{extra}\r\nHello.\r\n").encode()


def server(dns_port, smtp_keys=None):
    c = harness.Carteiro(hostname=HOST, extra_toml=f'[dns]\nservers = ["127.0.0.1@{dns_port}"]\n')
    if smtp_keys is not None:
        set_listener_keys(c, "smtp", smtp_keys)
    return c


class Mailboxes:
    """Reads C's mailboxes back over IMAP (implicit TLS), as a user's client would."""

    def __init__(self, c):
        self.c = c

    def fetch(self, address, mailbox, subject):
        with imaplib.IMAP4_SSL("127.0.0.1", self.c.port["imap_tls"], ssl_context=self.c.tls_context()) as imap:
            imap.login(address, PASSWORD)
            status, _ = imap.select(f'"{mailbox}"', readonly=True)
            if status != "OK":
                return []
            _, data = imap.search(None, "SUBJECT", f'"{subject}"')
            out = []
            for number in data[0].split():
                _, parts = imap.fetch(number, "(BODY.PEEK[])")
                out.append(parts[0][1])
            return out

    def only(self, address, mailbox, subject):
        found = self.fetch(address, mailbox, subject)
        if len(found) != 1:
            raise AssertionError(f"{len(found)} message(s) {subject!r} in {address}'s {mailbox}")
        return header_lines(found[0])


def header_lines(data):
    """The header's fields as received, unfolded, in order (the Return-Path: of final
    delivery left out)."""
    header = data.split(b"\r\n\r\n", 1)[0].decode("utf-8", "replace")
    lines = header.replace("\r\n\t", " ").replace("\r\n ", " ").split("\r\n")
    return lines[1:] if lines[0].startswith("Return-Path:") else lines


def field_values(lines, name):
    prefix = name.lower() + ":"
    return [line[len(prefix):].strip() for line in lines if line.lower().startswith(prefix)]


def send(c, sender, data, helo="mx.sender.test", recipients=(BOB,)):
    with smtplib.SMTP("127.0.0.1", c.port["smtp"], local_hostname=helo, timeout=60) as s:
        s.sendmail(sender, list(recipients), data)


def sender_zone(dkim_record):
    """The senders' domains: SPF allowing the tests' own address, or no host, or saying
    nothing (?all: neutral, which DMARC does not count); a DKIM key; DMARC policies."""
    return [
        'pass.test. TXT "v=spf1 ip4:127.0.0.1 -all"',
        'spffail.test. TXT "v=spf1 -all"',
        f"sel._domainkey.signed.test. TXT {txt_strings(dkim_record)}",
        'signed.test. TXT "v=spf1 ?all"',
        '_dmarc.signed.test. TXT "v=DMARC1; p=reject"',
        'reject.test. TXT "v=spf1 -all"',
        '_dmarc.reject.test. TXT "v=DMARC1; p=reject"',
        'quarantine.test. TXT "v=spf1 ?all"',
        '_dmarc.quarantine.test. TXT "v=DMARC1; p=quarantine"',
    ]


class SenderChecksTest(unittest.TestCase):
    """One server with checks for every client (sender_checks_skip = []) that refuses an
    SPF fail (reject_spf_fail = true)."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="carteiro-mx-checks-")
        cls.key, dkim_record = rsa_key(cls.dir)
        cls.dns = Unbound(sender_zone(dkim_record)).__enter__()
        try:
            cls.c = server(cls.dns.port, "sender_checks_skip = []\nreject_spf_fail = true").__enter__()
            cls.c.add_account(BOB, PASSWORD)
            cls.c.add_account(CAROL, PASSWORD)
            script = os.path.join(cls.dir, "kept.sieve")
            with open(script, "w") as f:
                f.write('require ["fileinto", "mailbox"];\nfileinto :create "Kept";\n')
            cls.c.cli("sieve", "put", CAROL, "rules", script)
            cls.c.cli("sieve", "activate", CAROL, "rules")
        except BaseException:
            cls.tearDownClass()
            raise
        cls.boxes = Mailboxes(cls.c)
        cls.store = StoreView(cls.c.db_path())

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "c", None):
            cls.c.__exit__(None, None, None)
        cls.dns.__exit__(None, None, None)
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_spf_pass_is_recorded_above_our_received_field(self):
        send(self.c, "alice@pass.test", message("alice@pass.test", "spf pass"))
        lines = self.boxes.only(BOB, "INBOX", "spf pass")
        # Trace fields, the newest on top: ours, then our Received:.
        self.assertTrue(lines[0].startswith(f"Authentication-Results: {HOST};"), lines[:3])
        self.assertIn("spf=pass", lines[0])
        self.assertIn("smtp.mailfrom=", lines[0])
        self.assertTrue(lines[1].startswith("Received-SPF: pass "), lines[:3])
        self.assertIn("client-ip=127.0.0.1", lines[1])
        self.assertIn("identity=mailfrom", lines[1])
        self.assertTrue(lines[2].startswith("Received: from mx.sender.test"), lines[:3])
        self.assertIn(" spf=pass (helo none) ", self.c.output())  # the log line

    def test_forged_results_for_our_host_are_removed_and_foreign_ones_kept(self):
        forged = (f"Authentication-Results: {HOST.upper()}; dkim=pass header.d=bank.test\r\n"
                  "Authentication-Results: other.example; spf=pass smtp.mailfrom=x@other.example\r\n")
        send(self.c, "alice@pass.test", message("alice@pass.test", "forged results", forged))
        lines = self.boxes.only(BOB, "INBOX", "forged results")
        values = field_values(lines, "Authentication-Results")
        self.assertEqual(len(values), 2, values)
        self.assertTrue(values[0].startswith(f"{HOST};"))
        self.assertNotIn("bank.test", values[0])
        self.assertEqual(values[1], "other.example; spf=pass smtp.mailfrom=x@other.example")

    def test_dkim_signed_message_passes(self):
        data = message("alice@signed.test", "dkim signed")
        signed = dkim.sign(data, b"sel", b"signed.test", self.key, canonicalize=(b"relaxed", b"relaxed"),
                           include_headers=[b"from", b"to", b"subject"]) + data
        # SPF says nothing (neutral), but the aligned signature satisfies p=reject.
        send(self.c, "alice@signed.test", signed)
        lines = self.boxes.only(BOB, "INBOX", "dkim signed")
        self.assertIn("dkim=pass", lines[0])
        self.assertIn("header.d=signed.test", lines[0])
        self.assertIn("spf=neutral", lines[0])
        self.assertIn("dmarc=pass", lines[0])

    def assert_refused(self, sender, data, status, *words):
        """SENDER's DATA gets 550 with enhanced STATUS and a text naming WORDS; nothing is stored."""
        before = self.store.messages()
        with self.assertRaises(smtplib.SMTPDataError) as refused:
            send(self.c, sender, data)
        self.assertEqual(refused.exception.smtp_code, 550)
        text = refused.exception.smtp_error.decode()
        self.assertTrue(text.startswith(status + " "), text)
        for word in words:
            self.assertIn(word, text)
        self.assertEqual(self.store.messages(), before)

    def test_p_reject_without_authentication_is_refused_at_the_end_of_data(self):
        self.assert_refused("mallory@reject.test", message("ceo@reject.test", "dmarc reject"), "5.7.1",
                            "reject.test", "DMARC")

    def test_spf_fail_is_refused_when_the_server_is_asked_to(self):
        self.assert_refused("mallory@spffail.test", message("mallory@spffail.test", "spf fail"), "5.7.23",
                            "spffail.test")

    def test_two_from_domains_are_refused(self):
        two = message("alice@pass.test", "two authors").replace(b"From: <alice@pass.test>\r\n",
                                                               b"From: <alice@pass.test>\r\nFrom: <ceo@reject.test>\r\n")
        self.assert_refused("alice@pass.test", two, "5.7.1", "exactly one author domain")

    def test_p_quarantine_failure_goes_to_junk_but_a_script_fileinto_wins(self):
        data = message("ceo@quarantine.test", "dmarc quarantine")
        send(self.c, "mallory@quarantine.test", data, recipients=(BOB, CAROL))
        self.assertEqual(self.boxes.fetch(BOB, "INBOX", "dmarc quarantine"), [])
        lines = self.boxes.only(BOB, "Junk", "dmarc quarantine")
        self.assertIn("dmarc=fail", lines[0])
        self.assertEqual(len(self.boxes.fetch(CAROL, "Kept", "dmarc quarantine")), 1)
        self.assertEqual(self.boxes.fetch(CAROL, "Junk", "dmarc quarantine"), [])


class UnansweredDnsTest(unittest.TestCase):
    """A resolver that never answers (a UDP port bound here and never read): the message is
    accepted with temperror once the deadline passes. A client in the skip list gets no
    checks and no fields, and forged results are still removed."""

    def test_temperror_within_the_deadline_and_the_skip_list(self):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
            silent.bind(("127.0.0.1", 0))
            keys = f'sender_checks_skip = ["127.0.0.2/32"]\nsender_checks_timeout = {DEADLINE}'
            with server(silent.getsockname()[1], keys) as c:
                c.add_account(BOB, PASSWORD)
                boxes = Mailboxes(c)
                started = time.monotonic()
                send(c, "alice@pass.test", message("alice@pass.test", "no dns"))
                elapsed = time.monotonic() - started
                self.assertLess(elapsed, DEADLINE + 15)
                lines = boxes.only(BOB, "INBOX", "no dns")
                self.assertIn("spf=temperror", lines[0])
                self.assertTrue(lines[1].startswith("Received-SPF: temperror "), lines[:3])

                forged = f"Authentication-Results: {HOST}; spf=pass\r\n"
                with smtplib.SMTP("127.0.0.1", c.port["smtp"], source_address=("127.0.0.2", 0), timeout=60) as s:
                    s.sendmail("alice@pass.test", [BOB], message("alice@pass.test", "skipped", forged))
                lines = boxes.only(BOB, "INBOX", "skipped")
                self.assertEqual(field_values(lines, "Authentication-Results"), [])
                self.assertEqual(field_values(lines, "Received-SPF"), [])
                self.assertTrue(lines[0].startswith("Received: from "), lines[:2])


class DefaultSkipListTest(unittest.TestCase):
    def test_loopback_mail_gets_no_checks_by_default(self):
        with harness.Carteiro(hostname=HOST) as c:
            c.add_account(BOB, PASSWORD)
            send(c, "alice@pass.test", message("alice@pass.test", "local"))
            lines = Mailboxes(c).only(BOB, "INBOX", "local")
            self.assertTrue(lines[0].startswith("Received: from "), lines[:2])
            self.assertEqual(field_values(lines, "Authentication-Results"), [])
            self.assertEqual(field_values(lines, "Received-SPF"), [])


if __name__ == "__main__":
    unittest.main()
