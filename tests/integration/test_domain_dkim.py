"""`carteiro domain dkim show|rotate`, `domain dns` and `domain check`: the CLI alone (no
daemon) on a fresh data dir; `domain check` against a loopback unbound serving the records
`domain dns` printed: for one domain all of them (everything ok), for another with one DKIM
key missing and the other replaced (the check fails and says which)."""
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from loopback_dns import Unbound, write_cli_config  # noqa: E402

HOST_RECORD = "mail.example.test. IN A 127.0.0.1"  # write_cli_config's hostname
KEY_LINE = re.compile(r"^  (\S+)\._domainkey\.(\S+) TXT \"(.*)\"$", re.M)


def zone_records(dns_output):
    """The record lines of `domain dns` (comments and blank lines dropped)."""
    return [line for line in dns_output.splitlines() if line and not line.startswith(";")]


class DomainDkimTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="carteiro-domain-dns-")
        cls.config = write_cli_config(cls.dir, 9)  # the DNS port is set once unbound runs
        for domain in ("good.test", "bad.test", "old.test"):
            cls.cli("domain", "add", domain)
        cls.good = zone_records(cls.cli("domain", "dns", "good.test").stdout)
        bad = zone_records(cls.cli("domain", "dns", "bad.test").stdout)
        other = zone_records(cls.cli("domain", "dns", "old.test").stdout)
        other_ed25519 = next(r for r in other if "k=ed25519" in r).split(" TXT ", 1)[1]
        # bad.test: the RSA key missing, the Ed25519 record holding another key, a DMARC
        # record without a policy.
        cls.bad = [r.split(" TXT ", 1)[0] + " TXT " + other_ed25519 if "k=ed25519" in r else r
                   for r in bad if "k=rsa" not in r and "_dmarc" not in r]
        cls.bad.append('_dmarc.bad.test. IN TXT "v=DMARC1; sp=reject"')
        cls.dns = Unbound([HOST_RECORD] + cls.good + cls.bad).__enter__()
        write_cli_config(cls.dir, cls.dns.port)

    @classmethod
    def tearDownClass(cls):
        cls.dns.__exit__(None, None, None)
        shutil.rmtree(cls.dir, ignore_errors=True)

    @classmethod
    def cli(cls, *args, check=True):
        r = subprocess.run([harness.CARTEIRO, "--config", cls.config, *args], capture_output=True, text=True,
                           timeout=120)
        if check and r.returncode != 0:
            raise AssertionError(f"carteiro {' '.join(args)} failed ({r.returncode}): {r.stderr}")
        return r

    def test_dns_prints_every_record(self):
        out = self.cli("domain", "dns", "good.test").stdout
        for expected in ("good.test. IN MX 10 mail.example.test.", 'good.test. IN TXT "v=spf1 mx -all"',
                         '_dmarc.good.test. IN TXT "v=DMARC1; p=quarantine; rua=mailto:postmaster@good.test"',
                         "p=reject", '_smtp._tls.good.test. IN TXT "v=TLSRPTv1; rua=mailto:postmaster@good.test"',
                         "https://mta-sts.good.test/.well-known/mta-sts.txt", ";     mode: enforce",
                         ";     mx: mail.example.test", ";     max_age: 604800",
                         "_submission._tcp.good.test. IN SRV 0 1 2587 mail.example.test.",
                         "_submissions._tcp.good.test. IN SRV 0 1 2465 mail.example.test.",
                         "_imaps._tcp.good.test. IN SRV 0 1 2993 mail.example.test.",
                         "_pop3._tcp.good.test. IN SRV 0 1 2110 mail.example.test."):
            self.assertIn(expected, out)
        self.assertRegex(out, r'_mta-sts\.good\.test\. IN TXT "v=STSv1; id=[0-9a-f]{20}"')
        self.assertRegex(out, r'rsa-\d{8}\._domainkey\.good\.test\. IN TXT "v=DKIM1; k=rsa; p=MII[^"]{200,}" "')
        self.assertRegex(out, r'ed-\d{8}\._domainkey\.good\.test\. IN TXT "v=DKIM1; k=ed25519; p=[^"]{44}"')
        self.assertEqual(out, self.cli("domain", "dns", "good.test").stdout)  # stable: same keys, same id

    def test_check_passes_for_the_published_records(self):
        r = self.cli("domain", "check", "good.test", check=False)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(len([l for l in lines if l.startswith("ok ")]), 13, r.stdout)
        self.assertIn("all records are in place", r.stdout)

    def test_check_names_the_missing_and_the_wrong_key(self):
        r = self.cli("domain", "check", "bad.test", check=False)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertRegex(r.stdout, r"missing\s+DKIM\s+no v=DKIM1 TXT record at rsa-\d{8}\._domainkey\.bad\.test")
        self.assertRegex(r.stdout, r"wrong\s+DKIM\s+ed-\d{8}\._domainkey\.bad\.test holds another key")
        self.assertRegex(r.stdout, r"wrong\s+DMARC\s+_dmarc\.bad\.test: no p= policy")
        self.assertRegex(r.stdout, r"ok\s+SPF\s+")
        r = self.cli("domain", "check", "old.test", check=False)  # nothing published at all
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stdout, r"missing\s+MX")

    def test_show_and_rotate(self):
        self.cli("domain", "add", "rot.test")
        shown = self.cli("domain", "dkim", "rot.test", "show").stdout
        keys = KEY_LINE.findall(shown)
        self.assertEqual([k[0].split("-")[0] for k in keys], ["rsa", "ed"], shown)
        self.assertIn("current, signs outgoing mail", shown)
        rotated = self.cli("domain", "dkim", "rot.test", "rotate", "--grace", "2").stdout
        new_keys = KEY_LINE.findall(rotated)
        self.assertEqual(len(new_keys), 4, rotated)
        self.assertEqual(new_keys[2:], keys)  # the old ones, retired, listed after the new
        self.assertEqual(new_keys[0][0], keys[0][0] + "-2")  # the same day: a unique selector
        self.assertEqual(rotated.count("retired"), 2)
        self.assertRegex(rotated, r"deleted after \d{4}-\d\d-\d\d")
        self.assertNotIn("PRIVATE KEY", rotated)
        dns = self.cli("domain", "dns", "rot.test").stdout
        self.assertEqual(dns.count("._domainkey.rot.test. IN TXT"), 4)
        self.assertEqual(dns.count("; retired: signs no more mail"), 2)
        # The grace period over (made past by hand), the retired keys are gone.
        db = sqlite3.connect(os.path.join(self.dir, "data", "carteiro.db"))
        with db:
            db.execute("UPDATE dkim_keys SET delete_at = 1 WHERE retired_at IS NOT NULL")
        db.close()
        self.assertEqual(len(KEY_LINE.findall(self.cli("domain", "dkim", "rot.test", "show").stdout)), 2)
        self.assertEqual(self.cli("domain", "dkim", "nowhere.test", "show", check=False).returncode, 1)

    def test_a_domain_without_keys_gets_them_at_its_first_show(self):
        self.cli("domain", "add", "legacy.test")
        db = sqlite3.connect(os.path.join(self.dir, "data", "carteiro.db"))
        with db:
            db.execute("DELETE FROM dkim_keys WHERE domain_id = (SELECT id FROM domains WHERE name = 'legacy.test')")
        db.close()
        r = self.cli("domain", "dkim", "legacy.test", "show")
        self.assertIn("had no DKIM keys", r.stderr)
        self.assertEqual(len(KEY_LINE.findall(r.stdout)), 2)


if __name__ == "__main__":
    unittest.main()
