"""IMAP on the wire: what a client library would never send (bad input of every kind) and
what needs exact control of the conversation (literals, IDLE, several sessions on one
mailbox, timeouts, shutdown). Each exchange reads like the protocol."""
import os
import poplib
import re
import smtplib
import socket
import time
import unittest

import harness

MESSAGE = (b"From: alice@example.test\r\nTo: bob@example.test\r\nSubject: hi\r\n"
           b"Date: Tue, 15 Jan 2008 10:20:30 +0100\r\n\r\nHello.\r\n")


class Wire:
    """A raw IMAP connection: send lines, read responses (with their literals)."""

    def __init__(self, port, host="127.0.0.1", timeout=15):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.buffer = b""
        self.greeting = self.line()

    def start_tls(self, context):
        self.sock = context.wrap_socket(self.sock)
        self.buffer = b""

    def close(self):
        self.sock.close()

    def send(self, data):
        self.sock.sendall(data if isinstance(data, bytes) else data.encode())

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("connection closed")
        self.buffer += chunk

    def line(self):
        """One response line; a literal it announces is read and kept inline."""
        while b"\r\n" not in self.buffer:
            self._fill()
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        match = re.search(rb"\{(\d+)\}$", line)
        if match:
            n = int(match.group(1))
            while len(self.buffer) < n:
                self._fill()
            line += b"\r\n" + self.buffer[:n]
            self.buffer = self.buffer[n:]
            line += self.line()
        return line

    def command(self, tag, text):
        """Sends TAG TEXT and returns (untagged lines, tagged completion)."""
        self.send(f"{tag} {text}\r\n".encode() if isinstance(text, str) else tag.encode() + b" " + text + b"\r\n")
        return self.until(tag)

    def until(self, tag):
        untagged = []
        while True:
            line = self.line()
            if line.startswith(tag.encode() + b" "):
                return untagged, line
            untagged.append(line)

    def closed(self):
        """True when the server closed the connection (after whatever it still sends)."""
        try:
            while True:
                self.line()
        except (EOFError, ConnectionResetError):
            return True
        except socket.timeout:
            return False


class WireTest(harness.ServerTestCase):
    def account(self):
        return self.new_account("wire")

    def wire(self, login=None):
        w = Wire(self.server.port["imap"])
        self.addCleanup(w.close)
        if login:
            _, done = w.command("l", f"LOGIN {login} secret")
            self.assertTrue(done.startswith(b"l OK"), done)
        return w

    def append(self, address, count=1, message=MESSAGE):
        w = self.wire(address)
        for i in range(count):
            w.send(f"ap{i} APPEND INBOX {{{len(message)}+}}\r\n".encode() + message + b"\r\n")
            _, done = w.until(f"ap{i}")
            self.assertTrue(done.startswith(f"ap{i} OK".encode()), done)

    def assert_alive(self, w, tag="alive"):
        _, done = w.command(tag, "NOOP")
        self.assertEqual(done, f"{tag} OK NOOP completed".encode())

    def message_count(self, address):
        w = self.wire(address)
        untagged, _ = w.command("s", "STATUS INBOX (MESSAGES)")
        return int(re.search(rb"MESSAGES (\d+)", untagged[0]).group(1))


