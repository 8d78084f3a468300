"""Message priorities (RFC 6710 MT-PRIORITY, and the X-Priority/Importance/Priority header
fields at submission): accepted on submission, kept with the queue entry, shown by
`carteiro queue list`, and the order in which a held-up next hop gets the messages once it
takes them. The next hop is a scripted SMTP server (the [relay]) that offers MT-PRIORITY,
answers 451 to every RCPT while held and records the MAIL lines it gets."""
import base64
import os
import smtplib
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from smtp_store import StoreView  # noqa: E402
from smtp_wire import SmtpWire  # noqa: E402
from test_queue import RefusingServer, free_port  # noqa: E402

SENDER = "alice@example.test"
PASSWORD = "secret"
REMOTE = "bob@remote.test"
TIMEOUT = 60  # sanitizer builds on a loaded machine


class NextHop(RefusingServer):
    """A minimal SMTP server on loopback offering MT-PRIORITY. While HELD, every RCPT gets
    a 451; then it takes every message and records its MAIL line and Subject."""

    def __init__(self):
        self.port = free_port()
        self.held = True
        self.delivered = []  # (MAIL line, Subject) in the order the messages came
        self.lock = threading.Lock()
        super().__init__("127.0.0.1", self.port)

    def _session(self, conn):
        mail = None
        with conn, conn.makefile("rb") as lines:
            conn.sendall(b"220 next.test ESMTP\r\n")
            for raw in lines:
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                verb = line[:4].upper()
                if verb == "EHLO":
                    reply = "250-next.test\r\n250-MT-PRIORITY MIXER\r\n250 8BITMIME"
                elif verb == "MAIL":
                    mail = line
                    reply = "250 2.1.0 Ok"
                elif verb == "RCPT":
                    reply = "451 4.3.0 held up, try later" if self.held else "250 2.1.5 Ok"
                elif verb == "DATA":
                    conn.sendall(b"354 go ahead\r\n")
                    subject = ""
                    for body in lines:
                        if body == b".\r\n":
                            break
                        if body.startswith(b"Subject: ") and not subject:
                            subject = body[9:].decode().strip()
                    with self.lock:
                        self.delivered.append((mail, subject))
                    reply = "250 2.0.0 Ok"
                elif verb == "QUIT":
                    conn.sendall(b"221 2.0.0 Bye\r\n")
                    return
                else:
                    reply = "250 Ok"
                conn.sendall(reply.encode() + b"\r\n")


def message(subject, extra=""):
    return (f"From: <{SENDER}>\r\nTo: <{REMOTE}>\r\nSubject: {subject}\r\n{extra}"
            f"Message-ID: <{subject.replace(' ', '.')}@example.test>\r\n\r\nbody\r\n")


class PriorityTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.hop = NextHop()
        toml = (f'[relay]\nhost = "127.0.0.1"\nport = {cls.hop.port}\nstarttls = false\n'
                f"[queue]\nretry_interval = 3600\nmax_per_host = 1\n")
        cls.c = harness.Carteiro(extra_toml=toml)
        cls.c.start()
        try:
            cls.c.add_account(SENDER, PASSWORD)
        except BaseException:
            cls.c.__exit__(None, None, None)
            raise
        cls.store = StoreView(cls.c.db_path())

    @classmethod
    def tearDownClass(cls):
        cls.c.__exit__(None, None, None)
        cls.hop.close()

    def test_1_held_up_next_hop_gets_the_highest_priority_first(self):
        with smtplib.SMTP("127.0.0.1", self.c.port["submission"], timeout=30) as s:
            s.ehlo("client.test")
            self.assertEqual(s.esmtp_features.get("mt-priority"), "MIXER")
            s.login(SENDER, PASSWORD)
            s.sendmail(SENDER, [REMOTE], message("low by header", "X-Priority: 5 (Lowest)\r\n"))
            s.sendmail(SENDER, [REMOTE], message("normal"))
            s.sendmail(SENDER, [REMOTE], message("high by parameter"), mail_options=["MT-PRIORITY=4"])
            s.sendmail(SENDER, [REMOTE], message("urgent by header", "Importance: high\r\n"))
        harness.wait_until(lambda: self.c.output().count(f"<{REMOTE}>: pending") >= 4, timeout=TIMEOUT,
                           what="every message tried once and held")
        listing = self.c.cli("queue", "list").stdout
        self.assertEqual(listing.count(", priority 4\n"), 2, listing)
        self.assertEqual(listing.count(", priority -4\n"), 1, listing)
        self.assertEqual(len(listing.strip().splitlines()), 4, listing)

        with self.hop.lock:
            self.hop.delivered.clear()
        self.hop.held = False
        self.c.cli("queue", "flush")
        harness.wait_until(lambda: len(self.hop.delivered) >= 4, timeout=TIMEOUT, what="four messages at the next hop")
        subjects = [s for _, s in self.hop.delivered]
        self.assertEqual(subjects, ["high by parameter", "urgent by header", "normal", "low by header"])
        mails = [m for m, _ in self.hop.delivered]
        self.assertTrue(mails[0].endswith(" MT-PRIORITY=4"), mails)
        self.assertTrue(mails[1].endswith(" MT-PRIORITY=4"), mails)
        self.assertNotIn("MT-PRIORITY", mails[2])
        self.assertTrue(mails[3].endswith(" MT-PRIORITY=-4"), mails)

    def test_2_malformed_priorities_are_refused(self):
        w = SmtpWire(self.c.port["submission"])
        self.assertEqual(w.code(), 220)
        w.cmd("EHLO client.test")
        plain = base64.b64encode(f"\0{SENDER}\0{PASSWORD}".encode()).decode()
        self.assertEqual(w.cmd(f"AUTH PLAIN {plain}"), 235)
        for bad in ("MT-PRIORITY=10", "MT-PRIORITY=-10", "MT-PRIORITY=high", "MT-PRIORITY", "MT-PRIORITY=00",
                    "MT-PRIORITY=1 MT-PRIORITY=2"):
            code, text = w.ask(f"MAIL FROM:<{SENDER}> {bad}")
            self.assertEqual(code, 501, bad)
            self.assertTrue(text[0].startswith("5.5.4"), text)
        w.close()

    def test_3_an_unauthenticated_client_cannot_raise_a_priority(self):
        self.hop.held = True  # the message stays queued to be looked at
        self.c.cli("alias", "add", "away@example.test", "far@remote.test")
        w = SmtpWire(self.c.port["smtp"])
        self.assertEqual(w.code(), 220)
        w.cmd("EHLO client.test")
        self.assertEqual(w.cmd("MAIL FROM:<x@else.test> MT-PRIORITY=6"), 250)
        self.assertEqual(w.cmd("RCPT TO:<away@example.test>"), 250)
        self.assertEqual(w.cmd("DATA"), 354)
        self.assertEqual(w.cmd("Subject: raised\r\nImportance: high\r\n\r\nx\r\n."), 250)
        w.close()
        rows = self.store.query("SELECT q.priority FROM queue q JOIN queue_recipients r ON r.queue_id = q.id "
                                "WHERE r.address = 'far@remote.test'")
        self.assertEqual(rows, [(0,)])


if __name__ == "__main__":
    unittest.main()
