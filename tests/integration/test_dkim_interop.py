"""DKIM against another implementation: Debian's python3-dkim (dkimpy) verifies what our
signer writes, and our verifier (through tests/tools/dkim_tool) accepts what dkimpy signs,
with RSA-2048 and Ed25519 keys made fresh by openssl.
"""
import base64
import os
import subprocess
import sys
import tempfile
import unittest

import dkim

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

DKIM_TOOL = os.path.join(harness.BUILD, "tests", "dkim_tool")
DOMAIN = "example.test"
SELECTOR = "sel"

MESSAGE = (b"From: Joe <joe@example.test>\r\n"
           b"To: Suzie <suzie@example.net>\r\n"
           b"Subject: Is dinner ready?\r\n"
           b"Date: Fri, 11 Jul 2003 21:00:37 -0700\r\n"
           b"Message-ID: <20030712040037.46341@example.test>\r\n"
           b"MIME-Version: 1.0\r\n"
           b"Content-Type: text/plain; charset=utf-8\r\n"
           b"\r\n"
           b"Hi.\r\n"
           b"\r\n"
           b"We lost the game.   Are you  hungry yet?  \r\n"
           b"\r\n"
           b"\r\n")


def openssl(*args, data=None):
    return subprocess.run(["openssl", *args], input=data, check=True, capture_output=True).stdout


class Keys:
    """A fresh RSA-2048 and Ed25519 key pair, as PEM files, dkimpy's forms and key records."""

    def __init__(self, directory):
        self.rsa_pem = os.path.join(directory, "rsa.pem")
        self.ed25519_pem = os.path.join(directory, "ed25519.pem")
        # PKCS#1 ("traditional") for dkimpy; our signer reads either form.
        openssl("genrsa", "-traditional", "-out", self.rsa_pem, "2048")
        openssl("genpkey", "-algorithm", "ed25519", "-out", self.ed25519_pem)
        rsa_public = openssl("pkey", "-in", self.rsa_pem, "-pubout", "-outform", "DER")
        self.rsa_record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(rsa_public)
        with open(self.rsa_pem, "rb") as f:
            self.rsa_private = f.read()
        # RFC 8463 section 4: raw 32-byte keys; the PKCS#8 and SPKI encodings end with them.
        ed_public = openssl("pkey", "-in", self.ed25519_pem, "-pubout", "-outform", "DER")[-32:]
        self.ed25519_record = b"v=DKIM1; k=ed25519; p=" + base64.b64encode(ed_public)
        ed_private = openssl("pkey", "-in", self.ed25519_pem, "-outform", "DER")[-32:]
        self.ed25519_private = base64.b64encode(ed_private)


def dns_answering(record):
    def dnsfunc(name, timeout=5):
        return record if name.rstrip(b".") == f"{SELECTOR}._domainkey.{DOMAIN}".encode() else None
    return dnsfunc


class DkimInterop(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="carteiro-dkim-")
        cls.keys = Keys(cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def our_sign(self, pem, message=MESSAGE):
        run = subprocess.run([DKIM_TOOL, "sign", pem, DOMAIN, SELECTOR], input=message, capture_output=True)
        self.assertEqual(run.returncode, 0, run.stderr)
        return run.stdout

    def our_verify(self, record, message):
        run = subprocess.run([DKIM_TOOL, "verify", record.decode()], input=message, capture_output=True)
        return run.returncode, run.stdout.decode()

    def test_dkimpy_verifies_our_rsa_signature(self):
        signed = self.our_sign(self.keys.rsa_pem)
        self.assertTrue(signed.startswith(b"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;"))
        self.assertTrue(dkim.verify(signed, dnsfunc=dns_answering(self.keys.rsa_record)))
        self.assertFalse(dkim.verify(signed.replace(b"We lost", b"We won"), dnsfunc=dns_answering(self.keys.rsa_record)))

    def test_dkimpy_verifies_our_ed25519_signature(self):
        signed = self.our_sign(self.keys.ed25519_pem)
        self.assertTrue(dkim.verify(signed, dnsfunc=dns_answering(self.keys.ed25519_record)))
        # Oversigned From: a second one added on top breaks the signature for dkimpy too.
        forged = b"From: Boss <boss@example.net>\r\n" + signed
        self.assertFalse(dkim.verify(forged, dnsfunc=dns_answering(self.keys.ed25519_record)))

    def test_dkimpy_verifies_our_signature_of_a_message_with_bare_line_feeds(self):
        signed = self.our_sign(self.keys.rsa_pem, MESSAGE.replace(b"\r\n", b"\n"))
        self.assertTrue(dkim.verify(signed, dnsfunc=dns_answering(self.keys.rsa_record)))

    def test_we_verify_dkimpy_rsa_signatures(self):
        for canon in ((b"relaxed", b"simple"), (b"simple", b"simple"), (b"relaxed", b"relaxed")):
            with self.subTest(canon=canon):
                signature = dkim.sign(MESSAGE, SELECTOR.encode(), DOMAIN.encode(), self.keys.rsa_private,
                                      canonicalize=canon)
                code, out = self.our_verify(self.keys.rsa_record, signature + MESSAGE)
                self.assertEqual(code, 0, out)
                self.assertIn("pass d=example.test s=sel a=rsa-sha256", out)
                code, out = self.our_verify(self.keys.rsa_record, signature + MESSAGE.replace(b"Hi.", b"Hello."))
                self.assertEqual(code, 1, out)
                self.assertIn("body hash mismatch", out)

    def test_we_verify_dkimpy_ed25519_signatures(self):
        for canon in ((b"relaxed", b"relaxed"), (b"relaxed", b"simple")):
            with self.subTest(canon=canon):
                signature = dkim.sign(MESSAGE, SELECTOR.encode(), DOMAIN.encode(), self.keys.ed25519_private,
                                      canonicalize=canon, signature_algorithm=b"ed25519-sha256")
                code, out = self.our_verify(self.keys.ed25519_record, signature + MESSAGE)
                self.assertEqual(code, 0, out)
                self.assertIn("pass d=example.test s=sel a=ed25519-sha256", out)

    def test_we_report_content_after_dkimpy_body_length(self):
        signature = dkim.sign(MESSAGE, SELECTOR.encode(), DOMAIN.encode(), self.keys.rsa_private,
                              canonicalize=(b"relaxed", b"simple"), length=True)
        self.assertIn(b"l=", signature)
        code, out = self.our_verify(self.keys.rsa_record, signature + MESSAGE + b"Appended.\r\n")
        self.assertEqual(code, 0, out)  # still a pass, but the caller is told
        self.assertIn("content-beyond-l", out)


if __name__ == "__main__":
    unittest.main()
