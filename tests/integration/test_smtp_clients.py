"""Other real clients than smtplib: swaks (Debian package swaks) and curl (package curl),
over plain SMTP, STARTTLS with AUTH, and implicit TLS. A missing tool fails its tests (a skipped
test cannot fail): scripts/install-deps.sh --test installs both."""
import shutil
import subprocess
import unittest

from smtp_store import SmtpServerTest


def run(args, stdin=None):
    return subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=120)


class SmtpClientsTest(SmtpServerTest):
    ACCOUNTS = {"bob@example.test": "secret", "alice@example.test": "alicepw"}

    def require(self, tool):
        if not shutil.which(tool):
            self.fail(f"{tool} is not installed: run scripts/install-deps.sh --test (or apt-get install {tool})")

    def test_swaks_mx_with_pipelining(self):
        self.require("swaks")
        r = run(["swaks", "--server", "127.0.0.1", "--port", str(self.c.port["smtp"]), "--pipeline",
                 "--from", "carol@remote.test", "--to", "bob@example.test", "--header", "Subject: swaks mx",
                 "--body", "hello from swaks"])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertTrue(any(b"Subject: swaks mx" in m for m in self.store.inbox("bob@example.test")))

    def test_swaks_starttls_auth(self):
        self.require("swaks")
        r = run(["swaks", "--server", "127.0.0.1", "--port", str(self.c.port["submission"]), "--tls",
                 "--auth", "LOGIN", "--auth-user", "alice@example.test", "--auth-password", "alicepw",
                 "--from", "alice@example.test", "--to", "bob@example.test", "--header", "Subject: swaks tls"])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        msg = [m for m in self.store.inbox("bob@example.test") if b"Subject: swaks tls" in m]
        self.assertEqual(len(msg), 1)
        self.assertIn(b"with ESMTPSA", msg[0])

    def test_swaks_refused_relay(self):
        self.require("swaks")
        r = run(["swaks", "--server", "127.0.0.1", "--port", str(self.c.port["smtp"]),
                 "--from", "spam@remote.test", "--to", "victim@elsewhere.test"])
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("554 5.7.1", r.stdout + r.stderr)

    def test_curl_implicit_tls_and_starttls(self):
        self.require("curl")
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

    def test_curl_wrong_password(self):
        self.require("curl")
        r = run(["curl", "-sS", "--insecure", "--url", f"smtps://127.0.0.1:{self.c.port['submission_tls']}",
                 "--user", "bob@example.test:nope", "--mail-from", "bob@example.test",
                 "--mail-rcpt", "alice@example.test", "--upload-file", "-"], stdin="Subject: x\r\n\r\nx\r\n")
        self.assertNotEqual(r.returncode, 0)


if __name__ == "__main__":
    unittest.main()
