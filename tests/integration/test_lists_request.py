"""Mailing lists, finished: a post that comes back to its list is not sent to the members
again, and the list's robot at LIST-request (the address List-Unsubscribe names) takes
subscribe and unsubscribe by mail, each confirmed by a reply carrying a token."""
import re
import smtplib
import unittest

import harness
from smtp_store import SmtpServerTest

LIST = "team@example.test"
REQUEST = "team-request@example.test"


class ListRequestTest(SmtpServerTest):
    ACCOUNTS = {"bob@example.test": "secret", "carol@example.test": "secret", "dan@example.test": "secret",
                "erin@example.test": "secret"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.c.cli("list", "create", LIST)
        for member in ("bob@example.test", "dan@example.test"):
            cls.c.cli("list", "add", LIST, member)

    def send(self, sender, rcpts, text):
        with smtplib.SMTP("127.0.0.1", self.c.port["smtp"]) as s:
            s.sendmail(sender, rcpts, text.encode())

    def with_subject(self, address, subject):
        return [m for m in self.store.inbox(address) if f"Subject: {subject}\r\n".encode() in m]

    def members(self):
        out = self.c.cli("list", "show", LIST).stdout
        return [line.strip() for line in out.splitlines()[1:]]

    def confirmation(self, address):
        """The token of the newest confirmation request in ADDRESS's INBOX."""
        tokens = [re.search(rb"\r\nSubject: confirm ([0-9a-f]+)\r\n", m) for m in self.store.inbox(address)]
        tokens = [t.group(1).decode() for t in tokens if t]
        self.assertTrue(tokens, f"no confirmation for {address}")
        return tokens[-1]

    def test_post_coming_back_is_not_exploded_again(self):
        self.send("bob@example.test", [LIST], "Subject: round trip\r\n\r\nhello\r\n")
        (post,) = self.with_subject("dan@example.test", "round trip")
        self.assertIn(b"List-Id: <team.example.test>\r\n", post)
        self.assertIn(b"X-Loop: team@example.test\r\n", post)
        self.assertIn(b"List-Help: <mailto:team-request@example.test?subject=help>\r\n", post)
        # A remote member's server forwards the post, as it arrived, back to the list.
        forwarded = post.split(b"\r\n", 1)[1].decode()  # without our Return-Path
        start = self.c.line_count()
        self.send("far@remote.test", [LIST], forwarded)
        self.c.wait_for_output("came back to the list team@example.test", timeout=30, start=start)
        self.assertEqual(len(self.with_subject("dan@example.test", "round trip")), 1)
        self.assertEqual(len(self.with_subject("bob@example.test", "round trip")), 1)
        # Carrying only the list's List-Id is enough.
        start = self.c.line_count()
        self.send("far@remote.test", [LIST], "List-Id: Team <team.example.test>\r\nSubject: only id\r\n\r\nx\r\n")
        self.c.wait_for_output("came back to the list team@example.test", timeout=30, start=start)
        self.assertEqual(self.with_subject("dan@example.test", "only id"), [])

    def test_request_address_is_a_local_recipient(self):
        with self.wire() as w:
            w.cmd("EHLO t")
            w.cmd("MAIL FROM:<x@remote.test>")
            self.assertEqual(w.ask(f"RCPT TO:<{REQUEST}>")[0], 250)
            self.assertEqual(w.ask("RCPT TO:<nolist-request@example.test>")[0], 550)

    def test_unsubscribe_by_mail_with_confirmation(self):
        self.c.cli("list", "add", LIST, "erin@example.test")
        self.send("erin@example.test", [REQUEST], "Subject: unsubscribe\r\nMessage-ID: <u1@example.test>\r\n\r\n")
        harness.wait_until(lambda: any(b"Subject: confirm " in m for m in self.store.inbox("erin@example.test")),
                           what="the confirmation request")
        self.assertIn("erin@example.test", self.members())  # not before the confirmation
        token = self.confirmation("erin@example.test")
        (request,) = [m for m in self.store.inbox("erin@example.test") if b"Subject: confirm " in m]
        self.assertIn(b"Auto-Submitted: auto-replied\r\n", request)
        self.assertIn(b"In-Reply-To: <u1@example.test>\r\n", request)
        self.assertIn(b"Return-Path: <team-bounces@example.test>\r\n", request)
        self.send("erin@example.test", [REQUEST], f"Subject: Re: confirm {token}\r\n\r\n> quoted\r\n")
        self.assertNotIn("erin@example.test", self.members())
        self.assertEqual(len(self.with_subject("erin@example.test", f"You have left {LIST}")), 1)

    def test_subscribe_to_an_open_list_with_confirmation(self):
        self.c.cli("list", "set", LIST, "--subscription", "open")
        try:
            self.assertIn("subscription open", self.c.cli("list", "show", LIST).stdout)
            self.send("carol@example.test", [REQUEST], "Subject: hello\r\n\r\nsubscribe\r\n")
            token = self.confirmation("carol@example.test")
            self.assertNotIn("carol@example.test", self.members())
            # A wrong token changes nothing and says so.
            self.send("carol@example.test", [REQUEST], "Subject: confirm 0123456789abcdef\r\n\r\n")
            self.assertNotIn("carol@example.test", self.members())
            self.assertEqual(len(self.with_subject("carol@example.test", f"Your request to {LIST}")), 1)
            self.send("carol@example.test", [REQUEST], f"Subject: Re: confirm {token}\r\n\r\n")
            self.assertIn("carol@example.test", self.members())
            self.assertEqual(len(self.with_subject("carol@example.test", f"Welcome to {LIST}")), 1)
        finally:
            self.c.cli("list", "set", LIST, "--subscription", "closed")

    def test_closed_list_refuses_subscription_with_a_note(self):
        before = len(self.store.inbox("bob@example.test"))
        self.send("far@remote.test", [REQUEST], "Subject: subscribe\r\n\r\n")
        notes = [q for q in self.store.queue() if q[1] == ["far@remote.test"]]
        self.assertEqual(len(notes), 1)
        self.assertEqual(notes[0][0], "team-bounces@example.test")
        self.assertIn(b"does not take subscriptions by mail", notes[0][2])
        self.assertNotIn("far@remote.test", self.members())
        self.assertEqual(len(self.store.inbox("bob@example.test")), before)

    def test_automatic_mail_is_not_answered(self):
        before = len(self.store.queue())
        self.send("", [REQUEST], "Subject: subscribe\r\n\r\n")
        self.send("robot@remote.test", [REQUEST], "Subject: subscribe\r\nAuto-Submitted: auto-replied\r\n\r\n")
        self.c.wait_for_output("not answered: Auto-Submitted mail", timeout=30)
        self.assertEqual(len(self.store.queue()), before)


if __name__ == "__main__":
    unittest.main()
