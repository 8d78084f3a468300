"""SIGHUP reloads the TLS certificate: new connections (implicit TLS and STARTTLS) get the
new one, sessions already open go on, a bad file keeps the current one; the expiry date
is logged, with a warning when it is near."""
import imaplib
import os
import shutil
import signal
import smtplib
import socket
import ssl
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from tls_files import der_of, make_certificate  # noqa: E402

USER = "bob@example.test"
PASSWORD = "secret"


def no_verify():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def served_certificate(port):
    """The certificate (DER) a new implicit TLS connection gets."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
        with no_verify().wrap_socket(raw) as tls:
            return tls.getpeercert(binary_form=True)


def starttls_certificate(port):
    """The certificate (DER) a new SMTP STARTTLS session gets."""
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as s:
        s.starttls(context=no_verify())
        return s.sock.getpeercert(binary_form=True)


def replace(path, source):
    """Swaps PATH for a copy of SOURCE in one rename, as certbot's deploy hooks do."""
    tmp = path + ".new"
    shutil.copyfile(source, tmp)
    os.replace(tmp, path)


class TlsReloadTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="carteiro-tls-reload-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def server_dir(self):
        path = os.path.join(self.dir, "server")
        os.makedirs(path, exist_ok=True)
        return path

    def reload(self, c, expect):
        start = c.line_count()
        c.proc.send_signal(signal.SIGHUP)
        return c.wait_for_output(expect, timeout=30, start=start)

    def test_sighup_swaps_the_certificate_for_new_connections_only(self):
        a_cert, a_key = make_certificate(self.dir, "a", "a.example.test")
        b_cert, b_key = make_certificate(self.dir, "b", "b.example.test")
        live_cert, live_key = os.path.join(self.dir, "live.pem"), os.path.join(self.dir, "live.key")
        replace(live_cert, a_cert)
        replace(live_key, a_key)
        toml = f'[tls]\ncert = "{live_cert}"\nkey = "{live_key}"\n'
        with harness.Carteiro(extra_toml=toml, data_dir=self.server_dir()) as c:
            self.assertIn("notAfter", c.wait_for_output(f"TLS certificate {live_cert} valid until"))
            c.add_account(USER, PASSWORD)
            self.assertEqual(served_certificate(c.port["imap_tls"]), der_of(a_cert))

            old_session = imaplib.IMAP4_SSL("127.0.0.1", c.port["imap_tls"], ssl_context=no_verify(), timeout=30)
            old_session.login(USER, PASSWORD)

            replace(live_cert, b_cert)
            replace(live_key, b_key)
            self.reload(c, "TLS certificate reloaded")
            self.assertEqual(served_certificate(c.port["imap_tls"]), der_of(b_cert))
            self.assertEqual(starttls_certificate(c.port["submission"]), der_of(b_cert))
            # The session opened with A goes on.
            self.assertEqual(old_session.sock.getpeercert(binary_form=True), der_of(a_cert))
            self.assertEqual(old_session.select("INBOX")[0], "OK")
            self.assertEqual(old_session.noop()[0], "OK")

            # A broken file, then a key of another certificate: B stays.
            with open(live_cert, "w") as f:
                f.write("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
            line = self.reload(c, "TLS certificate reload failed")
            self.assertIn(live_cert, line)
            self.assertEqual(served_certificate(c.port["imap_tls"]), der_of(b_cert))
            replace(live_cert, b_cert)
            replace(live_key, a_key)
            self.reload(c, "TLS certificate reload failed")
            self.assertEqual(served_certificate(c.port["pop3_tls"]), der_of(b_cert))
            self.assertEqual(old_session.logout()[0], "BYE")

    def test_self_signed_certificate_is_reloaded_too(self):
        with harness.Carteiro(data_dir=self.server_dir()) as c:
            first = served_certificate(c.port["imap_tls"])
            self.assertEqual(first, der_of(c.cert_path()))
            # Deleted: a new self-signed pair is made at reload and served.
            os.remove(c.cert_path())
            os.remove(os.path.join(c.data_dir, "tls", "key.pem"))
            self.reload(c, "TLS certificate reloaded")
            second = served_certificate(c.port["imap_tls"])
            self.assertNotEqual(second, first)
            self.assertEqual(second, der_of(c.cert_path()))

    def test_certificate_expiring_soon_is_a_warning(self):
        cert, key = make_certificate(self.dir, "soon", "mail.example.test", days=5)
        toml = f'[tls]\ncert = "{cert}"\nkey = "{key}"\n'
        with harness.Carteiro(extra_toml=toml, data_dir=self.server_dir()) as c:
            line = c.wait_for_output(f"TLS certificate {cert} expires in 5 day(s)")
            self.assertIn("warn", line.lower())
            self.assertIn("notAfter", line)
            # And again at each reload.
            self.reload(c, f"TLS certificate {cert} expires in 5 day(s)")


if __name__ == "__main__":
    unittest.main()