class BadInputTest(WireTest):
    def test_unbalanced_parentheses(self):
        w = self.wire(self.account())
        w.command("s", "SELECT INBOX")
        for text in ("FETCH 1 (FLAGS", "FETCH 1 FLAGS)", "SEARCH (SEEN", "STORE 1 FLAGS (\\Seen",
                     "LIST (SUBSCRIBED \"\" *", "STATUS INBOX (MESSAGES"):
            _, done = w.command("b", text)
            self.assertTrue(done.startswith(b"b BAD "), (text, done))
        self.assert_alive(w)

    def test_literal_larger_than_allowed(self):
        address = self.account()
        w = self.wire(address)
        _, done = w.command("a", "APPEND INBOX {999999999}")
        self.assertTrue(done.startswith(b"a NO [TOOBIG]"), done)
        _, done = w.command("b", "LOGIN {999999} x")
        self.assertTrue(done.startswith(b"b BAD"), done)  # not allowed now, nor that large
        self.assert_alive(w)
        self.assertEqual(self.message_count(address), 0)
        # A non-synchronizing one is already on its way: the server refuses it, says BYE
        # and closes (RFC 7888 section 4), rather than read it.
        w2 = self.wire(address)
        w2.send(b"a APPEND INBOX {999999999+}\r\n")
        self.assertTrue(w2.line().startswith(b"a NO [TOOBIG]"))
        self.assertIn(b"* BYE", w2.line())
        self.assertTrue(w2.closed())

    def test_literal_cut_short_by_disconnect(self):
        address = self.account()
        w = self.wire(address)
        w.send(b"a APPEND INBOX {100}\r\n")
        self.assertTrue(w.line().startswith(b"+ "))
        w.send(b"From: x@example.test\r\n\r\nonly part")
        w.close()
        w2 = self.wire(address)
        self.assert_alive(w2)
        self.assertEqual(self.message_count(address), 0)

    def test_invalid_sequence_sets(self):
        address = self.account()
        self.append(address, 2)
        w = self.wire(address)
        w.command("s", "SELECT INBOX")
        for text in ("FETCH 0 FLAGS", "FETCH 1:x FLAGS", "FETCH 3 FLAGS", "FETCH 1,,2 FLAGS", "FETCH -1 FLAGS",
                     "STORE 5 +FLAGS (\\Seen)", "COPY 1:9 Trash", "UID FETCH 0 FLAGS", "FETCH 4294967296 FLAGS"):
            _, done = w.command("b", text)
            self.assertTrue(done.startswith(b"b BAD "), (text, done))
        untagged, done = w.command("u", "UID FETCH 3:4 FLAGS")  # UIDs that do not exist: nothing, OK
        self.assertEqual((untagged, done[:4]), ([], b"u OK"))

    def test_commands_in_the_wrong_state_and_unknown_commands(self):
        address = self.account()
        w = self.wire()
        for text in ("SELECT INBOX", "FETCH 1 FLAGS", "LIST \"\" *", "APPEND INBOX {5}"):
            _, done = w.command("b", text)
            self.assertTrue(done.startswith(b"b BAD "), (text, done))
            self.assertIn(b"log in first", done)
        _, done = w.command("c", "FROBNICATE now")
        self.assertEqual(done, b"c BAD Unknown command FROBNICATE")
        w.command("l", f"LOGIN {address} secret")
        _, done = w.command("d", "EXPUNGE")
        self.assertIn(b"needs a selected mailbox", done)
        w.command("s", "SELECT INBOX")
        _, done = w.command("e", "ENABLE CONDSTORE")
        self.assertTrue(done.startswith(b"e BAD"), done)
        _, done = w.command("f", "UID NOOP")
        self.assertTrue(done.startswith(b"f BAD"), done)
        self.assert_alive(w)

    def test_binary_garbage_and_untagged_lines(self):
        w = self.wire(self.account())
        for junk in (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", b"\xff\xfe\xfd", b"* NOOP", b"+ x",
                     b"a\x00b NOOP", b"a LOGIN \x80\x81 x", b"a NOOP\rb NOOP"):
            w.send(junk + b"\r\n")
            response = w.line()
            self.assertIn(b"BAD", response, junk)
        self.assert_alive(w)

    def test_line_too_long(self):
        # Its end is never read, so whatever follows may be a literal it announced: the
        # session ends (test_imap_literals).
        w = self.wire(self.account())
        _, done = w.command("a", "NOOP " + "x" * 70000)
        self.assertEqual(done, b"a BAD Line too long")
        self.assertTrue(w.line().startswith(b"* BYE"))
        self.assertTrue(w.closed())

    def test_rejected_command_with_a_nonsynchronizing_literal_is_skipped(self):
        w = self.wire(self.account())
        w.send(b"a FROBNICATE {11+}\r\nb NOOP\r\nxx {3+}\r\nabc\r\n")
        _, done = w.until("a")
        self.assertTrue(done.startswith(b"a BAD"))
        self.assert_alive(w)  # "b NOOP" inside the literal was not run

    def test_human_typing(self):
        """Lower case, trailing blanks and empty lines, as at a telnet prompt."""
        address = self.account()
        w = self.wire()
        w.send(b"\r\n\r\n")
        _, done = w.command("a1", f"login {address} secret   ")
        self.assertEqual(done, b"a1 OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR ID ENABLE IDLE NAMESPACE UIDPLUS "
                               b"MOVE UNSELECT CHILDREN SPECIAL-USE LIST-EXTENDED CONDSTORE QRESYNC ESEARCH "
                               b"QUOTA QUOTA=RES-STORAGE QUOTA=RES-MESSAGE APPENDLIMIT=26214400] Logged in")
        untagged, done = w.command("a2", "select inbox")
        self.assertIn(b"* 0 EXISTS", untagged)
        self.assertTrue(done.startswith(b"a2 OK [READ-WRITE]"))

    def test_literals_synchronizing_and_not(self):
        address = self.account()
        w = self.wire()
        w.send(f"a LOGIN {{{len(address)}}}\r\n".encode())
        self.assertEqual(w.line(), b"+ Ready for literal data")
        w.send(address.encode() + b" {6+}\r\nsecret\r\n")
        _, done = w.until("a")
        self.assertTrue(done.startswith(b"a OK"), done)
        w.send(f"b APPEND INBOX (\\Seen) {{{len(MESSAGE)}+}}\r\n".encode() + MESSAGE + b"\r\n")
        _, done = w.until("b")
        self.assertRegex(done, rb"^b OK \[APPENDUID \d+ 1\]")
        untagged, _ = w.command("c", "EXAMINE INBOX")
        self.assertIn(b"* 1 EXISTS", untagged)
        untagged, _ = w.command("d", "FETCH 1 BODY.PEEK[]")
        self.assertEqual(untagged[0], b"* 1 FETCH (BODY[] {%d}\r\n" % len(MESSAGE) + MESSAGE + b")")

    def test_failed_logins_disconnect_after_three(self):
        address = self.account()
        w = self.wire()
        for tag in ("a", "b"):
            _, done = w.command(tag, f"LOGIN {address} wrong")
            self.assertEqual(done, f"{tag} NO [AUTHENTICATIONFAILED] Authentication failed".encode())
        w.send(b"c LOGIN nobody@example.test wrong\r\n")
        self.assertTrue(w.line().startswith(b"c NO [AUTHENTICATIONFAILED]"))
        self.assertEqual(w.line(), b"* BYE Too many failed logins")
        self.assertTrue(w.closed())


