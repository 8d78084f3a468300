"""Sieve scripts at delivery, between two servers on loopback: mail.example.test (here,
where the scripts run) and mx.remote.test (the other side), with a private unbound
serving both domains' MX records. Scripts are uploaded with `carteiro sieve put` and
`activate`. Nothing sleeps: each check polls a mailbox or the queue with a deadline.

A message a script causes (a vacation reply, a redirect) is queued in the same
transaction as the delivery, so when the delivered message is in its mailbox, the
queue already holds whatever the script caused."""
import os
import smtplib
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from loopback_dns import Unbound, free_port  # noqa: E402
from smtp_store import StoreView  # noqa: E402

TIMEOUT = 60  # sanitizer builds on a loaded 2-core machine
PASSWORD = "secret"
ALICE = "alice@remote.test"     # writes from the other server


def server(hostname, smtp_port, peer_port, dns_port):
    toml = (f"[queue]\nremote_port = {peer_port}\nretry_interval = 1\nallow_private_destinations = true\n"
            f'[dns]\nservers = ["127.0.0.1@{dns_port}"]\n')
    return harness.Carteiro(hostname=hostname, extra_toml=toml,
                            env={"CARTEIRO_SMTP_LISTEN": f"127.0.0.1:{smtp_port}"})


def message(sender, to, subject, extra=""):
    return (f"From: <{sender}>\r\nTo: <{to}>\r\nSubject: {subject}\r\n"
            f"Message-ID: <{subject.replace(' ', '.')}@test>\r\n{extra}\r\nHello.\r\n").encode()


class SieveDeliveryTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        here_port, remote_port = free_port(), free_port()
        cls.dns = Unbound([
            "example.test. MX 10 mail.example.test.",
            "mail.example.test. A 127.0.0.1",
            "remote.test. MX 10 mx.remote.test.",
            "mx.remote.test. A 127.0.0.1",
        ]).__enter__()
        try:
            cls.here = server("mail.example.test", here_port, remote_port, cls.dns.port).__enter__()
            cls.remote = server("mx.remote.test", remote_port, here_port, cls.dns.port).__enter__()
        except BaseException:
            cls.tearDownClass()
            raise
        cls.remote.add_account(ALICE, PASSWORD)

    @classmethod
    def tearDownClass(cls):
        for name in ("remote", "here"):
            if getattr(cls, name, None):
                getattr(cls, name).__exit__(None, None, None)
        cls.dns.__exit__(None, None, None)

    # -- helpers ------------------------------------------------------------------------
    @staticmethod
    def account(c, address, script=None):
        c.add_account(address, PASSWORD)
        if script is not None:
            with tempfile.NamedTemporaryFile("w", suffix=".sieve", delete=False) as f:
                f.write(script)
            try:
                c.cli("sieve", "put", address, "rules", f.name)
            finally:
                os.unlink(f.name)
            c.cli("sieve", "activate", address, "rules")
        return address

    def send(self, c, sender, recipients, data):
        """Straight to C's MX, as another server would."""
        with smtplib.SMTP("127.0.0.1", c.port["smtp"], timeout=30) as s:
            s.sendmail(sender, recipients, data)

    def submit(self, sender, recipients, data):
        """From ALICE's own server, whose queue takes it here."""
        with smtplib.SMTP("127.0.0.1", self.remote.port["submission"], timeout=30) as s:
            s.login(sender, PASSWORD)
            s.sendmail(sender, recipients, data)

    def mailbox(self, c, address, name="INBOX"):
        return [bytes(r[0]) for r in StoreView(c.db_path()).query(
            "SELECT c.data FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id "
            "JOIN accounts a ON a.id = b.account_id JOIN contents c ON c.id = m.content_id "
            "WHERE a.address = ? AND b.name = ? ORDER BY m.uid", address, name)]

    def wait_mailbox(self, c, address, count, name="INBOX"):
        harness.wait_until(lambda: len(self.mailbox(c, address, name)) >= count, timeout=TIMEOUT,
                           what=f"{count} message(s) in {address}'s {name}")
        return self.mailbox(c, address, name)

    def queue(self, c):
        return StoreView(c.db_path()).queue()

    def wait_queue_empty(self, c):
        harness.wait_until(lambda: not self.queue(c), timeout=TIMEOUT, what=f"an empty queue on {c.hostname}")

    def replies_to(self, subject_part):
        return [m for m in self.mailbox(self.remote, ALICE) if b"Auto-Submitted: auto-replied" in m
                and subject_part in m]

    # -- vacation -----------------------------------------------------------------------
    def test_vacation_reply_once_within_days_never_to_a_list_or_a_bounce(self):
        bob = self.account(self.here, "bob@example.test",
                           'require "vacation";\nvacation :days 3 :subject "Away" "Back on Monday.";\n')
        self.submit(ALICE, [bob], message(ALICE, bob, "first"))
        self.wait_mailbox(self.here, bob, 1)
        harness.wait_until(lambda: self.replies_to(b"Subject: Away"), timeout=TIMEOUT, what="the vacation reply")
        reply = self.replies_to(b"Subject: Away")[0]
        self.assertIn(b"Return-Path: <>\r\n", reply)                     # the null sender
        self.assertIn(b"From: <bob@example.test>\r\n", reply)
        self.assertIn(b"In-Reply-To: <first@test>\r\n", reply)
        self.assertIn(b"Back on Monday.", reply)

        self.submit(ALICE, [bob], message(ALICE, bob, "second"))       # within :days: no reply
        self.send(self.here, "news@remote.test", [bob],                # a list post
                  message("news@remote.test", bob, "list post", "List-Id: <news.remote.test>\r\n"))
        self.send(self.here, "", [bob], message("MAILER-DAEMON@remote.test", bob, "a bounce"))
        self.wait_mailbox(self.here, bob, 4)
        self.assertEqual(self.queue(self.here), [])  # a reply would be queued with the delivery
        self.wait_queue_empty(self.remote)
        self.assertEqual(len(self.replies_to(b"Subject: Away")), 1)

    # -- redirect -------------------------------------------------------------------------
    def test_redirect_copy_arrives_with_an_srs_sender_and_its_bounce_comes_back(self):
        erin = self.account(self.remote, "erin@remote.test")
        dave = self.account(self.here, "dave@example.test", 'require "copy";\nredirect :copy "erin@remote.test";\n')
        self.send(self.here, ALICE, [dave], message(ALICE, dave, "forward me"))
        self.assertEqual(len(self.wait_mailbox(self.here, dave, 1)), 1)  # :copy kept it
        forwarded = self.wait_mailbox(self.remote, erin, 1)[0]
        self.assertRegex(forwarded, rb"Return-Path: <SRS0=[^=]{4}=[A-Z2-7]{2}=remote\.test=alice@example\.test>\r\n")
        self.assertIn(b"Delivered-To: dave@example.test\r\n", forwarded)
        self.assertIn(b"Subject: forward me\r\n", forwarded)

        # The other server refuses the target: the bounce goes to the SRS address and on
        # to alice.
        frank = self.account(self.here, "frank@example.test", 'redirect "nobody@remote.test";\n')
        self.send(self.here, ALICE, [frank], message(ALICE, frank, "nowhere to go"))
        harness.wait_until(lambda: [m for m in self.mailbox(self.remote, ALICE)
                                    if b"multipart/report" in m and b"nowhere to go" in m],
                           timeout=TIMEOUT, what="the bounce of the redirect at alice")
        self.assertEqual(self.mailbox(self.here, frank), [])

    def test_forged_or_unknown_srs_address_is_refused_at_rcpt(self):
        with smtplib.SMTP("127.0.0.1", self.here.port["smtp"], timeout=30) as s:
            s.mail("")
            code, text = s.rcpt("<SRS0=abcd=AA=remote.test=alice@example.test>")
            self.assertEqual(code, 550)
            self.assertIn(b"5.1.1", text)

    def test_two_accounts_redirecting_to_each_other_stop_after_one_round(self):
        ivan = self.account(self.here, "ivan@example.test", 'redirect "judy@remote.test";\n')
        judy = self.account(self.remote, "judy@remote.test", 'redirect "ivan@example.test";\n')
        self.send(self.here, ALICE, [ivan], message(ALICE, ivan, "round and round"))
        back = self.wait_mailbox(self.here, ivan, 1)[0]  # kept: it has been through ivan
        self.assertIn(b"Delivered-To: judy@remote.test\r\n", back)
        self.assertIn(b"Delivered-To: ivan@example.test\r\n", back)
        self.assertIn(b"Return-Path: <SRS1=", back)   # forwarded twice
        self.wait_queue_empty(self.here)
        self.wait_queue_empty(self.remote)
        self.assertEqual(len(self.mailbox(self.here, ivan)), 1)
        self.assertEqual(self.mailbox(self.remote, judy), [])

    # -- fileinto and reject ------------------------------------------------------------------
    def test_fileinto_create(self):
        grace = self.account(self.here, "grace@example.test",
                             'require ["fileinto", "mailbox", "imap4flags"];\n'
                             'fileinto :create :flags "\\\\Flagged" "Projects/Carteiro";\n')
        self.send(self.here, ALICE, [grace], message(ALICE, grace, "filed"))
        filed = self.wait_mailbox(self.here, grace, 1, "Projects/Carteiro")
        self.assertIn(b"Subject: filed\r\n", filed[0])
        self.assertEqual(self.mailbox(self.here, grace), [])
        flags = StoreView(self.here.db_path()).query(
            "SELECT m.flags FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id WHERE b.name = 'Projects/Carteiro'")
        self.assertEqual(flags, [(4,)])  # \Flagged

    def test_reject_by_every_recipient_is_550_at_the_end_of_data(self):
        henry = self.account(self.here, "henry@example.test", 'require "reject";\nreject "Not here, sorry.";\n')
        before = StoreView(self.here.db_path()).contents()
        with self.assertRaises(smtplib.SMTPDataError) as refused:
            self.send(self.here, ALICE, [henry], message(ALICE, henry, "rejected"))
        self.assertEqual(refused.exception.smtp_code, 550)
        self.assertEqual(refused.exception.smtp_error, b"5.7.1 Not here, sorry.")
        self.assertEqual(StoreView(self.here.db_path()).contents(), before)

    def test_reject_by_some_recipients_stores_for_the_others_and_reports_to_the_sender(self):
        ken = self.account(self.here, "ken@example.test", 'require "reject";\nreject "Ken is gone.";\n')
        lea = self.account(self.here, "lea@example.test")
        self.send(self.here, ALICE, [ken, lea], message(ALICE, lea, "half rejected"))
        self.assertEqual(len(self.wait_mailbox(self.here, lea, 1)), 1)
        self.assertEqual(self.mailbox(self.here, ken), [])
        harness.wait_until(lambda: [m for m in self.mailbox(self.remote, ALICE)
                                    if b"Ken is gone." in m and b"half rejected" in m],
                           timeout=TIMEOUT, what="the rejection notice at alice")


if __name__ == "__main__":
    unittest.main()
