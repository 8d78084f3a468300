"""Slow clients (slowloris): a byte every 0.3 s restarts the idle timeout, but not the
absolute deadlines, [limits] line_deadline (a line must be complete that long after its
first byte) and login_deadline (connect to successful login). Set small here; each
session says goodbye its protocol's way."""
import socket
import time
import unittest

import harness

LINE_DEADLINE = 2
LOGIN_DEADLINE = 3
TRICKLE = 0.3
GIVE_UP = 12  # seconds: far beyond both deadlines (before the change, never disconnected)


read_line = harness.read_line


def trickle(s, data):
    """Sends DATA a byte at a time every TRICKLE seconds (starting over when it is all
    sent) until the server answers or closes; returns (what it said, seconds taken)."""
    start = time.monotonic()
    s.settimeout(TRICKLE)
    i = 0
    received = b""
    while time.monotonic() - start < GIVE_UP:
        try:
            s.sendall(data[i % len(data):i % len(data) + 1])
        except OSError:
            break
        i += 1
        try:
            chunk = s.recv(1000)
        except socket.timeout:
            continue
        except OSError:
            break
        if not chunk:
            break
        received += chunk
        if received.endswith(b"\n"):
            break
    return received.decode("latin-1"), time.monotonic() - start


class SlowClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = harness.Carteiro(extra_toml=f"[limits]\nline_deadline = {LINE_DEADLINE}\n"
                                            f"login_deadline = {LOGIN_DEADLINE}\n")
        cls.c.start()
        cls.c.add_account("bob@example.test", "secret")

    @classmethod
    def tearDownClass(cls):
        cls.c.__exit__(None, None, None)

    def connect(self, name):
        s = socket.create_connection(("127.0.0.1", self.c.port[name]), timeout=10)
        self.addCleanup(s.close)
        return s

    def assert_line_deadline(self, name, greeting, partial_line, goodbye):
        s = self.connect(name)
        self.assertTrue(read_line(s).startswith(greeting))
        start = self.c.line_count()
        said, took = trickle(s, partial_line)
        self.assertTrue(said.startswith(goodbye), said)
        self.assertGreaterEqual(took, LINE_DEADLINE - 0.5)
        self.c.wait_for_output("line deadline passed", start=start)

    def test_smtp_line_deadline(self):
        self.assert_line_deadline("smtp", "220", b"EHLO slowly.example", "421 4.4.2 mail.example.test Too slow")

    def test_imap_line_deadline(self):
        self.assert_line_deadline("imap", "* OK", b"a1 NOOP", "* BYE Too slow")

    def test_pop3_line_deadline(self):
        self.assert_line_deadline("pop3", "+OK", b"CAPA", "-ERR Too slow")

    def test_imap_login_deadline_with_complete_lines(self):
        # Whole commands, each well within the line deadline: only the login deadline ends it.
        s = self.connect("imap")
        read_line(s)
        start = self.c.line_count()
        begun = time.monotonic()
        said = ""
        n = 0
        while time.monotonic() - begun < GIVE_UP:
            n += 1
            s.sendall(f"a{n} NOOP\r\n".encode())
            said = read_line(s)
            if not said.startswith(f"a{n} OK"):
                break
            time.sleep(TRICKLE)
        self.assertTrue(said.startswith("* BYE Too slow"), said)
        self.assertGreaterEqual(time.monotonic() - begun, LOGIN_DEADLINE - 0.5)
        self.c.wait_for_output("login deadline passed", start=start)

    def test_no_login_deadline_after_login(self):
        s = self.connect("imap")
        read_line(s)
        s.sendall(b"a0 LOGIN bob@example.test secret\r\n")
        self.assertTrue(read_line(s).startswith("a0 OK"))
        begun = time.monotonic()
        n = 0
        while time.monotonic() - begun < LOGIN_DEADLINE + 1:
            n += 1
            s.sendall(f"a{n} NOOP\r\n".encode())
            self.assertTrue(read_line(s).startswith(f"a{n} OK"))
            time.sleep(TRICKLE)


if __name__ == "__main__":
    unittest.main()
