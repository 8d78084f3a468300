"""Large messages wait in a spool (memory up to [store] spool_threshold, then an unnamed
file under data_dir/tmp) while they are received: SMTP DATA, BDAT and IMAP APPEND of
messages far above the threshold come back byte-identical by IMAP and POP3, nothing is
ever left (or visible) in data_dir/tmp, and the size limit still refuses correctly."""
import imaplib
import os
import poplib
import random
import re
import smtplib
import socket
import unittest

import harness
from smtp_store import SmtpServerTest

LIMIT = 4 * 1024 * 1024


def large_message(subject, size, extra_header="", author="s@remote.test"):
    """SIZE octets or so of CRLF lines with every byte value but CR and LF, some lines
    starting with a dot (dot-stuffing) and one that is a dot alone."""
    rng = random.Random(subject)
    alphabet = bytes(b for b in range(256) if b not in (10, 13))
    lines = [f"Subject: {subject}\r\nFrom: {author}\r\n{extra_header}MIME-Version: 1.0\r\n"
             "Content-Type: application/octet-stream\r\n\r\n".encode()]
    total = len(lines[0])
    n = 0
    while total < size:
        n += 1
        if n % 1000 == 0:
            line = b"."
        elif n % 7 == 0:
            line = b"." + bytes(rng.choice(alphabet) for _ in range(rng.randrange(0, 120)))
        else:
            line = bytes(rng.choice(alphabet) for _ in range(rng.randrange(0, 200)))
        lines.append(line + b"\r\n")
        total += len(line) + 2
    return b"".join(lines)


