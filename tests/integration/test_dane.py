"""DANE for SMTP (RFC 7672) in the outbound queue, end to end on loopback: a DNSSEC-signed
zone dane.test (ldns-signzone, served by unbound) whose DS record is the sender's only
trust anchor (`[dns] trust_anchor_file`) publishes TLSA records for two MX hosts that are
the same receiving carteirod:

  dane.test      mx.dane.test   TLSA 3 1 1 of the receiver's key     -> delivered
  bad.dane.test  mx2.dane.test  TLSA 3 1 1 of another key            -> stays queued"""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import tls_files  # noqa: E402
from dnssec_zone import SignedZone  # noqa: E402
from loopback_dns import free_port  # noqa: E402
from smtp_store import StoreView  # noqa: E402
from test_mta_sts import DELIVERY_TIMEOUT, PASSWORD, SENDER, submit  # noqa: E402


def spki_sha256(cert_path):
    """RFC 6698 selector 1, matching type 1: SHA-256 of the SubjectPublicKeyInfo."""
    pem = subprocess.run(["openssl", "x509", "-in", cert_path, "-pubkey", "-noout"], check=True,
                         capture_output=True, timeout=60).stdout
    der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "DER"], input=pem, check=True,
                         capture_output=True, timeout=60).stdout
    return hashlib.sha256(der).hexdigest()


class DaneTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="carteiro-dane-")
        cls.cert = tls_files.make_certificate(cls.dir, "mx", "mx.dane.test")
        other = tls_files.make_certificate(cls.dir, "other", "mx2.dane.test")
        cls.smtp_port = free_port()
        tlsa = f"_{cls.smtp_port}._tcp"
        cls.zone = SignedZone("dane.test", [
            "@ MX 10 mx", "mx A 127.0.0.1", f"{tlsa}.mx TLSA 3 1 1 {spki_sha256(cls.cert[0])}",
            "bad MX 10 mx2", "mx2 A 127.0.0.1", f"{tlsa}.mx2 TLSA 3 1 1 {spki_sha256(other[0])}",
        ]).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.zone.__exit__(None, None, None)
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_tlsa_records_decide(self):
        cert, key = self.cert
        remote = harness.Carteiro(hostname="mx.dane.test", env={
            "CARTEIRO_SMTP_LISTEN": f"127.0.0.1:{self.smtp_port}", "CARTEIRO_TLS_CERT": cert, "CARTEIRO_TLS_KEY": key})
        toml = (f"[queue]\nremote_port = {self.smtp_port}\nretry_interval = 3600\nallow_private_destinations = true\n"
                f'[dns]\nservers = ["127.0.0.1@{self.zone.port}"]\ntrust_anchor_file = "{self.zone.trust_anchor}"\n')
        with remote, harness.Carteiro(hostname="mail.example.test", extra_toml=toml) as c:
            remote.add_account("bob@dane.test", "pw")
            remote.add_account("bob@bad.dane.test", "pw")
            c.add_account(SENDER, PASSWORD)
            submit(c, "bob@dane.test", "tlsa matches")
            submit(c, "bob@bad.dane.test", "tlsa differs")
            harness.wait_until(lambda: StoreView(remote.db_path()).inbox("bob@dane.test"), timeout=DELIVERY_TIMEOUT,
                               what="the message in bob@dane.test's INBOX")
            c.wait_for_output("<bob@bad.dane.test>: pending", timeout=DELIVERY_TIMEOUT)
            self.assertIn("queue: DANE on", c.output())
            self.assertIn("DANE: certificate of mx2.dane.test matches no TLSA record", c.output())
            self.assertEqual(StoreView(remote.db_path()).inbox("bob@bad.dane.test"), [])


if __name__ == "__main__":
    unittest.main()
