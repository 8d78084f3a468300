"""MTA-STS (RFC 8461) in the outbound queue, end to end on loopback: a private unbound
serves each test domain's MX, its `_mta-sts` TXT record and its policy host; a Python
HTTPS server (certificate from a test CA) serves the policies; the receiving MX is a
second carteirod with a certificate from the same CA for mx.b.test. The sender trusts
that CA (`[queue] ca_file`) and fetches policies from the test port
(`[queue] mta_sts_https_port`).

  b.test  enforce, mx.b.test           certificate verifies          -> delivered
  c.test  enforce, mx.c.test           certificate names mx.b.test   -> stays queued
  d.test  enforce, mx.b.test only      its MX is mx.d.test           -> stays queued
  e.test  testing, mx.other.test       its MX is mx.e.test           -> delivered anyway"""
import http.server
import os
import shutil
import smtplib
import sqlite3
import ssl
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import tls_files  # noqa: E402
from loopback_dns import Unbound, free_port  # noqa: E402
from smtp_store import StoreView  # noqa: E402

SENDER = "alice@example.test"
PASSWORD = "secret"
DELIVERY_TIMEOUT = 60  # sanitizer builds on a loaded 2-core machine
DOMAINS = ("b.test", "c.test", "d.test", "e.test")
POLICIES = {
    "b.test": "version: STSv1\r\nmode: enforce\r\nmx: mx.b.test\r\nmax_age: 86400\r\n",
    "c.test": "version: STSv1\nmode: enforce\nmx: *.c.test\nmax_age: 86400\n",
    "d.test": "version: STSv1\nmode: enforce\nmx: mx.b.test\nmax_age: 86400\n",
    "e.test": "version: STSv1\nmode: testing\nmx: mx.other.test\nmax_age: 86400\n",
}


class PolicyServer:
    """HTTPS on 127.0.0.1 serving each domain's policy at mta-sts.<domain>; listening
    once constructed."""

    def __init__(self, cert, key):
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                host = self.headers.get("Host", "").split(":")[0]
                domain = host.removeprefix("mta-sts.")
                if self.path != "/.well-known/mta-sts.txt" or domain not in POLICIES:
                    self.send_error(404)
                    return
                body = POLICIES[domain].encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def submit(c, recipient, subject):
    message = (f"From: <{SENDER}>\r\nTo: <{recipient}>\r\nSubject: {subject}\r\n"
               f"Message-ID: <{subject.replace(' ', '.')}@example.test>\r\n\r\nHello.\r\n")
    with smtplib.SMTP("127.0.0.1", c.port["submission"], timeout=30) as s:
        s.login(SENDER, PASSWORD)
        s.sendmail(SENDER, [recipient], message.encode())


def queue_details(c):
    """`carteiro queue show` of every queued entry, as one text."""
    ids = [line.split()[0] for line in c.cli("queue", "list").stdout.splitlines()
           if line.strip() and line.split()[0].isdigit()]
    return "".join(c.cli("queue", "show", i).stdout for i in ids)


class MtaStsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="carteiro-mta-sts-")
        cls.ca = tls_files.make_ca(cls.dir)
        cls.mx_cert = tls_files.make_signed_certificate(cls.dir, "mx", cls.ca, ["mx.b.test"])
        policy_cert = tls_files.make_signed_certificate(cls.dir, "policy", cls.ca,
                                                        ["mta-sts." + d for d in DOMAINS])
        cls.https = PolicyServer(*policy_cert)
        records = []
        for domain in DOMAINS:
            records += [f"{domain}. MX 10 mx.{domain}.", f"mx.{domain}. A 127.0.0.1",
                        f'_mta-sts.{domain}. TXT "v=STSv1; id=20261203"', f"mta-sts.{domain}. A 127.0.0.1"]
        cls.dns = Unbound(records).__enter__()
        cls.smtp_port = free_port()

    @classmethod
    def tearDownClass(cls):
        cls.dns.__exit__(None, None, None)
        cls.https.close()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def remote(self):
        cert, key = self.mx_cert
        return harness.Carteiro(hostname="mx.b.test", env={"CARTEIRO_SMTP_LISTEN": f"127.0.0.1:{self.smtp_port}",
                                                           "CARTEIRO_TLS_CERT": cert, "CARTEIRO_TLS_KEY": key})

    def sender(self):
        toml = (f"[queue]\nremote_port = {self.smtp_port}\nretry_interval = 3600\nallow_private_destinations = true\n"
                f'ca_file = "{self.ca[0]}"\nmta_sts_https_port = {self.https.port}\n'
                f'[dns]\nservers = ["127.0.0.1@{self.dns.port}"]\n')
        return harness.Carteiro(hostname="mail.example.test", extra_toml=toml)

    def test_policies_decide_where_mail_goes(self):
        with self.remote() as remote, self.sender() as c:
            for domain in DOMAINS:
                remote.add_account(f"bob@{domain}", "pw")
            c.add_account(SENDER, PASSWORD)
            for domain in DOMAINS:
                submit(c, f"bob@{domain}", f"to {domain}")

            for domain in ("b.test", "e.test"):
                harness.wait_until(lambda: StoreView(remote.db_path()).inbox(f"bob@{domain}"),
                                   timeout=DELIVERY_TIMEOUT, what=f"the message in bob@{domain}'s INBOX")
            c.wait_for_output("<bob@c.test>: pending", timeout=DELIVERY_TIMEOUT)
            c.wait_for_output("<bob@d.test>: pending", timeout=DELIVERY_TIMEOUT)
            details = queue_details(c)
            self.assertIn("MTA-STS policy of c.test: certificate of mx.c.test does not verify", details)
            self.assertIn("MTA-STS policy of d.test: no MX host matches the policy (MX: mx.d.test)", details)
            self.assertNotIn("bob@b.test", details)
            self.assertNotIn("bob@e.test", details)
            self.assertIn("MTA-STS policy of e.test (testing)", c.output())
            self.assertEqual(StoreView(remote.db_path()).inbox("bob@c.test"), [])
            self.assertEqual(StoreView(remote.db_path()).inbox("bob@d.test"), [])

            # Kept in the store, so that a restart keeps enforcing them.
            with sqlite3.connect(c.db_path()) as db:
                kept = {row[0]: row[1] for row in db.execute("SELECT domain, policy_id FROM mta_sts_policies")}
            self.assertEqual(kept, {d: "20261203" for d in DOMAINS})


if __name__ == "__main__":
    unittest.main()
