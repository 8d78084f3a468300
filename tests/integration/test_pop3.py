"""POP3 against a running carteirod: Python's poplib (USER/PASS, APOP, STLS, POP3S, AUTH,
TOP, UIDL), curl's pop3:// and pop3s://, RFC 1939 DELE/RSET/QUIT semantics, the maildrop
lock, dropped connections, byte-stuffing, and bad input. Messages arrive by SMTP."""
import base64
import imaplib
import os
import poplib
import smtplib
import socket
import sqlite3
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

ADDRESS = "bob@example.test"
PASSWORD = "secret"


def deliver(c, address, message):
    """Delivers MESSAGE (str with CRLF line ends, headers and body) to ADDRESS by SMTP."""
    with smtplib.SMTP("127.0.0.1", c.port["smtp"], timeout=30) as s:
        s.sendmail("sender@remote.test", [address], message.encode("utf-8"))


def inbox_count(c, address):
    """Messages in ADDRESS's INBOX, read from the store's file as another process would."""
    db = sqlite3.connect(f"file:{c.db_path()}?mode=ro", uri=True, timeout=30)
    try:
        return db.execute("SELECT COUNT(*) FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id "
                          "JOIN accounts a ON a.id = b.account_id WHERE a.address = ? AND b.name = 'INBOX'",
                          (address,)).fetchone()[0]
    finally:
        db.close()


def message(subject, body="Hello.\r\n"):
    return f"From: sender@remote.test\r\nTo: {ADDRESS}\r\nSubject: {subject}\r\n\r\n{body}"


def login(c, user=ADDRESS, password=PASSWORD, attempts=100):
    """A logged-in poplib client; waits while a session that just ended still holds the lock."""
    for _ in range(attempts):
        p = poplib.POP3("127.0.0.1", c.port["pop3"], timeout=30)
        p.user(user)
        try:
            p.pass_(password)
            return p
        except poplib.error_proto as e:
            p.close()
            if b"[IN-USE]" not in e.args[0]:
                raise
            time.sleep(0.05)
    raise AssertionError("the maildrop stayed locked")