class SessionsTest(WireTest):
    def idle(self, w, tag="i"):
        w.send(f"{tag} IDLE\r\n".encode())
        while True:
            line = w.line()
            if line.startswith(b"+ "):
                return
            self.assertTrue(line.startswith(b"* "), line)

    def wait_for(self, w, pattern):
        deadline = time.monotonic() + 15
        seen = []
        while time.monotonic() < deadline:
            line = w.line()
            seen.append(line)
            if re.search(pattern, line):
                return seen
        self.fail(f"no {pattern!r} in {seen}")

    def test_idle_sees_append_flags_and_expunge_from_another_session(self):
        address = self.account()
        self.append(address, 1)
        a = self.wire(address)
        a.command("s", "SELECT INBOX")
        self.idle(a)
        b = self.wire(address)
        b.send(f"x APPEND INBOX {{{len(MESSAGE)}+}}\r\n".encode() + MESSAGE + b"\r\n")
        b.until("x")
        self.wait_for(a, rb"^\* 2 EXISTS$")
        b.command("s", "SELECT INBOX")
        b.command("f", "STORE 1 +FLAGS.SILENT (\\Flagged)")
        self.wait_for(a, rb"^\* 1 FETCH \(UID 1 FLAGS \(\\Flagged( \\Recent)?\)\)$")
        b.command("d", "STORE 2 +FLAGS.SILENT (\\Deleted)")
        b.command("e", "EXPUNGE")
        self.wait_for(a, rb"^\* 2 EXPUNGE$")
        a.send(b"DONE\r\n")
        _, done = a.until("i")
        self.assertEqual(done, b"i OK IDLE terminated")

    def test_idle_sees_mail_delivered_by_smtp(self):
        address = self.account()
        a = self.wire(address)
        a.command("s", "SELECT INBOX")
        self.idle(a)
        with smtplib.SMTP("127.0.0.1", self.server.port["smtp"], timeout=30) as smtp:
            smtp.sendmail("alice@example.test", [address], MESSAGE)
        self.wait_for(a, rb"^\* 1 EXISTS$")
        a.send(b"DONE\r\n")
        a.until("i")
        untagged, _ = a.command("f", "FETCH 1 (FLAGS ENVELOPE)")
        self.assertIn(b"\\Recent", untagged[0])
        self.assertIn(b'"hi"', untagged[0])

    def test_two_sessions_expunging_one_mailbox(self):
        address = self.account()
        self.append(address, 5)
        a = self.wire(address)
        b = self.wire(address)
        a.command("s", "SELECT INBOX")
        b.command("s", "SELECT INBOX")
        a.command("d", "STORE 1:3 +FLAGS.SILENT (\\Deleted)")
        untagged, done = a.command("e", "EXPUNGE")
        self.assertEqual(untagged, [b"* 3 EXPUNGE", b"* 2 EXPUNGE", b"* 1 EXPUNGE"])

        # B still numbers the five messages: FETCH must not send EXPUNGE (RFC 3501 7.4.1).
        untagged, done = b.command("f", "FETCH 1:5 (UID)")
        self.assertFalse([l for l in untagged if l.endswith(b"EXPUNGE")], untagged)
        self.assertEqual([l for l in untagged if b"FETCH" in l], [b"* 4 FETCH (UID 4)", b"* 5 FETCH (UID 5)"])
        self.assertTrue(done.startswith(b"f NO [EXPUNGEISSUED]"), done)
        untagged, done = b.command("s2", "SEARCH ALL")
        self.assertFalse([l for l in untagged if l.endswith(b"EXPUNGE")], untagged)
        self.assertIn(b"* SEARCH 4 5", untagged)
        # NOOP may report them: then the numbering shifts.
        untagged, _ = b.command("n", "NOOP")
        self.assertEqual(untagged, [b"* 3 EXPUNGE", b"* 2 EXPUNGE", b"* 1 EXPUNGE"])
        untagged, _ = b.command("f2", "FETCH 1:* (UID)")
        self.assertEqual(untagged, [b"* 1 FETCH (UID 4)", b"* 2 FETCH (UID 5)"])

        # Both expunge the same message: each reports it once, the mailbox stays consistent.
        a.command("d2", "STORE 1 +FLAGS.SILENT (\\Deleted)")
        ua, _ = a.command("e2", "EXPUNGE")
        ub, _ = b.command("e3", "EXPUNGE")
        self.assertEqual(ua, [b"* 1 EXPUNGE"])
        self.assertEqual(ub, [b"* 1 EXPUNGE"])
        self.assertEqual(self.message_count(address), 1)

    def test_new_keywords_are_announced_before_use(self):
        address = self.account()
        self.append(address, 1)
        a = self.wire(address)
        b = self.wire(address)
        a.command("s", "SELECT INBOX")
        b.command("s", "SELECT INBOX")
        untagged, done = a.command("k", "STORE 1 +FLAGS ($Project)")
        self.assertEqual(untagged[0], b"* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Project)")
        self.assertIn(b"PERMANENTFLAGS", untagged[1])
        self.assertIn(b"* 1 FETCH (FLAGS (", untagged[2])
        untagged, _ = b.command("n", "NOOP")
        self.assertTrue(untagged[0].startswith(b"* FLAGS (") and b"$Project" in untagged[0], untagged)
        self.assertIn(b"$Project", untagged[-1])

    def test_pop3_deletion_is_seen_by_imap(self):
        address = self.account()
        self.append(address, 2)
        a = self.wire(address)
        a.command("s", "SELECT INBOX")
        pop = poplib.POP3("127.0.0.1", self.server.port["pop3"], timeout=30)
        pop.user(address)
        pop.pass_("secret")
        pop.dele(1)
        pop.quit()
        untagged, _ = a.command("n", "NOOP")
        self.assertIn(b"* 1 EXPUNGE", untagged)
        untagged, _ = a.command("f", "FETCH 1:* (UID)")
        self.assertEqual(untagged, [b"* 1 FETCH (UID 2)"])


