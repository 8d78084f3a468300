"""`carteiro check dkim FILE` against a private unbound on loopback serving a DKIM key:
messages signed by dkimpy (an independent implementation) verify, altered ones fail."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import dkim

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from dkim_keys import rsa_key, txt_strings  # noqa: E402
from loopback_dns import Unbound, write_cli_config  # noqa: E402

MESSAGE = (b"From: Alice <alice@sign.test>\r\nTo: bob@example.test\r\nSubject: signed\r\n"
           b"Message-ID: <check-dkim@sign.test>\r\n\r\nHello, signed world.\r\n")


class CheckDkimTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="carteiro-check-dkim-")
        cls.key, record = rsa_key(cls.dir)
        cls.dns = Unbound([
            f"sel._domainkey.sign.test. TXT {txt_strings(record)}",  # longer than one character-string
        ]).__enter__()
        cls.config = write_cli_config(cls.dir, cls.dns.port)

    @classmethod
    def tearDownClass(cls):
        cls.dns.__exit__(None, None, None)
        shutil.rmtree(cls.dir, ignore_errors=True)

    def check(self, message, status=0):
        path = os.path.join(self.dir, "message.eml")
        with open(path, "wb") as f:
            f.write(message)
        r = subprocess.run([harness.CARTEIRO, "--config", self.config, "check", "dkim", path],
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, status, r.stdout + r.stderr)
        for marker in ("ERROR: AddressSanitizer", "runtime error:", "ERROR: LeakSanitizer"):
            self.assertNotIn(marker, r.stderr)
        return r.stdout.splitlines()

    def sign(self, selector=b"sel"):
        return dkim.sign(MESSAGE, selector, b"sign.test", self.key, canonicalize=(b"relaxed", b"relaxed"),
                         include_headers=[b"from", b"to", b"subject"]) + MESSAGE

    def test_a_signed_message_passes(self):
        lines = self.check(self.sign())
        self.assertEqual(lines, ["dkim: pass d=sign.test s=sel a=rsa-sha256"])

    def test_an_altered_body_fails(self):
        lines = self.check(self.sign().replace(b"Hello", b"Jello"))
        self.assertEqual(len(lines), 1)
        self.assertTrue(lines[0].startswith("dkim: fail d=sign.test s=sel"), lines)

    def test_a_missing_key_and_an_unsigned_message(self):
        lines = self.check(self.sign(selector=b"gone"))
        self.assertTrue(lines[0].startswith("dkim: permerror d=sign.test s=gone"), lines)
        self.assertEqual(self.check(MESSAGE), ["dkim: none (no DKIM-Signature field)"])

    def test_an_unreadable_file_is_refused(self):
        r = subprocess.run([harness.CARTEIRO, "--config", self.config, "check", "dkim", "/nonexistent/x.eml"],
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 2)
        self.assertIn("cannot read", r.stderr)


if __name__ == "__main__":
    unittest.main()
