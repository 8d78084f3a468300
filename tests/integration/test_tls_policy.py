"""[tls] policy against Debian's `openssl s_client`: Mozilla "intermediate" takes TLS 1.2
only with forward-secret AEAD suites (and TLS 1.3); "modern" takes TLS 1.3 only. Both on an
implicit TLS port and after STARTTLS."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from tls_files import make_certificate  # noqa: E402

# The client's own security level would refuse TLS 1.1 and SHA-1 suites before the server
# had a say; level 0 makes the client offer them, so that the refusal is the server's.
CLIENT_ANYTHING = "DEFAULT:@SECLEVEL=0"


def s_client(port, *args, starttls=None):
    """One handshake with openssl s_client; returns (established, output)."""
    command = ["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-brief", *args]
    if starttls:
        command += ["-starttls", starttls]
    r = subprocess.run(command, input=b"", capture_output=True, timeout=30)
    output = (r.stdout + r.stderr).decode("utf-8", "replace")
    return "CONNECTION ESTABLISHED" in output, output


class TlsPolicyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="carteiro-tls-policy-")
        # RSA, so that the plain-RSA key exchange (AES128-SHA) is possible at all.
        cls.cert, cls.key = make_certificate(cls.dir, "rsa", "mail.example.test", rsa=True)

    def server(self, policy):
        toml = f'[tls]\ncert = "{self.cert}"\nkey = "{self.key}"\npolicy = "{policy}"\n'
        return harness.Carteiro(extra_toml=toml, data_dir=tempfile.mkdtemp(dir=self.dir))

    def assert_refused(self, port, *args, starttls=None):
        established, output = s_client(port, *args, starttls=starttls)
        self.assertFalse(established, f"{args} was accepted:\n{output}")

    def assert_accepted(self, port, *args, expect, starttls=None):
        established, output = s_client(port, *args, starttls=starttls)
        self.assertTrue(established, f"{args} was refused:\n{output}")
        self.assertIn(expect, output)

    def test_intermediate(self):
        with self.server("intermediate") as c:
            port = c.port["imap_tls"]
            self.assert_refused(port, "-tls1_1", "-cipher", CLIENT_ANYTHING)
            self.assert_refused(port, "-tls1_2", "-cipher", "AES128-SHA")          # no forward secrecy
            self.assert_refused(port, "-tls1_2", "-cipher", "AES256-GCM-SHA384")   # no forward secrecy
            self.assert_refused(port, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA")  # CBC, not AEAD
            self.assert_accepted(port, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256",
                                 expect="ECDHE-RSA-AES128-GCM-SHA256")
            self.assert_accepted(port, "-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305",
                                 expect="ECDHE-RSA-CHACHA20-POLY1305")
            self.assert_accepted(port, "-tls1_3", expect="TLSv1.3")
            # The same context serves STARTTLS.
            self.assert_refused(c.port["submission"], "-tls1_2", "-cipher", "AES128-SHA", starttls="smtp")
            self.assert_accepted(c.port["submission"], "-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384",
                                 expect="ECDHE-RSA-AES256-GCM-SHA384", starttls="smtp")

    def test_modern(self):
        with self.server("modern") as c:
            self.assert_refused(c.port["pop3_tls"], "-tls1_2")
            self.assert_refused(c.port["imap"], "-tls1_2", starttls="imap")
            self.assert_accepted(c.port["pop3_tls"], "-tls1_3", expect="TLSv1.3")

    def test_no_session_tickets(self):
        # TLS 1.3 tickets come after the handshake, when a two-threaded client (imaplib2)
        # may be writing its first command: the server sends none (see tls.cpp).
        import socket
        import ssl
        with self.server("intermediate") as c:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            with socket.create_connection(("127.0.0.1", c.port["imap_tls"]), timeout=30) as raw:
                with context.wrap_socket(raw) as s:
                    self.assertEqual(s.version(), "TLSv1.3")
                    self.assertIn(b"* OK", s.recv(4096))  # tickets, if any, came before it
                    s.sendall(b"a LOGOUT\r\n")
                    while b"a OK" not in s.recv(4096):
                        pass
                    self.assertFalse(s.session is not None and s.session.has_ticket)

    def test_unknown_policy_is_a_configuration_error(self):
        c = harness.Carteiro(extra_toml='[tls]\npolicy = "old"\n', data_dir=tempfile.mkdtemp(dir=self.dir))
        r = subprocess.run([harness.CARTEIROD, "--config", c.config_path, "--check-config"], capture_output=True,
                           text=True, timeout=60)
        self.assertEqual(r.returncode, 2)
        self.assertIn('tls.policy: expected "intermediate" or "modern"', r.stderr)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