def non_loopback_address():
    """This host's IPv4 address on its default route, or None (then the test is skipped)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.connect(("192.0.2.1", 9))  # UDP: nothing is sent, the kernel just picks a route
        address = s.getsockname()[0]
    except OSError:
        return None
    finally:
        s.close()
    return None if address.startswith("127.") else address


class PrivacyTest(unittest.TestCase):
    @unittest.skipUnless(non_loopback_address(), "no non-loopback IPv4 address to listen on")
    def test_plaintext_login_disabled_until_starttls(self):
        address = non_loopback_address()
        c = harness.Carteiro()
        with open(c.config_path) as f:
            config = f.read()
        with open(c.config_path, "w") as f:
            f.write(config.replace('[imap]\nlisten = ["127.0.0.1:0"]', f'[imap]\nlisten = ["{address}:0"]'))
        with c:
            c.add_account("bob@example.test", "secret")
            w = Wire(c.port["imap"], host=address)
            self.assertIn(b"STARTTLS LOGINDISABLED]", w.greeting)
            self.assertNotIn(b"AUTH=PLAIN", w.greeting)
            _, done = w.command("a", "LOGIN bob@example.test secret")
            self.assertTrue(done.startswith(b"a NO [PRIVACYREQUIRED]"), done)
            _, done = w.command("b", "AUTHENTICATE PLAIN AGJvYkBleGFtcGxlLnRlc3QAc2VjcmV0")
            self.assertTrue(done.startswith(b"b NO [PRIVACYREQUIRED]"), done)
            _, done = w.command("c", "STARTTLS")
            self.assertEqual(done, b"c OK Begin TLS negotiation now")
            w.start_tls(c.tls_context())
            untagged, _ = w.command("d", "CAPABILITY")
            self.assertIn(b"AUTH=PLAIN", untagged[0])
            self.assertNotIn(b"STARTTLS", untagged[0])
            _, done = w.command("e", "LOGIN bob@example.test secret")
            self.assertTrue(done.startswith(b"e OK"), done)
            w.sock.close()


class TimeoutAndShutdownTest(unittest.TestCase):
    def test_login_timeout_and_shutdown_say_bye(self):
        c = harness.Carteiro()
        with open(c.config_path) as f:
            config = f.read()
        with open(c.config_path, "w") as f:
            f.write(config.replace("[imap]\n", "[imap]\nlogin_timeout = 1\n"))
        with c:
            c.add_account("bob@example.test", "secret")
            w = Wire(c.port["imap"])
            self.assertEqual(w.line(), b"* BYE Autologout; idle for too long")
            self.assertTrue(w.closed())
            # After login the longer timeout applies; SIGTERM then says goodbye.
            w = Wire(c.port["imap"])
            _, done = w.command("a", "LOGIN bob@example.test secret")
            time.sleep(1.5)
            _, done = w.command("b", "SELECT INBOX")
            self.assertTrue(done.startswith(b"b OK"))
            w.send(b"i IDLE\r\n")
            self.assertTrue(w.line().startswith(b"+ "))
            c.stop()
            self.assertEqual(w.line(), b"* BYE Server shutting down")


if __name__ == "__main__":
    unittest.main()
