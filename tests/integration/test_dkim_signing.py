"""Outgoing DKIM signatures between two real servers: A (a.test) sends through its queue to
B (b.test, its MX on a loopback port found through a loopback unbound); the message read
from B's mailbox over IMAP carries A's RSA and Ed25519 DKIM-Signature fields, and Debian's
python3-dkim verifies both against the records `carteiro domain dkim a.test show` printed.
A copy that A's account redirects (Sieve) to B, from an outside author, is signed too: by
a.test, the domain of its SRS envelope sender, and ARC-sealed by it over the verdict of A's
MX (RFC 8617), which python3-dkim's ARC verifier accepts. In relay mode ([relay]) A signs
the same way."""
import imaplib
import os
import re
import smtplib
import sys
import unittest

import dkim

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from loopback_dns import Unbound, free_port  # noqa: E402
from smtp_store import set_listener_keys  # noqa: E402

DELIVERY_TIMEOUT = 60  # sanitizer builds on a loaded 2-core machine
KEY_LINE = re.compile(r"^  (\S+\._domainkey\.\S+) TXT \"(.*)\"$", re.M)


def published_keys(server, domain):
    """{"selector._domainkey.domain": record} from `domain dkim DOMAIN show`."""
    return dict(KEY_LINE.findall(server.cli("domain", "dkim", domain, "show").stdout))


def dns_answering(records):
    def dnsfunc(name, timeout=5):
        record = records.get(name.decode().rstrip("."))
        return record.encode() if record else None
    return dnsfunc


def imap_messages(server, address, password):
    with imaplib.IMAP4_SSL("127.0.0.1", server.port["imap_tls"], ssl_context=server.tls_context()) as imap:
        imap.login(address, password)
        imap.select("INBOX")
        _, data = imap.search(None, "ALL")
        out = []
        for num in data[0].split():
            _, fetched = imap.fetch(num, "(BODY.PEEK[])")
            out.append(fetched[0][1])
        return out


class DkimSigningTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port = free_port()
        cls.dns = Unbound(["b.test. MX 10 mx.b.test.", "mx.b.test. A 127.0.0.1"]).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.dns.__exit__(None, None, None)

    def wait_messages(self, b, count):
        found = []

        def arrived():
            found[:] = imap_messages(b, "bob@b.test", "pw")
            return len(found) >= count
        harness.wait_until(arrived, timeout=DELIVERY_TIMEOUT, interval=0.5, what=f"{count} message(s) for bob@b.test")
        return found

    def assert_signed_by_a(self, message, keys):
        signatures = re.findall(rb"^DKIM-Signature: v=1; a=([\w-]+);.*?\r\n\td=([\w.]+);", message, re.M)
        self.assertEqual(signatures, [(b"rsa-sha256", b"a.test"), (b"ed25519-sha256", b"a.test")], message[:1500])
        verifier = dkim.DKIM(message)
        for idx in (0, 1):
            self.assertTrue(verifier.verify(idx=idx, dnsfunc=dns_answering(keys)), f"signature {idx} does not verify")
        tampered = dkim.DKIM(message.replace(b"Hello b.test", b"Hello c.test"))
        with self.assertRaisesRegex(dkim.ValidationError, "body hash mismatch"):
            tampered.verify(idx=1, dnsfunc=dns_answering(keys))

    def test_submitted_and_redirected_mail_arrives_signed(self):
        toml = (f"[queue]\nremote_port = {self.port}\nretry_interval = 1\nallow_private_destinations = true\n"
                f'[dns]\nservers = ["127.0.0.1@{self.dns.port}"]\n')
        a = harness.Carteiro(hostname="mail.a.test", extra_toml=toml)
        set_listener_keys(a, "smtp", "sender_checks_skip = []")  # A's MX checks mail from loopback too
        with harness.Carteiro(hostname="mx.b.test", env={"CARTEIRO_SMTP_LISTEN": f"127.0.0.1:{self.port}"}) as b, a:
            b.add_account("bob@b.test", "pw")
            a.add_account("alice@a.test", "secret")
            a.add_account("carol@a.test", "secret")
            a.cli("account", "forward", "carol@a.test", "bob@b.test")
            keys = published_keys(a, "a.test")
            self.assertEqual(len(keys), 2)

            message = ("From: Alice <alice@a.test>\r\nTo: <bob@b.test>\r\nSubject: signed\r\n"
                       "Message-ID: <signed@a.test>\r\n\r\nHello b.test.\r\n")
            with smtplib.SMTP("127.0.0.1", a.port["submission"], timeout=30) as s:
                s.login("alice@a.test", "secret")
                s.sendmail("alice@a.test", ["bob@b.test"], message.encode())
            submitted = self.wait_messages(b, 1)[0]
            self.assert_signed_by_a(submitted, keys)

            outside = ("From: Dave <dave@elsewhere.test>\r\nTo: <carol@a.test>\r\nSubject: forwarded\r\n"
                       "Message-ID: <fwd@elsewhere.test>\r\n\r\nHello b.test, via carol.\r\n")
            with smtplib.SMTP("127.0.0.1", a.port["smtp"], timeout=30) as s:
                s.sendmail("dave@elsewhere.test", ["carol@a.test"], outside.encode())
            redirected = self.wait_messages(b, 2)[1]
            self.assertIn(b"Subject: forwarded", redirected)
            self.assertRegex(redirected, rb"Return-Path: <SRS0[=+][^>]*@a\.test>")
            self.assert_signed_by_a(redirected, keys)
            self.assertRegex(redirected, rb"ARC-Seal: i=1; a=rsa-sha256; cv=none;")
            self.assertRegex(redirected, rb"ARC-Authentication-Results: i=1; mail\.a\.test;\s+spf=")
            cv, _, comment = dkim.arc_verify(redirected, dnsfunc=dns_answering(keys))
            self.assertEqual(cv, b"pass", comment)
            broken, _, _ = dkim.arc_verify(redirected.replace(b"via carol", b"via mallory"),
                                           dnsfunc=dns_answering(keys))
            self.assertEqual(broken, b"fail")

    def test_relay_mode_signs(self):
        with harness.Carteiro(hostname="mx.b.test") as b:
            b.add_account("bob@b.test", "pw")
            b.add_account("alice@a.test", "relaypw")  # the relay lets alice send as herself
            toml = (f'[relay]\nhost = "mx.b.test"\nport = {b.port["submission"]}\nstarttls = true\n'
                    f'username = "alice@a.test"\npassword = "relaypw"\nca_file = "{b.cert_path()}"\n'
                    f'[dns]\nservers = ["127.0.0.1@{self.dns.port}"]\n')
            with harness.Carteiro(hostname="mail.a.test", extra_toml=toml) as a:
                a.add_account("alice@a.test", "secret")
                keys = published_keys(a, "a.test")
                message = ("From: Alice <alice@a.test>\r\nTo: <bob@b.test>\r\nSubject: relayed\r\n"
                           "Message-ID: <relayed@a.test>\r\n\r\nHello b.test, through the relay.\r\n")
                with smtplib.SMTP("127.0.0.1", a.port["submission"], timeout=30) as s:
                    s.login("alice@a.test", "secret")
                    s.sendmail("alice@a.test", ["bob@b.test"], message.encode())
                self.assert_signed_by_a(self.wait_messages(b, 1)[0], keys)


if __name__ == "__main__":
    unittest.main()
