"""POP3 RETR and TOP of a multi-megabyte message, read off the raw connection: the server
sends it piece by piece, and the response must be exactly the stored message,
byte-stuffed (RFC 1939 section 3), with nothing lost or doubled at the piece boundaries."""
import os
import smtplib
import socket
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from test_spool import large_message  # noqa: E402

ADDRESS = "bob@example.test"
PASSWORD = "secret"
SIZE = 5 * 1024 * 1024  # well past one piece (256 KiB)


def stuffed(message):
    """MESSAGE (CRLF lines) as a POP3 multi-line response body, terminator included."""
    lines = message.split(b"\r\n")[:-1]
    return b"".join((b"." + line if line.startswith(b".") else line) + b"\r\n" for line in lines) + b".\r\n"


class RawPop3:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.buffer = b""
        self.line()  # greeting

    def line(self):
        while b"\r\n" not in self.buffer:
            self.fill()
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line

    def fill(self):
        data = self.sock.recv(1 << 16)
        if not data:
            raise AssertionError("connection closed")
        self.buffer += data

    def command(self, text):
        self.sock.sendall(text.encode() + b"\r\n")
        return self.line()

    def multiline(self):
        """The body of a multi-line response up to and including its terminator."""
        while not (self.buffer.startswith(b".\r\n") or b"\r\n.\r\n" in self.buffer):
            self.fill()
        end = 3 if self.buffer.startswith(b".\r\n") else self.buffer.index(b"\r\n.\r\n") + 5
        body, self.buffer = self.buffer[:end], self.buffer[end:]
        return body

    def close(self):
        self.sock.close()


class Pop3StreamTest(unittest.TestCase):
    def setUp(self):
        self.c = harness.Carteiro()
        self.c.start()
        self.c.add_account(ADDRESS, PASSWORD)
        self.sent = large_message("big one", SIZE)
        with smtplib.SMTP("127.0.0.1", self.c.port["smtp"], timeout=60) as s:
            s.sendmail("sender@remote.test", [ADDRESS], self.sent)
        self.pop = RawPop3(self.c.port["pop3"])
        self.assertTrue(self.pop.command(f"USER {ADDRESS}").startswith(b"+OK"))
        self.assertTrue(self.pop.command(f"PASS {PASSWORD}").startswith(b"+OK"))

    def tearDown(self):
        self.pop.close()
        self.c.stop()
        self.c.__exit__(None, None, None)

    def stored(self):
        """The message as RETR sends it, unstuffed: the server's trace fields, then as sent."""
        reply = self.pop.command("RETR 1")
        self.assertTrue(reply.startswith(b"+OK"), reply)
        wire = self.pop.multiline()
        octets = int(reply.split()[1])
        return wire, octets

    def test_retr_is_the_message_stuffed(self):
        wire, octets = self.stored()
        trace_end = wire.index(b"Subject: big one\r\n")
        stored = wire[:trace_end] + self.sent
        self.assertEqual(wire, stuffed(stored))
        self.assertEqual(octets, len(stored))  # "+OK n octets" as LIST says, before stuffing
        self.assertEqual(self.pop.command("LIST 1"), b"+OK 1 " + str(octets).encode())
        # The session goes on: a second RETR gives the same bytes.
        again, _ = self.stored()
        self.assertEqual(again, wire)
        self.assertTrue(self.pop.command("QUIT").startswith(b"+OK"))

    def test_top_stops_after_the_lines_asked(self):
        wire, _ = self.stored()
        stored_lines = wire[:-3].split(b"\r\n")[:-1]
        header_end = stored_lines.index(b"")
        for lines in (0, 1, 7, 10000):
            reply = self.pop.command(f"TOP 1 {lines}")
            self.assertTrue(reply.startswith(b"+OK"), reply)
            top = self.pop.multiline()
            expected = b"".join(line + b"\r\n" for line in stored_lines[:header_end + 1 + lines]) + b".\r\n"
            self.assertEqual(top, expected, f"TOP 1 {lines}")
        self.assertTrue(self.pop.command("QUIT").startswith(b"+OK"))


if __name__ == "__main__":
    unittest.main()
