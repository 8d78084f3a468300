"""A disk that fills up: with the daemon's file size limited (RLIMIT_FSIZE, as a full disk
looks to SQLite), SMTP and IMAP answer with temporary errors, the daemon stays up, and
after a restart every message that was acknowledged is there, its bytes intact."""
import imaplib
import resource
import signal
import smtplib
import unittest

import harness

LIMIT = 3 * 1024 * 1024  # octets any file of the daemon may reach


def limit_file_size():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def message(n):
    filler = "".join(f"line {i:05d} of message {n}, to take some room in the store\r\n" for i in range(1500))
    return (f"From: alice@example.test\r\nTo: bob@example.test\r\nSubject: fill {n}\r\n\r\n{filler}").encode()


class StoreFullTest(unittest.TestCase):
    def test_full_disk_loses_nothing_acknowledged(self):
        c = harness.Carteiro(preexec=limit_file_size)
        with c:
            c.add_account("bob@example.test", "secret")
            accepted, refused = [], []
            with smtplib.SMTP("127.0.0.1", c.port["smtp"], timeout=60) as s:
                for n in range(60):  # ~100 KB each: well past the limit
                    try:
                        s.sendmail("alice@example.test", ["bob@example.test"], message(n))
                        accepted.append(n)
                    except smtplib.SMTPDataError as e:
                        self.assertEqual(e.smtp_code // 100, 4, e)  # temporary: the sender retries
                        refused.append(n)
                    except smtplib.SMTPRecipientsRefused as e:
                        self.assertEqual(list(e.recipients.values())[0][0] // 100, 4, e)
                        refused.append(n)
                        s.rset()
            self.assertTrue(accepted and refused, (accepted, refused))

            m = imaplib.IMAP4("127.0.0.1", c.port["imap"], timeout=60)
            m.login("bob@example.test", "secret")
            typ, data = m.append("INBOX", None, None, message(1000))
            self.assertEqual(typ, "NO", data)
            self.assertIn(b"[UNAVAILABLE]", data[0])
            m.logout()
            c.stop()

            # The same data directory without the limit: what was acknowledged is all there.
            again = harness.Carteiro(data_dir=c.dir)
            again.start()
            try:
                m = imaplib.IMAP4("127.0.0.1", again.port["imap"], timeout=60)
                m.login("bob@example.test", "secret")
                m.select("INBOX")
                typ, data = m.search(None, "ALL")
                numbers = data[0].split()
                self.assertEqual(len(numbers), len(accepted))
                for seq, n in zip(numbers, accepted):
                    typ, data = m.fetch(seq, "(BODY.PEEK[])")
                    stored = data[0][1]  # with the Return-Path: and Received: fields added
                    self.assertTrue(stored.endswith(message(n)), stored[:300])
                m.logout()
                with smtplib.SMTP("127.0.0.1", again.port["smtp"], timeout=60) as s:
                    s.sendmail("alice@example.test", ["bob@example.test"], message(2000))
            finally:
                again.stop()


if __name__ == "__main__":
    unittest.main()
