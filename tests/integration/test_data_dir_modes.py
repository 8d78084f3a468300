"""The data directory is private whatever the umask: the directory 0700, every file in it
0600 (the database and its -wal/-shm, the TLS key and certificate), whether carteirod or
the CLI makes it first; a data directory that others may write to is refused."""
import os
import shutil
import smtplib
import stat
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402


def modes(directory):
    """{relative path: permission bits} of DIRECTORY and everything under it."""
    out = {".": stat.S_IMODE(os.stat(directory).st_mode)}
    for root, dirs, files in os.walk(directory):
        for name in dirs + files:
            path = os.path.join(root, name)
            out[os.path.relpath(path, directory)] = stat.S_IMODE(os.lstat(path).st_mode)
    return out


class DataDirModesTest(unittest.TestCase):
    def setUp(self):
        self.old_umask = os.umask(0o022)  # the usual umask: files 0644, directories 0755
        self.addCleanup(os.umask, self.old_umask)
        self.dir = tempfile.mkdtemp(prefix="carteiro-modes-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def assert_private(self, data_dir, expected_files):
        found = modes(data_dir)
        for name in expected_files:
            self.assertIn(name, found)
        for name, mode in found.items():
            is_dir = os.path.isdir(os.path.join(data_dir, name))
            self.assertEqual(oct(mode), oct(0o700 if is_dir else 0o600), name)

    def test_cli_first_then_daemon_under_umask_022(self):
        c = harness.Carteiro(data_dir=self.dir)
        c.cli("domain", "add", "example.test")  # the CLI makes the data dir and the database
        self.assert_private(c.data_dir, ["carteiro.db"])
        # Files an older version left readable by everyone are made private at start.
        with open(os.path.join(c.data_dir, "notes.txt"), "w") as f:
            f.write("left over\n")
        os.chmod(os.path.join(c.data_dir, "notes.txt"), 0o644)
        os.chmod(c.data_dir, 0o755)
        with c:
            c.add_account("bob@example.test", "secret")
            with smtplib.SMTP("127.0.0.1", c.port["smtp"], timeout=30) as s:
                s.sendmail("alice@remote.test", ["bob@example.test"], b"Subject: private\r\n\r\nbody\r\n")
            self.assert_private(c.data_dir, ["carteiro.db", "carteiro.db-wal", "carteiro.db-shm", "tls",
                                             os.path.join("tls", "key.pem"), os.path.join("tls", "cert.pem"),
                                             "notes.txt"])

    def test_daemon_first_under_umask_022(self):
        with harness.Carteiro(data_dir=self.dir) as c:
            self.assert_private(c.data_dir, ["carteiro.db", os.path.join("tls", "key.pem")])

    def test_data_dir_writable_by_others_is_refused(self):
        c = harness.Carteiro(data_dir=self.dir)
        os.mkdir(c.data_dir)
        os.chmod(c.data_dir, 0o777)
        r = subprocess.run([harness.CARTEIROD, "--config", c.config_path], capture_output=True, text=True,
                           timeout=60)
        self.assertEqual(r.returncode, 1)
        self.assertIn(f"data directory {c.data_dir} is writable by group or others (mode 0777)", r.stderr)
        self.assertFalse(os.path.exists(c.db_path()), "nothing was created in it")
        cli = c.cli("domain", "list", check=False)
        self.assertNotEqual(cli.returncode, 0)
        self.assertIn(f"data directory {c.data_dir} is writable by group or others", cli.stderr)
        self.assertEqual(stat.S_IMODE(os.stat(c.data_dir).st_mode), 0o777, "left for the admin to check")


if __name__ == "__main__":
    unittest.main()
