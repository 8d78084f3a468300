"""The daemon starts on free ports, every listener answers (plain, STARTTLS/STLS and
implicit TLS), the CLI works while it runs, bad configs are refused with one clear line,
and SIGTERM stops it cleanly."""
import os
import socket
import ssl
import subprocess
import tempfile
import unittest

import harness


def read_file(path):
    with open(path) as f:
        return f.read()


def edit_config(c, old, new):
    text = read_file(c.config_path)
    assert old in text, old
    with open(c.config_path, "w") as f:
        f.write(text.replace(old, new))


def read_line(sock):
    return harness.read_line(sock, "utf-8")


class FoundationTest(unittest.TestCase):
    def test_every_listener_answers_and_sigterm_stops(self):
        c = harness.Carteiro()
        with c:
            for name in harness.LISTENERS:
                self.assertIn(name, c.port, f"no {name} listener in the ready line")
            greetings = {"smtp": "220", "submission": "220", "pop3": "+OK", "imap": "* OK"}
            for name, prefix in greetings.items():
                with socket.create_connection(("127.0.0.1", c.port[name]), timeout=10) as s:
                    self.assertTrue(read_line(s).startswith(prefix), name)
            for name, prefix in (("submission_tls", "220"), ("pop3_tls", "+OK"), ("imap_tls", "* OK")):
                with socket.create_connection(("127.0.0.1", c.port[name]), timeout=10) as raw:
                    with c.tls_context().wrap_socket(raw) as s:
                        self.assertIn(s.version(), ("TLSv1.2", "TLSv1.3"))
                        self.assertTrue(read_line(s).startswith(prefix), name)
            # The CLI works on the same database while the daemon runs.
            c.add_account("bob@example.test", "secret")
            self.assertIn("bob@example.test", c.cli("account", "list").stdout)
            code = c.stop()
            self.assertEqual(code, 0)
        self.assertIn("stopped", c.output())

    def test_self_signed_certificate_is_made_once(self):
        with harness.Carteiro() as c:
            cert = read_file(c.cert_path())
            self.assertIn("BEGIN CERTIFICATE", cert)
            mode = os.stat(os.path.join(c.data_dir, "tls", "key.pem")).st_mode & 0o777
            self.assertEqual(mode, 0o600)
            c.stop()
            c.start()
            self.assertEqual(read_file(c.cert_path()), cert)

    def check_bad_config(self, text, expected):
        with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
            f.write(text)
        try:
            r = subprocess.run([harness.CARTEIROD, "--config", f.name, "--check-config"], capture_output=True,
                               text=True, timeout=60)
            self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
            self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
            self.assertIn(f.name, r.stderr)
            self.assertIn(expected, r.stderr)
        finally:
            os.unlink(f.name)

    def test_bad_configs_are_refused_with_one_line(self):
        self.check_bad_config('hostnme = "x"\n', "hostnme: unknown key")
        self.check_bad_config('[smtp]\nlisten = "0.0.0.0:25"\n', "smtp.listen: expected a list of strings")
        self.check_bad_config('[smtp]\nlisten = ["nohost"]\n', "smtp.listen")
        self.check_bad_config('[smtp]\nmax_message_size = "10 parsecs"\n', "smtp.max_message_size")
        self.check_bad_config('[lab]\nenabled = "yes"\n', "lab.enabled: expected true or false")
        self.check_bad_config('[tls]\ncert = "/x.pem"\n', "tls.key")
        self.check_bad_config('hostname = \n', ":1:")

    def test_empty_listen_list_turns_a_listener_off(self):
        c2 = harness.Carteiro()
        edit_config(c2, '[pop3]\nlisten = ["127.0.0.1:0"]\nimplicit_tls_listen = ["127.0.0.1:0"]',
                    '[pop3]\nlisten = []\nimplicit_tls_listen = []')
        with c2:
            self.assertNotIn("pop3", c2.port)
            self.assertIn("imap", c2.port)

    def test_per_ip_connection_limit(self):
        c = harness.Carteiro()
        edit_config(c, '[imap]\nlisten = ["127.0.0.1:0"]', '[imap]\nmax_connections_per_ip = 2\nlisten = ["127.0.0.1:0"]')
        with c:
            a = socket.create_connection(("127.0.0.1", c.port["imap"]), timeout=10)
            b = socket.create_connection(("127.0.0.1", c.port["imap"]), timeout=10)
            self.assertTrue(read_line(a).startswith("* OK"))
            self.assertTrue(read_line(b).startswith("* OK"))
            third = socket.create_connection(("127.0.0.1", c.port["imap"]), timeout=10)
            self.assertTrue(read_line(third).startswith("* BYE"))
            self.assertEqual(third.recv(100), b"")
            a.close()
            b.close()
            third.close()

    def test_lab_transcript(self):
        with harness.Carteiro(lab=True, transcript=True) as c:
            with socket.create_connection(("127.0.0.1", c.port["smtp"]), timeout=10) as s:
                read_line(s)
                s.sendall(b"NOOP\r\n")
                read_line(s)
            c.wait_for_output("C: NOOP")
            self.assertRegex(c.output(), r"\[\w+\] S: 220 ")


if __name__ == "__main__":
    unittest.main()
