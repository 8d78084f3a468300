"""A mailbox deleted and created again is a new mailbox (RFC 3501 sections 2.3.1.1 and
2.3.2): a greater UIDVALIDITY even within the same second, and nothing of the old one's
\\Recent state. Also the CONDSTORE details of RFC 7162 section 3.1: the first enabling
command on a selected mailbox learns its HIGHESTMODSEQ, and an ESEARCH's MODSEQ is that of
the messages it returns."""
import re
import unittest

import harness
from test_imap_wire import MESSAGE, WireTest


def status(w, mailbox, items):
    untagged, done = w.command("st", f"STATUS {mailbox} ({items})")
    assert done.startswith(b"st OK"), done
    return {k.decode(): int(v) for k, v in re.findall(rb"([A-Z]+) (\d+)", untagged[0].split(b"(", 1)[1])}


class RecreatedMailboxTest(WireTest):
    def append_to(self, w, mailbox, count):
        for i in range(count):
            w.send(f"ap{i} APPEND {mailbox} {{{len(MESSAGE)}+}}\r\n".encode() + MESSAGE + b"\r\n")
            _, done = w.until(f"ap{i}")
            self.assertTrue(done.startswith(f"ap{i} OK".encode()), done)

    def test_uidvalidity_grows_even_within_the_same_second(self):
        w = self.wire(self.account())
        seen = []
        for _ in range(3):
            w.command("c", "CREATE Box")
            seen.append(status(w, "Box", "UIDVALIDITY")["UIDVALIDITY"])
            w.command("d", "DELETE Box")
        self.assertEqual(seen, sorted(set(seen)), seen)

    def test_recent_rules_and_no_state_leaks_into_the_new_mailbox(self):
        address = self.account()
        w = self.wire(address)
        w.command("c", "CREATE Box")
        self.append_to(w, "Box", 2)  # no session has Box selected: recent for the next SELECT
        self.assertEqual(status(w, "Box", "RECENT")["RECENT"], 2)
        x = self.wire(address)
        untagged, _ = x.command("e", "EXAMINE Box")  # sees them, claims nothing
        self.assertIn(b"* 2 RECENT", untagged)
        x.command("u", "UNSELECT")
        s = self.wire(address)
        untagged, _ = s.command("s", "SELECT Box")  # claims them
        self.assertIn(b"* 2 RECENT", untagged)
        self.assertIn(b"* SEARCH 1 2", s.command("r", "SEARCH RECENT")[0])
        self.assertIn(b"* SEARCH 1 2", s.command("n", "SEARCH NEW")[0])
        self.assertIn(b"* SEARCH", s.command("o", "SEARCH OLD")[0])
        self.assertNotIn(b"* SEARCH 1", s.command("o", "SEARCH OLD")[0])
        self.assertEqual(status(w, "Box", "RECENT")["RECENT"], 0)
        untagged, _ = x.command("e", "EXAMINE Box")
        self.assertIn(b"* 0 RECENT", untagged)
        x.command("u", "UNSELECT")
        s.command("u", "UNSELECT")

        # Deleted and created again at once: a new mailbox, whose two messages are recent.
        w.command("d", "DELETE Box")
        w.command("c", "CREATE Box")
        self.append_to(w, "Box", 2)
        self.assertEqual(status(w, "Box", "RECENT")["RECENT"], 2)
        untagged, _ = s.command("s", "SELECT Box")
        self.assertIn(b"* 2 RECENT", untagged)
        self.assertIn(b"* SEARCH 1 2", s.command("r", "SEARCH RECENT")[0])


class CondstoreDetailsTest(WireTest):
    def test_first_enabling_command_on_a_selected_mailbox_reports_highestmodseq(self):
        address = self.account()
        self.append(address, 2)
        w = self.wire(address)
        untagged, _ = w.command("s", "SELECT INBOX")
        highest = next(u for u in untagged if b"HIGHESTMODSEQ" in u)
        untagged, done = w.command("f", "FETCH 1 (MODSEQ)")
        self.assertTrue(done.startswith(b"f OK"), done)
        self.assertEqual(untagged[0], highest)
        self.assertRegex(untagged[1], rb"^\* 1 FETCH \(MODSEQ \(\d+\)\)$")
        untagged, _ = w.command("g", "FETCH 1 (MODSEQ)")
        self.assertEqual(len(untagged), 1, untagged)

    def test_esearch_min_or_max_gives_the_modseq_of_that_message(self):
        address = self.account()
        self.append(address, 3)
        w = self.wire(address)
        w.command("s", "SELECT INBOX")
        w.command("t", "STORE 3 +FLAGS.SILENT (\\Flagged)")
        fetched, _ = w.command("f", "FETCH 1:3 (MODSEQ)")
        modseq = [int(re.search(rb"MODSEQ \((\d+)\)", line).group(1)) for line in fetched
                  if b" FETCH " in line]
        self.assertLess(modseq[0], modseq[2])

        def esearch(returns):
            untagged, _ = w.command("e", f"SEARCH RETURN ({returns}) MODSEQ 1")
            return untagged[0]

        self.assertEqual(esearch("MIN"), b'* ESEARCH (TAG "e") MIN 1 MODSEQ %d' % modseq[0])
        self.assertEqual(esearch("MAX"), b'* ESEARCH (TAG "e") MAX 3 MODSEQ %d' % modseq[2])
        self.assertEqual(esearch("MIN MAX"), b'* ESEARCH (TAG "e") MIN 1 MAX 3 MODSEQ %d' % modseq[2])
        self.assertEqual(esearch("COUNT"), b'* ESEARCH (TAG "e") COUNT 3 MODSEQ %d' % max(modseq))


if __name__ == "__main__":
    unittest.main()
