"""Real IMAP clients against carteirod: curl (imap:// and imaps://), and mbsync (isync) and
offlineimap synchronising an account both ways with a local Maildir, flags included."""
import imaplib
import os
import re
import shutil
import subprocess
import tempfile
import unittest

import harness


def message(n):
    return (f"From: alice@example.test\r\nTo: bob@example.test\r\nSubject: note {n}\r\n"
            f"Message-ID: <note-{n}@example.test>\r\nDate: Tue, 15 Jan 2008 10:20:30 +0100\r\n\r\n"
            f"Note number {n}.\r\n").encode()


def maildir_files(maildir, folder):
    """The message files of FOLDER in a local Maildir (cur and new), sorted."""
    out = []
    for sub in ("cur", "new"):
        d = os.path.join(maildir, folder, sub)
        out += [os.path.join(d, name) for name in os.listdir(d)] if os.path.isdir(d) else []
    return sorted(out)


class ClientsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = harness.Carteiro()
        cls.server.start()
        cls.server.add_account("bob@example.test", "secret")
        cls.server.add_account("sync@example.test", "secret")
        cls.server.add_account("offline@example.test", "secret")

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def imap(self, user):
        m = imaplib.IMAP4("127.0.0.1", self.server.port["imap"], timeout=30)
        m.login(user, "secret")
        self.addCleanup(m.logout)
        return m

    def curl(self, *args, input=None):
        r = subprocess.run(["curl", "-sS", "--max-time", "30", "-u", "bob@example.test:secret", *args],
                           input=input, capture_output=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        return r.stdout

    @unittest.skipUnless(shutil.which("curl"), "curl is not installed")
    def test_curl_imap_and_imaps(self):
        port, tls_port = self.server.port["imap"], self.server.port["imap_tls"]
        # Upload (APPEND), list mailboxes, search, fetch by UID, over plain and implicit TLS.
        upload = tempfile.NamedTemporaryFile(suffix=".eml")
        self.addCleanup(upload.close)
        upload.write(message(1))
        upload.flush()
        self.curl("-T", upload.name, f"imap://127.0.0.1:{port}/INBOX")
        listing = self.curl(f"imap://127.0.0.1:{port}/").decode()
        self.assertIn('"INBOX"', listing)
        self.assertIn("\\Sent", listing)
        found = self.curl(f"imap://127.0.0.1:{port}/INBOX", "-X", "UID SEARCH SUBJECT \"note 1\"").decode()
        self.assertRegex(found, r"\* SEARCH \d+")
        uid = found.split()[-1]
        body = self.curl(f"imap://127.0.0.1:{port}/INBOX;UID={uid}")
        self.assertEqual(body, message(1))
        body = self.curl("-k", f"imaps://127.0.0.1:{tls_port}/INBOX;UID={uid};SECTION=TEXT")
        self.assertEqual(body, b"Note number 1.\r\n")
        examined = self.curl("--ssl-reqd", "-k", f"imap://127.0.0.1:{port}/INBOX", "-X", "EXAMINE INBOX").decode()
        self.assertIn("EXISTS", examined)

    @unittest.skipUnless(shutil.which("mbsync"), "mbsync (isync) is not installed")
    def test_mbsync_both_ways_with_flags(self):
        m = self.imap("sync@example.test")
        for n in range(1, 4):
            self.assertEqual(m.append("INBOX", None, None, message(n))[0], "OK")
        self.assertEqual(m.append("Sent", "(\\Seen)", None, message(10))[0], "OK")

        work = tempfile.mkdtemp(prefix="carteiro-mbsync-")
        self.addCleanup(shutil.rmtree, work, True)
        maildir = os.path.join(work, "mail")
        os.makedirs(maildir)
        config = os.path.join(work, "mbsyncrc")
        with open(config, "w") as f:
            f.write(f"""IMAPAccount carteiro
Host 127.0.0.1
Port {self.server.port["imap"]}
User sync@example.test
Pass secret
SSLType STARTTLS
CertificateFile {self.server.cert_path()}
AuthMechs PLAIN

IMAPStore remote
Account carteiro

MaildirStore local
Path {maildir}/
Inbox {maildir}/INBOX
SubFolders Verbatim

Channel everything
Far :remote:
Near :local:
Patterns *
Create Both
Expunge Both
SyncState *
Sync All
""")

        def sync():
            r = subprocess.run(["mbsync", "-c", config, "-a"], capture_output=True, text=True, timeout=120)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

        def files(folder):
            return maildir_files(maildir, folder)

        # Server -> Maildir: every folder and message, with flags.
        sync()
        self.assertEqual(len(files("INBOX")), 3)
        self.assertEqual(len(files("Sent")), 1)
        self.assertTrue(files("Sent")[0].endswith(",S"), files("Sent"))

        # Maildir -> server: a new message, a flag, a deletion.
        inbox = sorted(files("INBOX"))
        with open(os.path.join(maildir, "INBOX", "new", "1700000000.local.host"), "wb") as f:
            f.write(message(4))
        seen = inbox[0]
        os.rename(seen, os.path.join(maildir, "INBOX", "cur", os.path.basename(seen).split(":2,")[0] + ":2,FS"))
        with open(inbox[1], "rb") as f:
            deleted_subject = re.search(rb"Subject: (note \d)", f.read()).group(1)
        os.remove(inbox[1])
        sync()

        m.select("INBOX")
        typ, data = m.search(None, "ALL")
        self.assertEqual(len(data[0].split()), 3)
        typ, data = m.search(None, "SUBJECT", '"note 4"')
        self.assertEqual(len(data[0].split()), 1)
        typ, data = m.search(None, "FLAGGED SEEN")
        self.assertEqual(len(data[0].split()), 1)
        typ, data = m.search(None, "SUBJECT", b'"' + deleted_subject + b'"')
        self.assertEqual(data[0], b"")

        # Server-side change goes back down: a flag set by another client.
        m.store("1:*", "+FLAGS", "(\\Answered)")
        sync()
        self.assertTrue(all(re.search(r":2,[A-Z]*R", name) for name in files("INBOX")), files("INBOX"))
        # And a second sync with nothing new changes nothing.
        sync()
        self.assertEqual(len(files("INBOX")), 3)

    @unittest.skipUnless(shutil.which("offlineimap"), "offlineimap is not installed")
    def test_offlineimap_both_ways_with_flags(self):
        m = self.imap("offline@example.test")
        for n in range(1, 4):
            self.assertEqual(m.append("INBOX", None, None, message(n))[0], "OK")
        self.assertEqual(m.append("Drafts", "(\\Draft)", None, message(20))[0], "OK")

        work = tempfile.mkdtemp(prefix="carteiro-offlineimap-")
        self.addCleanup(shutil.rmtree, work, True)
        maildir = os.path.join(work, "mail")
        config = os.path.join(work, "offlineimaprc")
        with open(config, "w") as f:
            f.write(f"""[general]
accounts = carteiro
metadata = {work}/metadata

[Account carteiro]
localrepository = local
remoterepository = remote

[Repository local]
type = Maildir
localfolders = {maildir}

[Repository remote]
type = IMAP
remotehost = 127.0.0.1
remoteport = {self.server.port["imap"]}
remoteuser = offline@example.test
remotepass = secret
ssl = no
starttls = yes
sslcacertfile = {self.server.cert_path()}
""")

        def sync():
            r = subprocess.run(["offlineimap", "-c", config, "-o", "-u", "basic"], capture_output=True, text=True,
                               timeout=120)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertNotIn("ERROR", r.stdout + r.stderr)

        def files(folder):
            return maildir_files(maildir, folder)

        # Server -> Maildir: every folder and message, with flags.
        sync()
        self.assertEqual(len(files("INBOX")), 3)
        self.assertEqual(len(files("Drafts")), 1)
        self.assertTrue(files("Drafts")[0].endswith(":2,D"), files("Drafts"))

        # Maildir -> server: a new message, flags, a deletion.
        inbox = files("INBOX")
        with open(os.path.join(maildir, "INBOX", "new", "1700000000.local.host"), "wb") as f:
            f.write(message(5))
        flagged = inbox[0]
        os.rename(flagged, flagged.split(":2,")[0] + ":2,FS")
        os.remove(inbox[1])
        sync()

        m.select("INBOX")
        typ, data = m.search(None, "ALL")
        self.assertEqual(len(data[0].split()), 3)
        typ, data = m.search(None, "SUBJECT", '"note 5"')
        self.assertEqual(len(data[0].split()), 1)
        typ, data = m.search(None, "FLAGGED SEEN")
        self.assertEqual(len(data[0].split()), 1)

        # A flag set on the server comes down; a sync with nothing new changes nothing.
        m.store("1:*", "+FLAGS", "(\\Answered)")
        sync()
        self.assertTrue(all(re.search(r":2,[A-Z]*R", name) for name in files("INBOX")), files("INBOX"))
        sync()
        self.assertEqual(len(files("INBOX")), 3)


if __name__ == "__main__":
    unittest.main()
