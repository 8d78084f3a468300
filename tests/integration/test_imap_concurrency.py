"""Several sessions on one mailbox: what each is told, and in which order. A session that
adds a message to the mailbox it has selected hears of it before its command completes
(RFC 3501 section 6.3.11); a STORE on messages another session expunged still stores the
flags of the rest (RFC 2180 section 4.2); mod-sequences a session sees only grow (RFC 7162
section 3.1)."""
import re
import threading
import unittest

import harness
from test_imap_wire import MESSAGE, WireTest


def exists_in(untagged):
    counts = [int(m.group(1)) for m in (re.match(rb"^\* (\d+) EXISTS$", u) for u in untagged) if m]
    return counts[-1] if counts else None


class Busy:
    """Other sessions keeping the store's writer and the machine busy meanwhile."""

    def __init__(self, test, address, sessions=3):
        self.stop = threading.Event()
        self.errors = []
        self.threads = [threading.Thread(target=self.run, args=(test.wire(address), i)) for i in range(sessions)]

    def run(self, w, i):
        try:
            w.command("s", "SELECT Busy")
            n = 0
            while not self.stop.is_set():
                n += 1
                w.send(f"a{n} APPEND Busy {{{len(MESSAGE)}+}}\r\n".encode() + MESSAGE + b"\r\n")
                w.until(f"a{n}")
                w.command(f"f{n}", "STORE 1:* +FLAGS.SILENT (\\Seen)")
                w.command(f"n{n}", "NOOP")
        except Exception as e:  # reported by the test
            self.errors.append(e)

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join(30)
        return False


class OwnChangesTest(WireTest):
    def test_append_copy_and_move_into_the_selected_mailbox_announce_exists_before_ok(self):
        address = self.account()
        w = self.wire(address)
        w.command("c", "CREATE Busy")
        w.command("s", "SELECT INBOX")
        count = 0
        with Busy(self, address) as busy:
            for i in range(40):
                w.send(f"a{i} APPEND INBOX {{{len(MESSAGE)}+}}\r\n".encode() + MESSAGE + b"\r\n")
                untagged, done = w.until(f"a{i}")
                count += 1
                self.assertTrue(done.startswith(f"a{i} OK".encode()), done)
                self.assertEqual(exists_in(untagged), count, (i, untagged))
                untagged, done = w.command(f"c{i}", f"COPY {count} INBOX")
                count += 1
                self.assertTrue(done.startswith(f"c{i} OK".encode()), done)
                self.assertEqual(exists_in(untagged), count, (i, untagged))
                untagged, done = w.command(f"m{i}", f"MOVE {count} INBOX")
                self.assertTrue(done.startswith(f"m{i} OK".encode()), done)
                self.assertIn(f"* {count} EXPUNGE".encode(), untagged)
                self.assertEqual(exists_in(untagged), count, (i, untagged))
                # The client's next command may name the new message at once.
                _, done = w.command(f"f{i}", f"FETCH {count} (UID)")
                self.assertTrue(done.startswith(f"f{i} OK".encode()), done)
        self.assertEqual(busy.errors, [])


class StoreOnExpungedTest(WireTest):
    def test_store_skips_messages_expunged_by_another_session_and_succeeds(self):
        address = self.account()
        self.append(address, 3)
        a = self.wire(address)
        a.command("s", "SELECT INBOX")
        b = self.wire(address)
        b.command("s", "SELECT INBOX")
        b.command("d", "STORE 2 +FLAGS.SILENT (\\Deleted)")
        b.command("e", "EXPUNGE")
        # A has not been told yet: message 2 still has its number there.
        untagged, done = a.command("f", "STORE 1:3 +FLAGS (\\Flagged)")
        self.assertEqual(done, b"f OK STORE completed")
        self.assertEqual(untagged, [b"* 1 FETCH (FLAGS (\\Flagged \\Recent))",
                                    b"* 3 FETCH (FLAGS (\\Flagged \\Recent))"])
        # Now A knows message 2 is gone, and may not report it during a STORE: still OK.
        untagged, done = a.command("g", "STORE 1:3 +FLAGS (\\Answered)")
        self.assertEqual(done, b"g OK STORE completed")
        self.assertEqual(untagged, [b"* 1 FETCH (FLAGS (\\Answered \\Flagged \\Recent))",
                                    b"* 3 FETCH (FLAGS (\\Answered \\Flagged \\Recent))"])
        # UID STORE may report the expunge (RFC 3501 section 7.4.1), after its own FETCHes.
        untagged, done = a.command("u", "UID STORE 1:3 +FLAGS (\\Draft)")
        self.assertEqual(done, b"u OK UID STORE completed")
        self.assertEqual(untagged, [b"* 1 FETCH (UID 1 FLAGS (\\Answered \\Flagged \\Draft \\Recent))",
                                    b"* 3 FETCH (UID 3 FLAGS (\\Answered \\Flagged \\Draft \\Recent))",
                                    b"* 2 EXPUNGE"])
        untagged, _ = a.command("g", "FETCH 1:* (UID FLAGS)")
        self.assertEqual(untagged, [b"* 1 FETCH (UID 1 FLAGS (\\Answered \\Flagged \\Draft \\Recent))",
                                    b"* 2 FETCH (UID 3 FLAGS (\\Answered \\Flagged \\Draft \\Recent))"])


class ModseqOrderTest(WireTest):
    def test_two_sessions_storing_on_one_message_never_see_its_modseq_fall(self):
        address = self.account()
        self.append(address, 2)
        failures = []

        def storer(w, name, rounds):
            seen = {}
            w.command("e", "ENABLE CONDSTORE")
            w.command("s", "SELECT INBOX")
            for i in range(rounds):
                flag = "\\Flagged" if i % 2 else "\\Answered"
                untagged, done = w.command(f"t{i}", f"STORE 1:2 FLAGS ({flag})")
                if not done.startswith(f"t{i} OK".encode()):
                    failures.append((name, done))
                for line in untagged:
                    m = re.match(rb"^\* (\d+) FETCH \(.*MODSEQ \((\d+)\)", line)
                    if not m:
                        continue
                    seq, modseq = int(m.group(1)), int(m.group(2))
                    if modseq < seen.get(seq, 0):
                        failures.append((name, seq, seen[seq], modseq))
                    seen[seq] = modseq

        sessions = [self.wire(address) for _ in range(3)]
        threads = [threading.Thread(target=storer, args=(w, f"s{i}", 60)) for i, w in enumerate(sessions)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        self.assertEqual(failures, [])


if __name__ == "__main__":
    unittest.main()