class SpoolTest(SmtpServerTest):
    ACCOUNTS = {"bob@example.test": "secret", "alice@example.test": "alicepw"}
    LISTENER_KEYS = {"smtp": f"max_message_size = {LIMIT}", "submission": f"max_message_size = {LIMIT}"}
    EXTRA_TOML = '[store]\nspool_threshold = "64KiB"\n'

    def tmp_entries(self):
        tmp = os.path.join(self.c.data_dir, "tmp")
        return os.listdir(tmp) if os.path.isdir(tmp) else []

    def tearDown(self):
        self.assertEqual(self.tmp_entries(), [])

    def imap_bodies(self, user, password, subject):
        with imaplib.IMAP4("127.0.0.1", self.c.port["imap"]) as m:
            m.login(user, password)
            m.select("INBOX", readonly=True)
            typ, data = m.search(None, "SUBJECT", f'"{subject}"')
            self.assertEqual(typ, "OK")
            out = []
            for seq in data[0].split():
                typ, fetched = m.fetch(seq, "(BODY.PEEK[])")
                self.assertEqual(typ, "OK")
                out.append(fetched[0][1])
            return out

    def pop3_bodies(self, user, password, subject):
        p = poplib.POP3("127.0.0.1", self.c.port["pop3"], timeout=60)
        try:
            p.user(user)
            p.pass_(password)
            out = []
            count = len(p.list()[1])
            for i in range(1, count + 1):
                lines = p.retr(i)[1]
                message = b"\r\n".join(lines) + b"\r\n"
                if f"Subject: {subject}\r\n".encode() in message:
                    out.append(message)
            return out
        finally:
            p.quit()

    def check_delivered(self, message, subject, user="bob@example.test", password="secret"):
        """MESSAGE is in USER's INBOX as sent, after the server's trace fields."""
        for fetched in (self.imap_bodies(user, password, subject), self.pop3_bodies(user, password, subject)):
            self.assertEqual(len(fetched), 1)
            self.assertTrue(fetched[0].startswith(b"Return-Path: <"))
            self.assertTrue(fetched[0].endswith(message), "the message came back changed")
            prefix = fetched[0][:len(fetched[0]) - len(message)]
            self.assertEqual(prefix.count(b"\r\nReceived: ") + prefix.startswith(b"Received: "), 1)
            self.assertNotIn(b"\r\n\r\n", prefix)

    def data(self, w, message):
        """MAIL, RCPT, DATA and MESSAGE (dot-stuffed) on W; the reply to the end of data as
        (code, enhanced code)."""
        self.assertEqual(w.cmd("MAIL FROM:<s@remote.test>"), 250)
        self.assertEqual(w.cmd("RCPT TO:<bob@example.test>"), 250)
        self.assertEqual(w.cmd("DATA"), 354)
        w.send(re.sub(rb"(?m)^\.", b"..", message) + b".\r\n")
        code, texts = w.reply()
        return code, texts[0][:5]

    def bdat(self, w, message, pieces=1):
        """MAIL, RCPT and MESSAGE in PIECES BDAT chunks on W, each chunk but the last
        accepted; the reply to BDAT LAST as (code, enhanced code)."""
        self.assertEqual(w.cmd("MAIL FROM:<s@remote.test>"), 250)
        self.assertEqual(w.cmd("RCPT TO:<bob@example.test>"), 250)
        size = -(-len(message) // pieces)
        chunks = [message[i:i + size] for i in range(0, len(message), size)]
        for i, chunk in enumerate(chunks):
            last = i == len(chunks) - 1
            w.send(f"BDAT {len(chunk)}{' LAST' if last else ''}\r\n".encode() + chunk)
            code, texts = w.reply()
            if last:
                return code, texts[0][:5]
            self.assertEqual(code, 250, texts)
            # Past the threshold the chunks are in a file, which has no name.
            self.assertEqual(self.tmp_entries(), [])

    def test_data(self):
        message = large_message("spool data", 3 * 1024 * 1024)
        with smtplib.SMTP("127.0.0.1", self.c.port["smtp"], timeout=120) as s:
            s.sendmail("s@remote.test", ["bob@example.test"], message)
        self.check_delivered(message, "spool data")

    def test_data_small_stays_in_memory(self):
        message = b"Subject: spool small\r\n\r\nshort\r\n"
        with smtplib.SMTP("127.0.0.1", self.c.port["smtp"]) as s:
            s.sendmail("s@remote.test", ["bob@example.test"], message)
        self.check_delivered(message, "spool small")

    def test_bdat(self):
        message = large_message("spool bdat", 3 * 1024 * 1024)
        with self.wire() as w:
            self.assertEqual(w.cmd("EHLO x"), 250)
            self.assertEqual(self.bdat(w, message, pieces=3), (250, "2.0.0"))
            self.assertEqual(w.cmd("QUIT"), 221)
        self.check_delivered(message, "spool bdat")

    def test_submission_rewrite(self):
        # Bcc: removed and Date:/Message-ID: added: the rewritten message goes through a
        # second spool and must still come out whole.
        message = large_message("spool submission", 2 * 1024 * 1024, "Bcc: hidden@example.test\r\n",
                                author="alice@example.test")  # submission: the author must be the account
        with smtplib.SMTP("127.0.0.1", self.c.port["submission"], timeout=120) as s:
            s.login("alice@example.test", "alicepw")
            s.sendmail("alice@example.test", ["bob@example.test"], message)
        fetched = self.imap_bodies("bob@example.test", "secret", "spool submission")
        self.assertEqual(len(fetched), 1)
        header, body = fetched[0].split(b"\r\n\r\n", 1)
        self.assertNotIn(b"Bcc:", header)
        self.assertIn(b"\r\nDate: ", header)
        self.assertIn(b"\r\nMessage-ID: <", header)
        self.assertEqual(body, message.split(b"\r\n\r\n", 1)[1])

    def test_append(self):
        message = large_message("spool append", 3 * 1024 * 1024)
        with imaplib.IMAP4("127.0.0.1", self.c.port["imap"]) as m:
            m.login("alice@example.test", "alicepw")
            typ, data = m.append("INBOX", r"(\Seen)", None, message)
            self.assertEqual(typ, "OK", data)
            m.select("INBOX", readonly=True)
            typ, data = m.search(None, "SUBJECT", '"spool append"')
            seq = data[0].split()[-1]
            typ, fetched = m.fetch(seq, "(RFC822.SIZE BODY.PEEK[])")
            self.assertEqual(typ, "OK")
            self.assertIn(f"RFC822.SIZE {len(message)}".encode(), fetched[0][0])
            self.assertEqual(fetched[0][1], message)
        pop = self.pop3_bodies("alice@example.test", "alicepw", "spool append")
        self.assertEqual(pop, [message])

    def spool_fds(self):
        """The daemon's open files under data_dir/tmp (an unnamed file reads "... (deleted)"
        or "/tmp/#123 (deleted)" in /proc)."""
        tmp = os.path.realpath(os.path.join(self.c.data_dir, "tmp"))
        fd_dir = f"/proc/{self.c.proc.pid}/fd"
        out = []
        for fd in os.listdir(fd_dir):
            try:
                target = os.readlink(os.path.join(fd_dir, fd))
            except OSError:
                continue  # closed meanwhile
            if target.startswith(tmp + "/"):
                out.append(target)
        return out

    def test_append_in_progress_leaves_no_name(self):
        # A client that stops in the middle of a large literal: the bytes so far are in a
        # file that has no name, and its descriptor goes when the connection does.
        message = large_message("spool partial", 1024 * 1024)
        s = socket.create_connection(("127.0.0.1", self.c.port["imap"]), timeout=30)
        f = s.makefile("rb")
        f.readline()
        s.sendall(b"a LOGIN alice@example.test alicepw\r\n")
        self.assertTrue(f.readline().startswith(b"a OK"))
        s.sendall(f"b APPEND INBOX {{{len(message)}}}\r\n".encode())
        self.assertTrue(f.readline().startswith(b"+"))
        s.sendall(message[:len(message) // 2])
        harness.wait_until(lambda: len(self.spool_fds()) == 1, timeout=30, what="one open spool file")
        self.assertIn("(deleted)", self.spool_fds()[0])
        self.assertEqual(self.tmp_entries(), [])
        f.close()
        s.close()
        harness.wait_until(lambda: self.spool_fds() == [], timeout=30, what="no open spool file")

    def test_over_the_limit(self):
        before = self.store.messages()
        big = large_message("spool too big", LIMIT + 100 * 1024)
        with self.wire() as w:
            self.assertEqual(w.cmd("EHLO x"), 250)
            self.assertEqual(self.data(w, big), (552, "5.3.4"))
            self.assertEqual(w.cmd("RSET"), 250)  # the session goes on
            self.assertEqual(self.bdat(w, big, pieces=2), (552, "5.3.4"))
            self.assertEqual(w.cmd("NOOP"), 250)
        with imaplib.IMAP4("127.0.0.1", self.c.port["imap"]) as m:  # APPEND
            m.login("alice@example.test", "alicepw")
            typ, data = m.append("INBOX", None, None, big)  # refused before the literal is sent
            self.assertEqual(typ, "NO")
            self.assertIn(b"[TOOBIG]", data[0])
            self.assertEqual(m.noop()[0], "OK")
        self.assertEqual(self.store.messages(), before)

    def test_spool_failure_is_a_temporary_error(self):
        # A plain file where data_dir/tmp should be: no spool can move to disk. The client
        # is told to try again later, the session stays usable, nothing is stored.
        tmp = os.path.join(self.c.data_dir, "tmp")
        if os.path.isdir(tmp):
            os.rmdir(tmp)
        with open(tmp, "w"):
            pass
        try:
            before = self.store.messages()
            message = large_message("spool failure", 200 * 1024)
            with self.wire() as w:
                self.assertEqual(w.cmd("EHLO x"), 250)
                self.assertEqual(self.data(w, message), (451, "4.3.0"))
                self.assertEqual(self.bdat(w, message), (451, "4.3.0"))
                self.assertEqual(w.cmd("NOOP"), 250)
            with imaplib.IMAP4("127.0.0.1", self.c.port["imap"]) as m:
                m.login("alice@example.test", "alicepw")
                typ, data = m.append("INBOX", None, None, message)
                self.assertEqual(typ, "NO")
                self.assertIn(b"[UNAVAILABLE]", data[0])
                self.assertEqual(m.noop()[0], "OK")
            self.assertEqual(self.store.messages(), before)
            self.assertIn("cannot", self.c.output())
        finally:
            os.remove(tmp)


if __name__ == "__main__":
    unittest.main()
