"""ManageSieve (RFC 5804): sieve-connect, a real client, uploads, checks, lists, activates
and downloads scripts over STARTTLS; raw dialogues check the errors; the admin CLI's
`carteiro sieve` and `account forward`/`vacation` edit the same scripts."""
import base64
import os
import socket
import subprocess
import tempfile
import unittest

import harness
from test_imap_wire import non_loopback_address

GOOD = 'require ["fileinto"];\r\nif header :contains "subject" "[list]" {\r\n  fileinto "Lists";\r\n}\r\n'
BAD = 'require ["fileinto"];\r\nif header :contains "subject" "x" {\r\n  fileinto "X"\r\n}\r\n'


class Wire:
    """A ManageSieve client on a raw socket: one line or one literal at a time."""

    def __init__(self, port, host="127.0.0.1"):
        self.sock = socket.create_connection((host, port), timeout=30)
        self.file = self.sock.makefile("rb")

    def send(self, data):
        self.file.flush()
        self.sock.sendall(data.encode("utf-8") if isinstance(data, str) else data)

    def line(self):
        """The next line without its CRLF; None when the server has closed the connection."""
        raw = self.file.readline()
        return raw.decode("utf-8", "replace").rstrip("\r\n") if raw else None

    def response(self):
        """Lines up to and including the OK/NO/BYE that ends a response."""
        lines = []
        while True:
            line = self.line()
            if line is None:
                return lines
            lines.append(line)
            if line.split(" ", 1)[0] in ("OK", "NO", "BYE"):
                return lines

    def command(self, text):
        self.send(text + "\r\n")
        return self.response()

    def login(self, user="bob@example.test", password="secret"):
        token = base64.b64encode(f"\0{user}\0{password}".encode()).decode()
        return self.command(f'AUTHENTICATE "PLAIN" "{token}"')[-1]

    def starttls(self, context):
        started = self.command("STARTTLS")[-1]
        assert started.startswith("OK"), started
        self.sock = context.wrap_socket(self.sock)
        self.file = self.sock.makefile("rb")
        return self.response()

    def close(self):
        self.sock.close()


def get_script(w, name):
    """GETSCRIPT: the literal's text, checked to be followed by CRLF and OK."""
    w.send(f'GETSCRIPT "{name}"\r\n')
    header = w.line()
    assert header.startswith("{") and header.endswith("}"), header
    text = w.file.read(int(header[1:-1])).decode()
    assert w.line() == ""
    assert w.line() == 'OK "Getscript completed"'
    return text


class ManageSieveTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = harness.Carteiro(extra_toml='[sieve]\nmax_script_size = "2KiB"\nmax_scripts = 3\n').start()
        cls.server.add_account("bob@example.test", "secret")
        cls.server.add_account("carol@example.test", "secret")
        cls.server.add_account("dave@example.test", "secret")
        cls.port = cls.server.port["managesieve"]
        cls.dir = tempfile.mkdtemp(prefix="carteiro-sieve-")

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def file(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w", newline="") as f:
            f.write(text)
        return path

    def sieve_connect(self, *args, user="bob@example.test"):
        r, w = os.pipe()
        os.write(w, b"secret\n")
        os.close(w)
        try:
            return subprocess.run(["sieve-connect", "--server", "127.0.0.1", "--port", str(self.port), "--user", user,
                                   "--passwordfd", str(r), "--notlsverify", "--noclearchan", *args],
                                  capture_output=True, text=True, timeout=60, pass_fds=(r,))
        finally:
            os.close(r)

    def test_sieve_connect_uploads_checks_lists_activates_and_downloads_over_starttls(self):
        r = self.sieve_connect("--upload", "--localsieve", self.file("good.sieve", GOOD), "--remotesieve", "rules")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.sieve_connect("--upload", "--localsieve", self.file("bad.sieve", BAD), "--remotesieve", "bad")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("line 4", r.stdout + r.stderr)
        r = self.sieve_connect("--checkscript", "--localsieve", self.file("bad.sieve", BAD))
        self.assertIn("line 4", r.stdout + r.stderr)
        r = self.sieve_connect("--activate", "--remotesieve", "rules")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.sieve_connect("--list")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('"rules" ACTIVE', r.stdout)
        self.assertNotIn("bad", r.stdout)
        out = os.path.join(self.dir, "downloaded.sieve")
        r = self.sieve_connect("--download", "--remotesieve", "rules", "--localsieve", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out, newline="") as f:
            self.assertEqual(f.read(), GOOD)
        shown = self.server.cli("sieve", "list", "bob@example.test").stdout
        self.assertIn("rules", shown)
        self.assertIn("active", shown)

    def test_greeting_and_capabilities(self):
        w = Wire(self.port)
        greeting = w.response()
        self.assertTrue(greeting[-1].startswith("OK"), greeting)
        caps = dict(line.split(" ", 1) if " " in line else (line, "") for line in greeting[:-1])
        self.assertEqual(caps['"VERSION"'], '"1.0"')
        self.assertIn('"STARTTLS"', caps)
        self.assertIn("fileinto", caps['"SIEVE"'])
        self.assertIn("vacation", caps['"SIEVE"'])
        self.assertEqual(caps['"SASL"'], '"PLAIN LOGIN"')  # loopback: plaintext is allowed
        self.assertEqual(caps['"MAXREDIRECTS"'], '"4"')
        tls = w.starttls(self.server.tls_context())
        self.assertTrue(tls[-1].startswith("OK"), tls)
        self.assertNotIn('"STARTTLS"', tls)  # RFC 5804 section 2.2: capabilities again, over TLS
        self.assertEqual(w.login(), 'OK "Logged in"')
        self.assertIn('"OWNER" "bob@example.test"', w.command("CAPABILITY"))
        self.assertEqual(w.command("LOGOUT")[-1], 'OK "Logout completed"')
        self.assertEqual(w.file.read(), b"")
        w.close()

    def test_errors_before_login(self):
        w = Wire(self.port)
        w.response()
        self.assertTrue(w.command("LISTSCRIPTS")[-1].startswith('NO "Not logged in'))
        self.assertTrue(w.command('PUTSCRIPT "a" {5+}\r\nkeep;')[-1].startswith('NO "Not logged in'))
        self.assertEqual(w.command("FROBNICATE")[-1], 'NO "Unknown command"')
        self.assertTrue(w.command('PUTSCRIPT "unterminated')[-1].startswith("NO "))
        self.assertTrue(w.command('"CAPABILITY"')[-1].startswith("NO "))
        self.assertTrue(w.command("\x00\xff binary")[-1].startswith("NO "))
        self.assertEqual(w.login(password="wrong"), 'NO "Authentication failed"')
        w.send('AUTHENTICATE "LOGIN"\r\n')
        self.assertEqual(w.line(), '"VXNlcm5hbWU6"')  # RFC 5804 section 2.1: the challenge as a string
        self.assertEqual(w.command('"*"')[-1], 'NO "Authentication cancelled"')
        self.assertEqual(w.command('NOOP "x"')[-1], 'OK (TAG "x") "Done"')
        w.close()

    def test_script_commands_and_their_response_codes(self):
        w = Wire(self.port)
        w.response()
        self.assertEqual(w.login("carol@example.test"), 'OK "Logged in"')
        self.assertEqual(w.command("LISTSCRIPTS"), ['OK "Listscripts completed"'])
        self.assertEqual(w.command(f'PUTSCRIPT "one" {{{len(GOOD)}+}}\r\n{GOOD}')[-1], 'OK "Script stored"')
        bad = w.command(f'PUTSCRIPT "two" {{{len(BAD)}+}}\r\n{BAD}')[-1]
        self.assertTrue(bad.startswith('NO "line 4, column'), bad)
        self.assertTrue(w.command(f'CHECKSCRIPT {{{len(BAD)}+}}\r\n{BAD}')[-1].startswith('NO "line 4'))
        self.assertEqual(w.command('CHECKSCRIPT "keep;"')[-1], 'OK "Script is valid"')
        self.assertEqual(w.command('SETACTIVE "one"')[-1], 'OK "Script activated"')
        self.assertEqual(w.command('SETACTIVE "nope"')[-1].split(" ")[:2], ["NO", "(NONEXISTENT)"])
        self.assertEqual(w.command('DELETESCRIPT "one"')[-1].split(" ")[:2], ["NO", "(ACTIVE)"])
        self.assertEqual(w.command('GETSCRIPT "nope"')[-1].split(" ")[:2], ["NO", "(NONEXISTENT)"])
        self.assertEqual(w.command('PUTSCRIPT "two" "keep;"')[-1], 'OK "Script stored"')
        self.assertEqual(w.command('RENAMESCRIPT "two" "one"')[-1].split(" ")[:2], ["NO", "(ALREADYEXISTS)"])
        self.assertEqual(w.command('RENAMESCRIPT "two" "three"')[-1], 'OK "Script renamed"')
        self.assertEqual(w.command("LISTSCRIPTS"), ['"one" ACTIVE', '"three"', 'OK "Listscripts completed"'])
        self.assertEqual(w.command('HAVESPACE "x" 100')[-1], 'OK "Putscript would succeed"')
        self.assertEqual(w.command('HAVESPACE "x" 999999')[-1].split(" ")[:2], ["NO", "(QUOTA/MAXSIZE)"])
        self.assertEqual(w.command('PUTSCRIPT "four" "stop;"')[-1], 'OK "Script stored"')
        self.assertEqual(w.command('PUTSCRIPT "five" "stop;"')[-1].split(" ")[:2], ["NO", "(QUOTA/MAXSCRIPTS)"])
        self.assertEqual(w.command('DELETESCRIPT "four"')[-1], 'OK "Script deleted"')
        self.assertEqual(get_script(w, "one"), GOOD)
        # An oversized literal is refused before it is read, and the session goes on.
        self.assertEqual(w.command('PUTSCRIPT "big" {5000+}\r\n' + "#" * 5000)[-1].split(" ")[:2],
                         ["NO", "(QUOTA/MAXSIZE)"])
        self.assertEqual(w.command("NOOP")[-1], 'OK "Done"')
        self.assertNotIn("big", " ".join(w.command("LISTSCRIPTS")))
        self.assertEqual(w.command("UNAUTHENTICATE")[-1], 'OK "Unauthenticate completed"')
        self.assertTrue(w.command("LISTSCRIPTS")[-1].startswith('NO "Not logged in'))
        w.close()

    def test_cli_sieve_commands(self):
        cli = self.server.cli
        a = "erin@example.test"
        self.server.add_account(a, "secret")
        self.assertEqual(cli("sieve", "list", a).stdout, "")
        self.assertIn('stored script "one"', cli("sieve", "put", a, "one", self.file("good.sieve", GOOD)).stdout)
        cli("sieve", "put", a, "two", "-", input="discard;\r\n")
        cli("sieve", "activate", a, "one")
        self.assertEqual(cli("sieve", "list", a).stdout, f"one\t{len(GOOD)} octets\tactive\ntwo\t10 octets\n")
        self.assertEqual(cli("sieve", "get", a, "two").stdout, "discard;\n")
        r = cli("sieve", "delete", a, "one", check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("active script", r.stderr)
        cli("sieve", "rename", a, "two", "three")
        r = cli("sieve", "rename", a, "three", "one", check=False)
        self.assertEqual(r.returncode, 1)
        cli("sieve", "deactivate", a)
        cli("sieve", "delete", a, "one")
        self.assertEqual(cli("sieve", "list", a).stdout, "three\t10 octets\n")
        self.assertEqual(cli("sieve", "get", a, "one", check=False).returncode, 1)
        self.assertEqual(cli("sieve", "list", "nobody@example.test", check=False).returncode, 1)
        big = cli("sieve", "put", a, "big", "-", input="#" * 3000 + "\r\n", check=False)
        self.assertEqual(big.returncode, 1)
        self.assertIn("over the limit", big.stderr)

    def test_cli_commands_edit_the_same_scripts(self):
        cli = self.server.cli
        r = cli("sieve", "put", "bob@example.test", "cli-bad", self.file("bad.sieve", BAD), check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("cli-bad: line 4, column 1:", r.stderr)
        body = self.file("away.txt", "I am away.\n.\nBack on Monday.\n")
        cli("account", "vacation", "dave@example.test", "--subject", 'Away "now"', "--body-file", body,
            "--until", "2099-12-31", "--days", "3")
        cli("account", "forward", "dave@example.test", "dave@elsewhere.test", "--keep")
        w = Wire(self.port)
        w.response()
        self.assertEqual(w.login("dave@example.test"), 'OK "Logged in"')
        listing = w.command("LISTSCRIPTS")
        active = [line.split('"')[1] for line in listing if line.endswith(" ACTIVE")]
        self.assertEqual(len(active), 1)
        text = get_script(w, active[0])
        self.assertIn('redirect :copy "dave@elsewhere.test";', text)
        self.assertIn('vacation :days 3 :subject "Away \\"now\\"" text:\r\nI am away.\r\n..\r\n', text)
        self.assertIn('if currentdate :value "le" "date" "2099-12-31"', text)
        w.close()
        cli("account", "forward", "dave@example.test", "--off")
        cli("account", "vacation", "dave@example.test", "--off")
        got = cli("sieve", "get", "dave@example.test", active[0]).stdout
        self.assertNotIn("carteiro", got)



class PlaintextTest(unittest.TestCase):
    @unittest.skipUnless(non_loopback_address(), "no non-loopback IPv4 address to listen on")
    def test_plaintext_authenticate_refused_until_starttls(self):
        address = non_loopback_address()
        c = harness.Carteiro()
        c.listen_on("managesieve", address)
        with c:
            c.add_account("bob@example.test", "secret")
            w = Wire(c.port["managesieve"], host=address)
            self.assertIn('"SASL" ""', w.response())
            self.assertEqual(w.login().split(" ")[:2], ["NO", "(ENCRYPT-NEEDED)"])
            self.assertIn('"SASL" "PLAIN LOGIN"', w.starttls(c.tls_context()))
            self.assertEqual(w.login(), 'OK "Logged in"')
            w.close()


if __name__ == "__main__":
    unittest.main()
