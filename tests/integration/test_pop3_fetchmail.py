"""fetchmail (Debian's package) downloads and deletes a mailbox over POP3 with STLS,
checking the server certificate against the daemon's self-signed one."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from test_pop3 import PASSWORD, deliver, inbox_count, login, message  # noqa: E402

ADDRESS = "fetch@example.test"
COUNT = 25


@unittest.skipUnless(shutil.which("fetchmail"), "fetchmail is not installed (apt-get install fetchmail)")
class FetchmailTest(unittest.TestCase):
    def test_download_and_delete_over_stls(self):
        with harness.Carteiro() as c:
            c.add_account(ADDRESS, PASSWORD)
            for i in range(COUNT):
                body = "".join(f"line {n} of message {i}\r\n" for n in range(i * 20))
                if i % 5 == 0:
                    body += ".a line that starts with a dot\r\n"
                deliver(c, ADDRESS, message(f"fetch {i}", body))
            work = tempfile.mkdtemp(prefix="carteiro-fetchmail-")
            try:
                out_dir = os.path.join(work, "out")
                os.mkdir(out_dir)
                rc = os.path.join(work, "fetchmailrc")
                with open(rc, "w") as f:
                    f.write(f'''set no bouncemail
poll 127.0.0.1 protocol POP3 port {c.port["pop3"]}
  user "{ADDRESS}" there with password "{PASSWORD}" is "nobody" here
  sslproto "TLS1.2+" sslcertck sslcertfile "{c.cert_path()}" sslcommonname "{c.hostname}"
  mda "/bin/sh -c 'cat > {out_dir}/msg.$$'"
  nokeep fetchall
''')
                os.chmod(rc, 0o600)
                env = dict(os.environ, HOME=work, FETCHMAILHOME=work)
                run = subprocess.run(["fetchmail", "-f", rc, "-v", "--nosyslog", "--pidfile", os.path.join(work, "pid")],
                                     capture_output=True, text=True, env=env, timeout=300)
                log = run.stdout + run.stderr
                self.assertEqual(run.returncode, 0, log)
                self.assertIn("STLS", log)  # the upgrade happened on the plain port
                files = sorted(os.listdir(out_dir))
                self.assertEqual(len(files), COUNT, log)
                subjects = set()
                for name in files:
                    with open(os.path.join(out_dir, name), "rb") as f:
                        data = f.read()
                    for line in data.split(b"\n"):
                        if line.startswith(b"Subject: fetch "):
                            subjects.add(line.strip())
                    if b"Subject: fetch 5\r" in data or b"Subject: fetch 5\n" in data:
                        self.assertIn(b"\n.a line that starts with a dot", data)  # unstuffed
                self.assertEqual(len(subjects), COUNT)
                self.assertEqual(inbox_count(c, ADDRESS), 0)  # deleted at QUIT
                p = login(c, ADDRESS, PASSWORD)
                self.assertEqual(p.stat(), (0, 0))
                p.quit()
            finally:
                shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
