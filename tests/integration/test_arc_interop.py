"""ARC against another implementation: Debian's python3-dkim (dkimpy) seals chains that our
verifier (through tests/tools/arc_tool) accepts, verifies the sets our sealer adds, alone
or on top of its own, and both refuse a tampered chain. Keys are made fresh by openssl;
dkimpy's ARC signs and verifies rsa-sha256 only.
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
from test_dkim_interop import MESSAGE, openssl  # noqa: E402

ARC_TOOL = os.path.join(harness.BUILD, "tests", "arc_tool")

class Sealer:
    """One intermediary: its domain, selector and a fresh RSA key (PKCS#1 PEM for dkimpy)."""

    def __init__(self, directory, domain, selector, bits):
        self.domain = domain
        self.selector = selector
        self.pem = os.path.join(directory, domain + ".pem")
        openssl("genrsa", "-traditional", "-out", self.pem, str(bits))
        with open(self.pem, "rb") as f:
            self.private = f.read()
        public = openssl("pkey", "-in", self.pem, "-pubout", "-outform", "DER")
        self.record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)
        self.name = f"{selector}._domainkey.{domain}"


class ArcInterop(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="carteiro-arc-")
        cls.py_first = Sealer(cls.tmp.name, "lists.example.org", "py", 2048)
        cls.py_second = Sealer(cls.tmp.name, "relay.example.com", "py2", 1024)
        cls.ours = Sealer(cls.tmp.name, "forwarder.example.net", "ours", 2048)
        cls.sealers = [cls.py_first, cls.py_second, cls.ours]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def dnsfunc(self, name, timeout=5):
        for sealer in self.sealers:
            if name.rstrip(b".") == sealer.name.encode():
                return sealer.record
        return None

    def records(self):
        return [f"{sealer.name}={sealer.record.decode()}" for sealer in self.sealers]

    def dkimpy_seal(self, sealer, message, chain=None):
        """dkimpy reads its verdict from an Authentication-Results field of its own srv_id."""
        results = b"spf=pass smtp.mailfrom=example.test" + (b"; arc=" + chain if chain else b"")
        received = b"Authentication-Results: " + sealer.domain.encode() + b"; " + results + b"\r\n" + message
        fields = dkim.arc_sign(received, sealer.selector.encode(), sealer.domain.encode(), sealer.private,
                               sealer.domain.encode())
        self.assertEqual(len(fields), 3)
        return b"".join(fields) + message

    def our_seal(self, message, results="spf=pass smtp.mailfrom=example.test"):
        run = subprocess.run([ARC_TOOL, "seal", self.ours.pem, self.ours.domain, self.ours.selector,
                              "mx." + self.ours.domain, results, *self.records()], input=message, capture_output=True)
        self.assertEqual(run.returncode, 0, run.stderr)
        return run.stdout

    def our_verify(self, message):
        run = subprocess.run([ARC_TOOL, "verify", *self.records()], input=message, capture_output=True)
        return run.returncode, run.stdout.decode()

    def dkimpy_verify(self, message):
        cv, _, reason = dkim.arc_verify(message, dnsfunc=self.dnsfunc)
        return cv, reason

    def test_we_verify_chains_dkimpy_sealed(self):
        one = self.dkimpy_seal(self.py_first, MESSAGE)
        code, out = self.our_verify(one)
        self.assertEqual((code, out), (0, "pass instances=1 sealer=lists.example.org\n"))
        two = self.dkimpy_seal(self.py_second, one, chain=b"pass")
        self.assertEqual(self.dkimpy_verify(two)[0], b"pass")
        code, out = self.our_verify(two)
        self.assertEqual((code, out), (0, "pass instances=2 sealer=relay.example.com\n"))

    def test_dkimpy_verifies_our_seal(self):
        sealed = self.our_seal(MESSAGE)
        self.assertTrue(sealed.startswith(b"ARC-Seal: i=1; a=rsa-sha256; cv=none;"))
        self.assertEqual(self.dkimpy_verify(sealed), (b"pass", "success"))
        self.assertEqual(self.our_verify(sealed)[0], 0)

    def test_our_seal_on_top_of_dkimpy_and_dkimpy_on_top_of_ours(self):
        theirs = self.dkimpy_seal(self.py_first, MESSAGE)
        ours = self.our_seal(theirs, "arc=pass smtp.remote-ip=192.0.2.1")
        self.assertTrue(ours.startswith(b"ARC-Seal: i=2; a=rsa-sha256; cv=pass;"))
        self.assertEqual(self.dkimpy_verify(ours), (b"pass", "success"))
        self.assertEqual(self.our_verify(ours), (0, "pass instances=2 sealer=forwarder.example.net\n"))
        third = self.dkimpy_seal(self.py_second, ours, chain=b"pass")
        self.assertEqual(self.dkimpy_verify(third), (b"pass", "success"))
        self.assertEqual(self.our_verify(third), (0, "pass instances=3 sealer=relay.example.com\n"))

    def test_a_tampered_chain_fails_in_both(self):
        chain = self.our_seal(self.dkimpy_seal(self.py_first, MESSAGE))
        body = chain.replace(b"We lost", b"We won")
        self.assertEqual(self.dkimpy_verify(body)[0], b"fail")
        code, out = self.our_verify(body)
        self.assertEqual(code, 1)
        self.assertIn("fail instances=2 (ARC-Message-Signature i=2: body hash mismatch)", out)
        # The first intermediary's results rewritten: every later seal breaks.
        results = chain.replace(b"ARC-Authentication-Results: i=1; lists.example.org; spf=pass",
                                b"ARC-Authentication-Results: i=1; lists.example.org; spf=fail")
        self.assertNotEqual(results, chain)
        self.assertEqual(self.dkimpy_verify(results)[0], b"fail")
        code, out = self.our_verify(results)
        self.assertEqual(code, 1)
        self.assertIn("(ARC-Seal i=2: signature does not verify)", out)
        # A set removed.
        fields = chain.split(b"\r\nARC-")
        self.assertTrue(fields[0].startswith(b"ARC-Seal: i=2"))
        no_first_seal = b"\r\nARC-".join(f for f in fields if not f.startswith(b"Seal: i=1;"))
        self.assertEqual(self.dkimpy_verify(no_first_seal)[0], b"fail")
        code, out = self.our_verify(no_first_seal)
        self.assertEqual((code, out), (1, "fail instances=2 (ARC set i=1 has no ARC-Seal)\n"))


if __name__ == "__main__":
    unittest.main()
