"""QRESYNC (RFC 7162 section 3.2) on the wire: ENABLE, SELECT (QRESYNC ...) after changes
made by another session, VANISHED instead of EXPUNGE (own expunges, another session's,
during IDLE), UID FETCH (CHANGEDSINCE n VANISHED) and the [CLOSED] response code."""
import re
import unittest

import harness
from test_imap_wire import Wire

MESSAGE = (b"From: alice@example.test\r\nTo: bob@example.test\r\nSubject: hi\r\n"
           b"Date: Tue, 15 Jan 2008 10:20:30 +0100\r\n\r\nHello.\r\n")


def code_value(lines, code):
    for line in lines:
        match = re.search(rb"\[" + code.encode() + rb" (\d+)\]", line)
        if match:
            return int(match.group(1))
    raise AssertionError(f"no {code} in {lines}")


class QresyncTest(harness.ServerTestCase):
    def setUp(self):
        self.address = self.new_account()
        w = self.session()
        for _ in range(6):
            w.send(f"ap APPEND INBOX {{{len(MESSAGE)}+}}\r\n".encode() + MESSAGE + b"\r\n")
            _, done = w.until("ap")
            self.assertTrue(done.startswith(b"ap OK"), done)

    def session(self, qresync=False):
        w = Wire(self.server.port["imap"])
        self.addCleanup(w.close)
        _, done = w.command("l", f"LOGIN {self.address} secret")
        self.assertTrue(done.startswith(b"l OK"), done)
        if qresync:
            untagged, done = w.command("e", "ENABLE QRESYNC")
            self.assertIn(b"* ENABLED QRESYNC", untagged)
            self.assertTrue(done.startswith(b"e OK"), done)
        return w

    def ok(self, w, tag, text):
        untagged, done = w.command(tag, text)
        self.assertTrue(done.startswith(tag.encode() + b" OK"), (text, done, untagged))
        return untagged

    def bad(self, w, tag, text):
        untagged, done = w.command(tag, text)
        self.assertTrue(done.startswith(tag.encode() + b" BAD"), (text, done, untagged))

    def expunge_uids(self, w, uids):
        self.ok(w, "d", f"UID STORE {uids} +FLAGS.SILENT (\\Deleted)")
        return self.ok(w, "x", f"UID EXPUNGE {uids}")

    def test_capability_and_enable(self):
        w = self.session()
        self.assertIn(b" QRESYNC", self.ok(w, "c", "CAPABILITY")[0])
        untagged = self.ok(w, "e", "ENABLE QRESYNC CONDSTORE")
        self.assertIn(b"* ENABLED QRESYNC", untagged)  # CONDSTORE came along, not newly enabled
        self.assertIn(b"* ENABLED", self.ok(w, "e2", "ENABLE QRESYNC"))  # nothing new

    def test_qresync_parameter_needs_enable(self):
        w = self.session()
        self.bad(w, "s", "SELECT INBOX (QRESYNC (1 1))")
        self.bad(w, "s2", "EXAMINE INBOX (QRESYNC (1 1 1:5))")
        # The BAD did not close anything: still authenticated, SELECT works.
        self.ok(w, "s3", "SELECT INBOX")
        self.bad(w, "f", "UID FETCH 1:* (FLAGS) (CHANGEDSINCE 1 VANISHED)")

    def test_resync_after_another_session_changed_and_expunged(self):
        first = self.session(qresync=True)
        untagged = self.ok(first, "s", "SELECT INBOX")
        uidvalidity = code_value(untagged, "UIDVALIDITY")
        known = code_value(untagged, "HIGHESTMODSEQ")
        first.close()

        other = self.session()
        self.ok(other, "s", "SELECT INBOX")
        self.ok(other, "f", "UID STORE 2 +FLAGS (\\Flagged)")
        self.expunge_uids(other, "4:5")

        w = self.session(qresync=True)
        untagged = self.ok(w, "s", f"SELECT INBOX (QRESYNC ({uidvalidity} {known} 1:6))")
        self.assertIn(b"* 4 EXISTS", untagged)
        self.assertIn(b"* VANISHED (EARLIER) 4:5", untagged)
        fetches = [line for line in untagged if b" FETCH " in line]
        self.assertEqual(len(fetches), 1, untagged)
        self.assertRegex(fetches[0], rb"^\* 2 FETCH \(UID 2 FLAGS \(\\Flagged\) MODSEQ \(\d+\)\)$")
        # VANISHED (EARLIER) after the usual SELECT responses, before the tagged OK.
        self.assertGreater(untagged.index(b"* VANISHED (EARLIER) 4:5"),
                           max(i for i, line in enumerate(untagged) if b"[UIDNEXT" in line))

        # known-uids limits VANISHED: the client no longer knew UID 5.
        untagged = self.ok(w, "s2", f"EXAMINE INBOX (QRESYNC ({uidvalidity} {known} 1:3,5:6))")
        self.assertEqual(untagged[0], b"* OK [CLOSED] Previous mailbox closed")
        self.assertIn(b"* VANISHED (EARLIER) 5", untagged)

        # Up to date: nothing to report.
        latest = code_value(untagged, "HIGHESTMODSEQ")
        untagged = self.ok(w, "s3", f"SELECT INBOX (QRESYNC ({uidvalidity} {latest}))")
        self.assertFalse([line for line in untagged if b"VANISHED" in line or b"FETCH" in line], untagged)

        # A stale UIDVALIDITY: a plain SELECT, no VANISHED, no FETCH.
        untagged = self.ok(w, "s4", f"SELECT INBOX (QRESYNC ({uidvalidity + 1} {known} 1:6))")
        self.assertIn(b"* 4 EXISTS", untagged)
        self.assertFalse([line for line in untagged if b"VANISHED" in line or b"FETCH" in line], untagged)

    def test_closed_only_when_a_mailbox_was_selected(self):
        w = self.session()
        self.ok(w, "c", "CREATE Other")
        untagged = self.ok(w, "s", "SELECT INBOX")
        self.assertNotIn(b"* OK [CLOSED] Previous mailbox closed", untagged)
        untagged = self.ok(w, "s2", "EXAMINE Other")
        self.assertEqual(untagged[0], b"* OK [CLOSED] Previous mailbox closed")
        self.assertIn(b"* 0 EXISTS", untagged)
        # A SELECT that fails still closed the mailbox: CLOSED, then NO.
        untagged, done = w.command("s3", "SELECT Missing")
        self.assertTrue(done.startswith(b"s3 NO"), done)
        self.assertIn(b"* OK [CLOSED] Previous mailbox closed", untagged)
        self.bad(w, "f", "FETCH 1 FLAGS")  # nothing selected now

    def test_vanished_instead_of_expunge(self):
        w = self.session(qresync=True)
        plain = self.session()
        self.ok(w, "s", "SELECT INBOX")
        self.ok(plain, "s", "SELECT INBOX")

        # Own EXPUNGE.
        self.ok(w, "d", "STORE 1 +FLAGS.SILENT (\\Deleted)")
        untagged = self.ok(w, "x", "EXPUNGE")
        self.assertIn(b"* VANISHED 1", untagged)
        self.assertFalse([line for line in untagged if line.endswith(b" EXPUNGE")], untagged)
        # The session without QRESYNC hears of it the old way.
        self.assertIn(b"* 1 EXPUNGE", self.ok(plain, "n", "NOOP"))

        # Another session's expunge, at a command boundary.
        self.expunge_uids(plain, "2:3")
        untagged = self.ok(w, "n", "NOOP")
        self.assertIn(b"* VANISHED 2:3", untagged)
        self.assertFalse([line for line in untagged if b"EXPUNGE" in line], untagged)

        # Another session's expunge during IDLE.
        w.send(b"i IDLE\r\n")
        self.assertTrue(w.line().startswith(b"+ "))
        self.expunge_uids(plain, "5")
        heard = [w.line()]
        while not heard[-1].startswith(b"* VANISHED"):
            heard.append(w.line())  # the \Deleted flag change may come first
        self.assertEqual(heard[-1], b"* VANISHED 5")
        self.assertFalse([line for line in heard if b"EXPUNGE" in line], heard)
        w.send(b"DONE\r\n")
        _, done = w.until("i")
        self.assertTrue(done.startswith(b"i OK"), done)

        # MOVE reports its expunges as VANISHED too.
        self.ok(w, "c", "CREATE Archive")
        untagged = self.ok(w, "m", "UID MOVE 4 Archive")
        self.assertIn(b"* VANISHED 4", untagged)
        # CLOSE reports nothing.
        self.ok(w, "d2", "UID STORE 6 +FLAGS.SILENT (\\Deleted)")
        untagged = self.ok(w, "cl", "CLOSE")
        self.assertFalse([line for line in untagged if b"VANISHED" in line or b"EXPUNGE" in line], untagged)

    def test_uid_fetch_vanished(self):
        w = self.session(qresync=True)
        plain = self.session()
        untagged = self.ok(w, "s", "SELECT INBOX")
        known = code_value(untagged, "HIGHESTMODSEQ")
        self.ok(plain, "s", "SELECT INBOX")

        self.expunge_uids(w, "2")
        self.ok(w, "f", "UID STORE 3 +FLAGS (\\Seen)")
        untagged = self.ok(w, "u", f"UID FETCH 1:* (FLAGS) (CHANGEDSINCE {known} VANISHED)")
        self.assertEqual(untagged[0], b"* VANISHED (EARLIER) 2")
        self.assertEqual(len([line for line in untagged if b"FETCH" in line]), 1, untagged)
        self.assertRegex(untagged[1], rb"^\* 2 FETCH \(UID 3 FLAGS \(\\Seen( \\Recent)?\) MODSEQ \(\d+\)\)$")

        # Only the UIDs of the set.
        untagged = self.ok(w, "u2", f"UID FETCH 3:6 (FLAGS) (CHANGEDSINCE {known} VANISHED)")
        self.assertFalse([line for line in untagged if b"VANISHED" in line], untagged)

        # An expunge this session has not been told of yet: not in VANISHED (EARLIER) (the
        # message still has its sequence number), then reported as VANISHED at the end.
        self.expunge_uids(plain, "6")
        untagged = self.ok(w, "u3", f"UID FETCH 1:* (FLAGS) (CHANGEDSINCE {known} VANISHED)")
        self.assertIn(b"* VANISHED (EARLIER) 2", untagged)
        self.assertEqual(untagged[-1], b"* VANISHED 6")

        self.bad(w, "b1", f"FETCH 1:* (FLAGS) (CHANGEDSINCE {known} VANISHED)")  # not a UID FETCH
        self.bad(w, "b2", "UID FETCH 1:* (FLAGS) (VANISHED)")                    # no CHANGEDSINCE


if __name__ == "__main__":
    unittest.main()
