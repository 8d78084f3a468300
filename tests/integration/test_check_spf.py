"""`carteiro check spf` against a private unbound on loopback serving SPF records: the
libunbound lookups (TXT, A, MX) and the SPF evaluation end to end, as an admin runs them."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from loopback_dns import Unbound, write_cli_config  # noqa: E402

INSIDE = "192.0.2.10"
OUTSIDE = "198.51.100.7"


class CheckSpfTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dns = Unbound([
            'pass.test. TXT "v=spf1 ip4:192.0.2.0/24 -all"',
            # Two character-strings: joined without a space (RFC 7208 section 3.3).
            'soft.test. TXT "v=spf1 ip4:203.0.113.0/24" " ~all"',
            'incl.test. TXT "v=spf1 include:pass.test -all"',
            'mxdom.test. TXT "v=spf1 mx -all"',
            "mxdom.test. MX 10 mx.mxdom.test.",
            f"mx.mxdom.test. A {OUTSIDE}",
            'helo.test. TXT "v=spf1 a -all"',
            f"helo.test. A {INSIDE}",
        ]).__enter__()
        cls.dir = tempfile.mkdtemp(prefix="carteiro-check-spf-")
        cls.config = write_cli_config(cls.dir, cls.dns.port)

    @classmethod
    def tearDownClass(cls):
        cls.dns.__exit__(None, None, None)
        shutil.rmtree(cls.dir, ignore_errors=True)

    def check(self, ip, mail_from, helo="helo.test", status=0):
        r = subprocess.run([harness.CARTEIRO, "--config", self.config, "check", "spf", ip, mail_from, helo],
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, status, r.stdout + r.stderr)
        for marker in ("ERROR: AddressSanitizer", "runtime error:", "ERROR: LeakSanitizer"):
            self.assertNotIn(marker, r.stderr)
        return r.stdout.splitlines()

    def test_pass_names_the_matching_mechanism(self):
        lines = self.check(INSIDE, "alice@pass.test")
        self.assertEqual(lines[0], "mail from: pass (matched ip4:192.0.2.0/24)")
        self.assertEqual(lines[1], "helo: pass (matched a)")
        self.assertTrue(lines[2].startswith("Received-SPF: pass "), lines)
        self.assertIn(f"client-ip={INSIDE}", lines[2])
        self.assertIn("envelope-from=", lines[2])

    def test_fail_on_minus_all(self):
        lines = self.check(OUTSIDE, "alice@pass.test")
        self.assertEqual(lines[0], "mail from: fail (matched -all)")
        self.assertEqual(lines[1], "helo: fail (matched -all)")
        self.assertTrue(lines[-1].startswith("Received-SPF: fail "), lines)

    def test_softfail_with_split_character_strings(self):
        lines = self.check(OUTSIDE, "bob@soft.test")
        self.assertEqual(lines[0], "mail from: softfail (matched ~all)")
        self.assertTrue(lines[-1].startswith("Received-SPF: softfail "), lines)

    def test_include_passes_through_the_included_record(self):
        lines = self.check(INSIDE, "carol@incl.test")
        self.assertEqual(lines[0], "mail from: pass (matched include:pass.test)")
        lines = self.check(OUTSIDE, "carol@incl.test")
        self.assertEqual(lines[0], "mail from: fail (matched -all)")

    def test_mx_mechanism_and_missing_records(self):
        self.assertEqual(self.check(OUTSIDE, "dave@mxdom.test")[0], "mail from: pass (matched mx)")
        self.assertEqual(self.check(OUTSIDE, "erin@nowhere.test")[0], "mail from: none (no SPF record)")

    def test_null_reverse_path_checks_the_helo_name(self):
        lines = self.check(INSIDE, "", helo="helo.test")
        self.assertEqual(lines[0], "mail from: pass (matched a)")

    def test_a_bad_address_is_refused(self):
        self.assertEqual(self.check("not-an-ip", "alice@pass.test", status=2), [])


if __name__ == "__main__":
    unittest.main()