class Raw:
    """A telnet-like client: send lines, read reply lines."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.file = self.sock.makefile("rb")
        self.greeting = self.line()

    def line(self):
        data = self.file.readline()
        if not data:
            return None
        return data.rstrip(b"\r\n").decode("utf-8", "replace")

    def send(self, data):
        self.sock.sendall(data if isinstance(data, bytes) else data.encode() + b"\r\n")

    def command(self, data):
        self.send(data)
        return self.line()

    def body(self):
        lines = []
        while True:
            line = self.line()
            if line is None or line == ".":
                return lines
            lines.append(line[1:] if line.startswith(".") else line)

    def close(self):
        self.file.close()
        self.sock.close()


class Pop3Test(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = harness.Carteiro().start()

    @classmethod
    def tearDownClass(cls):
        cls.c.__exit__(None, None, None)

    def setUp(self):
        # A fresh account per test: tests do not see each other's messages or locks.
        self.address = f"user{self._testMethodName[5:][:20].replace('_', '')}@example.test".lower()
        self.c.add_account(self.address, PASSWORD)

    def login(self, **kwargs):
        return login(self.c, user=self.address, **kwargs)

    def deliver(self, subject, body="Hello.\r\n"):
        deliver(self.c, self.address, message(subject, body))

    def test_user_pass_stat_list_retr_uidl_top(self):
        for i in range(3):
            self.deliver(f"message {i + 1}", "".join(f"line {n}\r\n" for n in range(10)))
        p = self.login()
        count, octets = p.stat()
        self.assertEqual(count, 3)
        _, listing, _ = p.list()
        sizes = [int(entry.split()[1]) for entry in listing]
        self.assertEqual(sum(sizes), octets)
        for number, size in enumerate(sizes, 1):
            _, lines, received = p.retr(number)
            # poplib counts the octets of the lines plus CRLF, without stuffing: the size
            # LIST announced is what arrives.
            self.assertEqual(received, size)
            self.assertIn(f"Subject: message {number}".encode(), lines)
        _, top, _ = p.top(2, 3)
        blank = top.index(b"")
        self.assertEqual(top[blank + 1:], [b"line 0", b"line 1", b"line 2"])
        _, top0, _ = p.top(2, 0)
        self.assertEqual(top0[-1], b"")
        _, uidls, _ = p.uidl()
        self.assertEqual(len(uidls), 3)
        self.assertEqual(len({u.split()[1] for u in uidls}), 3)
        self.assertEqual(p.uidl(2).split()[2], uidls[1].split()[1])
        p.quit()
        # Stable across sessions.
        p = self.login()
        self.assertEqual(p.uidl()[1], uidls)
        p.quit()

    def test_bare_local_part_and_case_insensitive_commands(self):
        self.deliver("hi")
        raw = Raw(self.c.port["pop3"])
        self.assertTrue(raw.greeting.startswith("+OK"))
        self.assertTrue(raw.command("user " + self.address.split("@")[0]).startswith("+OK"))
        self.assertTrue(raw.command("pass " + PASSWORD).startswith("+OK"))
        self.assertTrue(raw.command("stat").startswith("+OK 1 "))
        self.assertTrue(raw.command("quit").startswith("+OK"))
        raw.close()

    def test_dele_rset_quit(self):
        for i in range(3):
            self.deliver(f"message {i + 1}")
        p = self.login()
        p.dele(1)
        with self.assertRaises(poplib.error_proto):
            p.retr(1)
        with self.assertRaises(poplib.error_proto):
            p.dele(1)
        self.assertEqual(p.stat()[0], 2)
        self.assertEqual(len(p.list()[1]), 2)
        self.assertEqual(len(p.uidl()[1]), 2)
        p.rset()
        self.assertEqual(p.stat()[0], 3)
        p.dele(2)
        p.dele(3)
        self.assertIn(b"Subject: message 1", p.retr(1)[1])  # numbers do not move
        self.assertEqual(inbox_count(self.c, self.address), 3)  # nothing removed before QUIT
        reply = p.quit()
        self.assertTrue(reply.startswith(b"+OK"))
        p = self.login()
        self.assertEqual(p.stat()[0], 1)
        self.assertIn(b"Subject: message 1", p.retr(1)[1])
        p.quit()

    def test_dropped_connection_deletes_nothing(self):
        self.deliver("keep me")
        self.deliver("keep me too")
        p = self.login()
        p.dele(1)
        p.dele(2)
        p.close()  # the connection drops: no QUIT
        p = self.login()
        self.assertEqual(inbox_count(self.c, self.address), 2)
        self.assertEqual(p.stat()[0], 2)
        p.quit()

    def test_second_session_gets_in_use(self):
        self.deliver("locked")
        first = self.login()
        second = poplib.POP3("127.0.0.1", self.c.port["pop3"], timeout=30)
        second.user(self.address)
        with self.assertRaises(poplib.error_proto) as caught:
            second.pass_(PASSWORD)
        self.assertIn(b"-ERR [IN-USE]", caught.exception.args[0])
        first.quit()
        second.close()
        self.login().quit()

    def test_byte_stuffing_round_trip(self):
        body = ".\r\n..\r\n.leading dot\r\n...three\r\nplain\r\n. \r\n"
        self.deliver("dots", body)
        p = self.login()
        _, lines, octets = p.retr(1)
        blank = lines.index(b"")
        self.assertEqual(lines[blank + 1:], [b".", b"..", b".leading dot", b"...three", b"plain", b". "])
        self.assertEqual(octets, int(p.list(1).split()[2]))
        p.quit()

    def test_bad_input_gets_err_and_the_session_lives(self):
        self.deliver("one")
        raw = Raw(self.c.port["pop3"])
        self.assertTrue(raw.command("XYZZY").startswith("-ERR"))
        self.assertTrue(raw.command("user " + self.address).startswith("+OK"))
        self.assertTrue(raw.command("pass " + PASSWORD).startswith("+OK"))
        for bad in ["XYZZY", "RETR 0", "RETR 99999", "RETR", "RETR x", "TOP 1", "LIST 0", "USER again",
                    "A" * 300, "B" * 5000]:
            self.assertTrue(raw.command(bad).startswith("-ERR"), bad)
        self.assertTrue(raw.command(b"\x00\xff\xfe\x80\x16\x03\x01 garbage\r\n").startswith("-ERR"))
        self.assertTrue(raw.command("DELE 1").startswith("+OK"))
        self.assertTrue(raw.command("RETR 1").startswith("-ERR"))  # deleted
        self.assertTrue(raw.command("NOOP").startswith("+OK"))
        self.assertTrue(raw.command("QUIT").startswith("+OK"))
        self.assertIsNone(raw.line())
        raw.close()

    def test_apop(self):
        self.c.cli("account", "set-apop", self.address, input="tanstaaf\n")
        self.deliver("apop")
        p = poplib.POP3("127.0.0.1", self.c.port["pop3"], timeout=30)
        self.assertRegex(p.getwelcome(), rb"<[^>]+@[^>]+>")
        with self.assertRaises(poplib.error_proto):
            p.apop(self.address, "wrong")
        p.apop(self.address, "tanstaaf")
        self.assertEqual(p.stat()[0], 1)
        p.quit()

    def test_auth_plain_and_login(self):
        self.deliver("auth")
        plain = base64.b64encode(f"\0{self.address}\0{PASSWORD}".encode()).decode()
        p = poplib.POP3("127.0.0.1", self.c.port["pop3"], timeout=30)
        self.assertEqual(p.capa()["SASL"], ["PLAIN", "LOGIN"])
        self.assertTrue(p._shortcmd("AUTH PLAIN " + plain).startswith(b"+OK"))
        self.assertEqual(p.stat()[0], 1)
        p.quit()
        raw = Raw(self.c.port["pop3"])
        self.assertEqual(raw.command("AUTH LOGIN"), "+ VXNlcm5hbWU6")
        self.assertEqual(raw.command(base64.b64encode(self.address.encode()).decode()), "+ UGFzc3dvcmQ6")
        reply = raw.command(base64.b64encode(PASSWORD.encode()).decode())
        self.assertTrue(reply.startswith("+OK") or reply.startswith("-ERR [IN-USE]"), reply)
        raw.command("QUIT")
        raw.close()

    def test_stls(self):
        self.deliver("tls")
        p = poplib.POP3("127.0.0.1", self.c.port["pop3"], timeout=30)
        self.assertIn("STLS", p.capa())
        p.stls(context=self.c.tls_context())
        self.assertNotIn("STLS", p.capa())  # RFC 2595 section 4: not offered again
        p.user(self.address)
        p.pass_(PASSWORD)
        self.assertEqual(p.stat()[0], 1)
        with self.assertRaises(poplib.error_proto):
            p._shortcmd("STLS")
        p.quit()

    def test_pop3s(self):
        self.deliver("implicit tls")
        p = poplib.POP3_SSL("127.0.0.1", self.c.port["pop3_tls"], context=self.c.tls_context(), timeout=30)
        self.assertNotIn("STLS", p.capa())
        p.user(self.address)
        p.pass_(PASSWORD)
        self.assertIn(b"Subject: implicit tls", p.retr(1)[1])
        p.quit()

    def test_imap_session_is_not_blocked_and_sees_the_deletions(self):
        self.deliver("first")
        self.deliver("second")
        imap = imaplib.IMAP4("127.0.0.1", self.c.port["imap"], timeout=30)
        imap.login(self.address, PASSWORD)
        self.assertEqual(imap.select("INBOX")[1], [b"2"])
        p = self.login()  # the IMAP session does not lock the maildrop
        p.dele(1)
        p.quit()
        imap.noop()
        self.assertEqual(imap.response("EXPUNGE")[1], [b"1"])
        self.assertEqual(imap.search(None, "ALL")[1], [b"1"])
        imap.logout()

    def test_curl_pop3_and_pop3s(self):
        self.deliver("for curl", "curl body line\r\n")
        user = f"{self.address}:{PASSWORD}"
        listing = subprocess.run(["curl", "-sS", "--max-time", "30", "-u", user,
                                  f"pop3://127.0.0.1:{self.c.port['pop3']}/"],
                                 capture_output=True, text=True, check=True).stdout
        self.assertRegex(listing, r"^1 \d+\r?\n")
        retrieved = subprocess.run(["curl", "-sS", "--max-time", "30", "-u", user,
                                    f"pop3://127.0.0.1:{self.c.port['pop3']}/1"],
                                   capture_output=True, text=True, check=True).stdout
        self.assertIn("Subject: for curl", retrieved)
        self.assertIn("curl body line", retrieved)
        # STLS required on the plain port, then implicit TLS on the POP3S port.
        for url, extra in ((f"pop3://127.0.0.1:{self.c.port['pop3']}/1", ["--ssl-reqd"]),
                           (f"pop3s://127.0.0.1:{self.c.port['pop3_tls']}/1", [])):
            out = subprocess.run(["curl", "-sS", "--max-time", "30", "--insecure", *extra, "-u", user, url],
                                 capture_output=True, text=True)
            self.assertEqual(out.returncode, 0, out.stderr)
            self.assertIn("Subject: for curl", out.stdout)
        # curl's DELE: a custom request on message 1, then QUIT.
        subprocess.run(["curl", "-sS", "--max-time", "30", "-u", user, "-X", "DELE", "-I",
                        f"pop3://127.0.0.1:{self.c.port['pop3']}/1"], capture_output=True, check=True)
        p = self.login()
        self.assertEqual(p.stat()[0], 0)
        p.quit()


class Pop3ShutdownTest(unittest.TestCase):
    def test_shutdown_says_err_and_deletes_nothing(self):
        c = harness.Carteiro().start()
        try:
            c.add_account(ADDRESS, PASSWORD)
            deliver(c, ADDRESS, message("survives shutdown"))
            p = login(c)
            p.dele(1)
            self.assertEqual(c.stop(), 0)
            self.assertTrue(p.file.readline().startswith(b"-ERR [SYS/TEMP]"))
            self.assertEqual(p.file.readline(), b"")  # then the connection closes
            p.close()
            self.assertEqual(inbox_count(c, ADDRESS), 1)
        finally:
            c.__exit__(None, None, None)


if __name__ == "__main__":
    unittest.main()
