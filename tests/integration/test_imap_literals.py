"""No byte of a literal is ever read as a command (RFC 7888 sections 3 and 4): a
non-synchronizing literal is consumed even when its command is refused, and when the
server cannot know where a literal ends it closes the connection instead of guessing."""
import unittest

import harness
from test_imap_wire import MESSAGE, WireTest

# Message text whose lines look like IMAP commands: were any of them parsed as one, the
# session would answer it (BAD for "Contract", a BYE for "a1 LOGOUT").
TEXT = (b"From: alice@example.test\r\nSubject: the contract\r\n\r\n"
        b"Contract for the house, signed.\r\n"
        b"a1 LOGOUT\r\n"
        b"b1 NOOP\r\n")


class RefusedCommandLiteralTest(WireTest):
    def sent_with_text(self, w, tag, command, expected_start):
        """Sends TAG COMMAND with TEXT as a non-synchronizing literal; the only response is
        the tagged one, starting with EXPECTED_START, and the session goes on."""
        w.send(f"{tag} {command} {{{len(TEXT)}+}}\r\n".encode() + TEXT + b"\r\n")
        untagged, done = w.until(tag)
        self.assertEqual(untagged, [])
        self.assertTrue(done.startswith(expected_start), done)
        self.assert_alive(w, "r" + tag)

    def test_append_to_a_missing_mailbox_consumes_its_literal(self):
        w = self.wire(self.account())
        self.sent_with_text(w, "a", "APPEND Missing", b"a NO [TRYCREATE]")

    def test_append_over_quota_consumes_its_literal(self):
        address = self.account()
        self.server.cli("account", "quota", address, "--storage", "100")
        self.sent_with_text(self.wire(address), "a", "APPEND INBOX", b"a NO [OVERQUOTA]")

    def test_append_with_bad_arguments_consumes_its_literal(self):
        w = self.wire(self.account())
        self.sent_with_text(w, "a", "APPEND INBOX (\\Bogus\\)", b"a BAD")
        self.sent_with_text(w, "b", "APPEND INBOX \"32-Feb-2020 00:00:00 +0000\"", b"b BAD")

    def test_append_before_login_consumes_its_literal(self):
        self.sent_with_text(self.wire(), "a", "APPEND INBOX", b"a BAD")

    def test_a_line_with_a_nul_byte_has_its_literal_consumed(self):
        self.sent_with_text(self.wire(self.account()), "a", "NOOP \x00", b"a BAD NUL byte")

    def test_an_overlong_line_ends_the_session(self):
        """Its end is dropped unread, so it may have announced a literal: nothing that
        follows is taken for a command."""
        w = self.wire(self.account())
        w.send(b"a NOOP " + b"x" * 70000 + f" {{{len(TEXT)}+}}\r\n".encode() + TEXT + b"\r\n")
        self.assertEqual(w.line(), b"a BAD Line too long")
        self.assertEqual(w.line(), b"* BYE Line too long, closing the connection")
        self.assertTrue(w.closed())

    def test_a_literal_size_of_too_many_digits_is_not_ignored(self):
        w = self.wire(self.account())
        w.send(b"a FROBNICATE {99999999999999999999999+}\r\n" + TEXT)
        _, done = w.until("a")
        self.assertTrue(done.startswith(b"a BAD"), done)
        self.assertTrue(w.line().startswith(b"* BYE"))
        self.assertTrue(w.closed())

    def test_an_oversized_nonsynchronizing_message_is_refused_then_the_session_ends(self):
        """RFC 7888 section 4: the server may refuse it and close rather than read it."""
        address = self.account()
        w = self.wire(address)
        w.send(b"a APPEND INBOX {999999999+}\r\n" + TEXT)
        self.assertTrue(w.line().startswith(b"a NO [TOOBIG]"))
        self.assertTrue(w.line().startswith(b"* BYE"))
        self.assertTrue(w.closed())
        self.assertEqual(self.message_count(address), 0)

    def test_the_message_is_stored_when_the_append_succeeds(self):
        address = self.account()
        w = self.wire(address)
        self.sent_with_text(w, "a", "APPEND INBOX", b"a OK [APPENDUID")
        w.command("s", "EXAMINE INBOX")
        untagged, _ = w.command("f", "FETCH 1 BODY.PEEK[]")
        self.assertEqual(untagged[0], b"* 1 FETCH (BODY[] {%d}\r\n" % len(TEXT) + TEXT + b")")


class InterruptedAppendTest(WireTest):
    def test_a_client_gone_in_the_middle_of_a_literal_stores_nothing(self):
        address = self.account()
        w = self.wire(address)
        w.send(f"a APPEND INBOX {{{len(MESSAGE) + 100}+}}\r\n".encode() + MESSAGE)
        w.close()
        w2 = self.wire(address)
        self.assert_alive(w2)
        self.assertEqual(self.message_count(address), 0)


if __name__ == "__main__":
    unittest.main()
