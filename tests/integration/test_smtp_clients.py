"""Other real clients than smtplib: swaks (Debian package swaks) and curl (package curl),
over plain SMTP, STARTTLS with AUTH, and implicit TLS. Skipped when a tool is missing."""
import shutil
import subprocess
import unittest

import harness
from smtp_store import StoreView


def run(args, stdin=None):
    return subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=120)


class SmtpClientsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = harness.Carteiro().start()
        cls.c.add_account("bob@example.test", "secret")
        cls.c.add_account("alice@example.test", "alicepw")
        cls.store = StoreView(cls.c.db_path())

    @classmethod
    def tearDownClass(cls):
        cls.c.__exit__(None, None, None)

    @unittest.skipUnless(shutil.which("swaks"), "swaks not installed (apt-get install swaks)")
    def test_swaks_mx_with_pipelining(self):
        r = run(["swaks", "--server", "127.0.0.1", "--port", str(self.c.port["smtp"]), "--pipeline",
                 "--from", "carol@remote.test", "--to", "bob@example.test", "--header", "Subject: swaks mx",
                 "--body", "hello from swaks"])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertTrue(any(b"Subject: swaks mx" in m for m in self.store.inbox("bob@example.test")))

    @unittest.skipUnless(shutil.which("swaks"), "swaks not installed (apt-get install swaks)")
    def test_swaks_starttls_auth(self):
        r = run(["swaks", "--server", "127.0.0.1", "--port", str(self.c.port["submission"]), "--tls",
                 "--auth", "LOGIN", "--auth-user", "alice@example.test", "--auth-password", "alicepw",
                 "--from", "alice@example.test", "--to", "bob@example.test", "--header", "Subject: swaks tls"])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        msg = [m for m in self.store.inbox("bob@example.test") if b"Subject: swaks tls" in m]
        self.assertEqual(len(msg), 1)
        self.assertIn(b"with ESMTPSA", msg[0])

    @unittest.skipUnless(shutil.which("swaks"), "swaks not installed (apt-get install swaks)")
    def test_swaks_refused_relay(self):
        r = run(["swaks", "--server", "127.0.0.1", "--port", str(self.c.port["smtp"]),
                 "--from", "spam@remote.test", "--to", "victim@elsewhere.test"])
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("554 5.7.1", r.stdout + r.stderr)

    @unittest.skipUnless(shutil.which("curl"), "curl not installed (apt-get install curl)")
    def test_curl_implicit_tls_and_starttls(self):
        mail = "From: bob@example.test\r\nTo: alice@example.test\r\nSubject: curl {}\r\n\r\nsent by curl\r\n"
        for name, url, extra in (
                ("smtps", f"smtps://127.0.0.1:{self.c.port['submission_tls']}", []),
                ("starttls", f"smtp://127.0.0.1:{self.c.port['submission']}", ["--ssl-reqd"])):
            with self.subTest(name):
                r = run(["curl", "-sS", "--insecure", *extra, "--url", url, "--user", "bob@example.test:secret",
                         "--mail-from", "bob@example.test", "--mail-rcpt", "alice@example.test",
                         "--upload-file", "-"], stdin=mail.format(name))
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                self.assertTrue(any(f"Subject: curl {name}".encode() in m
                                    for m in self.store.inbox("alice@example.test")))

    @unittest.skipUnless(shutil.which("curl"), "curl not installed (apt-get install curl)")
    def test_curl_wrong_password(self):
        r = run(["curl", "-sS", "--insecure", "--url", f"smtps://127.0.0.1:{self.c.port['submission_tls']}",
                 "--user", "bob@example.test:nope", "--mail-from", "bob@example.test",
                 "--mail-rcpt", "alice@example.test", "--upload-file", "-"], stdin="Subject: x\r\n\r\nx\r\n")
        self.assertNotEqual(r.returncode, 0)


if __name__ == "__main__":
    unittest.main()
