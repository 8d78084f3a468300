"""INTERNALDATE keeps the time zone an APPEND gave it (RFC 3501 sections 2.3.3 and 6.3.11):
FETCH shows the same instant in that zone, a COPY keeps it, and SEARCH ON/SINCE/BEFORE
take the date in that zone ("disregarding time and timezone", section 6.4.4)."""
import unittest

import harness
from test_imap_wire import MESSAGE, WireTest


class InternalDateTest(WireTest):
    def test_the_zone_of_append_is_kept(self):
        w = self.wire(self.account())
        w.send(b'a APPEND INBOX "15-Jan-2008 01:20:30 +0530" {%d+}\r\n' % len(MESSAGE) + MESSAGE + b"\r\n")
        _, done = w.until("a")
        self.assertTrue(done.startswith(b"a OK"), done)
        w.send(b'b APPEND INBOX "15-Jan-2008 22:20:30 -0800" {%d+}\r\n' % len(MESSAGE) + MESSAGE + b"\r\n")
        w.until("b")
        w.command("s", "SELECT INBOX")
        untagged, _ = w.command("f", "FETCH 1:2 INTERNALDATE")
        self.assertEqual(untagged, [b'* 1 FETCH (INTERNALDATE "15-Jan-2008 01:20:30 +0530")',
                                    b'* 2 FETCH (INTERNALDATE "15-Jan-2008 22:20:30 -0800")'])
        # Both were on the 15th where they were written, though the 14th and the 16th in UTC.
        untagged, _ = w.command("o", "SEARCH ON 15-Jan-2008")
        self.assertEqual(untagged, [b"* SEARCH 1 2"])
        untagged, _ = w.command("c", "COPY 1:2 INBOX")
        untagged, _ = w.command("g", "FETCH 3:4 INTERNALDATE")
        self.assertEqual(untagged, [b'* 3 FETCH (INTERNALDATE "15-Jan-2008 01:20:30 +0530")',
                                    b'* 4 FETCH (INTERNALDATE "15-Jan-2008 22:20:30 -0800")'])


if __name__ == "__main__":
    unittest.main()
