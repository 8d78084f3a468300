"""`carteiro check dmarc FILE` against a private unbound on loopback serving DKIM keys, SPF
and DMARC records: a message signed (by tests/tools/dkim_tool) with a key of its From
domain passes, one forging a p=reject domain fails to reject, a p=quarantine subdomain
fails to quarantine through its organizational domain's record, two From fields are a
permerror."""
import base64
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from loopback_dns import CliTestCase, run_cli  # noqa: E402

DKIM_TOOL = os.path.join(harness.BUILD, "tests", "dkim_tool")
CLIENT_IP = "192.0.2.10"


def message(sender, subject="hello"):
    return (f"From: {sender}\r\nTo: bob@example.test\r\nSubject: {subject}\r\n"
            f"Message-ID: <check-dmarc@example.test>\r\n\r\nHello, world.\r\n").encode()


class CheckDmarcTest(CliTestCase):
    @classmethod
    def records(cls):
        cls.key_file = os.path.join(cls.dir, "ed25519.pem")
        subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", cls.key_file], check=True,
                       capture_output=True)
        # RFC 8463 section 4: the raw 32-byte key, which the SPKI encoding ends with.
        public = subprocess.run(["openssl", "pkey", "-in", cls.key_file, "-pubout", "-outform", "DER"],
                                check=True, capture_output=True).stdout[-32:]
        return [
            f'sel._domainkey.sign.test. TXT "v=DKIM1; k=ed25519; p={base64.b64encode(public).decode()}"',
            '_dmarc.sign.test. TXT "v=DMARC1; p=reject; rua=mailto:dmarc@sign.test"',
            f'sign.test. TXT "v=spf1 ip4:{CLIENT_IP} -all"',
            '_dmarc.bank.test. TXT "v=DMARC1; p=reject"',
            '_dmarc.shop.test. TXT "v=DMARC1; p=quarantine; aspf=s"',
        ]

    def sign(self, data, domain="sign.test"):
        r = subprocess.run([DKIM_TOOL, "sign", self.key_file, domain, "sel"], input=data, capture_output=True,
                           timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def check(self, data, *options, status=0):
        path = os.path.join(self.dir, "message.eml")
        with open(path, "wb") as f:
            f.write(data)
        r = run_cli(self.config, "check", "dmarc", path, *options)
        self.assertEqual(r.returncode, status, r.stdout + r.stderr)
        return r.stdout

    def test_a_message_signed_with_an_aligned_key_passes(self):
        out = self.check(self.sign(message("Alice <alice@sign.test>")), "--ip", CLIENT_IP,
                         "--mail-from", "alice@sign.test", "--helo", "mx.sign.test")
        lines = out.splitlines()
        self.assertIn("from domain: sign.test", lines)
        self.assertIn("record: _dmarc.sign.test: v=DMARC1; p=reject; rua=mailto:dmarc@sign.test", lines)
        self.assertIn("policy: reject, disposition: none", lines)
        self.assertIn("spf (mail from): pass for sign.test, aligned (relaxed)", lines)
        self.assertIn("  for DMARC: pass for sign.test, aligned (relaxed)", lines)
        self.assertIn("dmarc: pass (SPF and DKIM aligned)", lines)
        self.assertIn("Authentication-Results: mail.example.test;", lines)
        self.assertIn("\tspf=pass smtp.mailfrom=alice@sign.test;", lines)
        self.assertIn("\tdmarc=pass (p=reject dis=none) header.from=sign.test", lines)
        self.assertTrue(any(line.startswith("\tdkim=pass header.d=sign.test") for line in lines), out)

    def test_a_forged_p_reject_domain_fails(self):
        # Signed, but by another domain than the From's; SPF passes for that other domain.
        out = self.check(self.sign(message("CEO <ceo@bank.test>")), "--ip", CLIENT_IP,
                         "--mail-from", "x@sign.test", status=3)
        lines = out.splitlines()
        self.assertIn("from domain: bank.test", lines)
        self.assertIn("policy: reject, disposition: reject", lines)
        self.assertIn("spf (mail from): pass for sign.test, not aligned with bank.test "
                      "(relaxed: organizational domains sign.test and bank.test)", lines)
        self.assertIn("  for DMARC: pass for sign.test, not aligned with bank.test "
                      "(relaxed: organizational domains sign.test and bank.test)", lines)
        self.assertIn("dmarc: fail (neither SPF nor DKIM aligned with bank.test)", lines)
        self.assertIn("\tdmarc=fail (p=reject dis=reject)", lines)

    def test_a_p_quarantine_subdomain_fails_through_its_organizational_domain(self):
        out = self.check(message("news@mail.shop.test"), status=3)
        lines = out.splitlines()
        self.assertIn("from domain: mail.shop.test", lines)
        self.assertIn("record: _dmarc.shop.test: v=DMARC1; p=quarantine; aspf=s", lines)
        self.assertIn("  (the organizational domain's record)", lines)
        self.assertIn("policy: quarantine, disposition: quarantine", lines)
        self.assertIn("spf: not checked (no --ip)", lines)
        self.assertIn("dkim: none (no DKIM-Signature field)", lines)
        self.assertIn("\tdkim=none;", lines)
        self.assertIn("\tspf=none;", lines)

    def test_no_policy_two_from_fields_and_bad_arguments(self):
        out = self.check(message("someone@nopolicy.test"))
        self.assertIn("dmarc: none (no DMARC record at _dmarc.nopolicy.test)", out.splitlines())
        out = self.check(b"From: a@sign.test\r\n" + message("b@bank.test"), status=4)
        self.assertIn("from domain: none (2 From fields)", out.splitlines())
        self.check(message("a@sign.test"), "--ip", "not-an-ip", status=2)
        r = run_cli(self.config, "check", "dmarc", "/nonexistent/x.eml")
        self.assertEqual((r.returncode, "cannot read" in r.stderr), (2, True), r.stderr)


if __name__ == "__main__":
    unittest.main()
