"""Starts a real carteirod for a test: temporary data dir, free ports, readiness from the
daemon's own "ready" line, the CLI on the same config, and a clean SIGTERM at the end.

    with harness.Carteiro(lab=True) as c:
        c.add_account("bob@example.test", "secret")
        smtplib.SMTP("127.0.0.1", c.port["smtp"])
"""
import os
import re
import shutil
import signal
import ssl
import subprocess
import tempfile
import threading
import time
import unittest

BUILD = os.environ.get("CARTEIRO_BUILD") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "build-test")
CARTEIROD = os.path.join(BUILD, "apps", "carteirod", "carteirod")
CARTEIRO = os.path.join(BUILD, "apps", "carteiro", "carteiro")
LISTENERS = ("smtp", "submission", "submission_tls", "pop3", "pop3_tls", "imap", "imap_tls", "managesieve")
READY_TIMEOUT = 60  # sanitizer builds start slowly on a loaded 2-core machine


class Carteiro:
    def __init__(self, lab=False, transcript=False, extra_toml="", hostname="mail.example.test",
                 data_dir=None, env=None, preexec=None):
        self.owns_dir = data_dir is None
        self.dir = data_dir or tempfile.mkdtemp(prefix="carteiro-test-")
        self.data_dir = os.path.join(self.dir, "data")
        self.config_path = os.path.join(self.dir, "carteiro.toml")
        self.hostname = hostname
        self.lab = lab
        self.port = {}
        self.proc = None
        self._out = []
        self._eof = False
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self.env = dict(os.environ, **(env or {}))
        self.preexec = preexec  # run in the daemon's process before it starts (limits)
        # Fast failure replies and no blocking in tests (many log in from 127.0.0.1 with
        # wrong passwords); the throttle has unit tests and test_auth_hardening.
        auth = "" if "[auth]" in extra_toml else \
            "[auth]\nfailure_delay_ms = 0\nmax_failures_per_ip = 100000\nmax_failures_per_account = 100000\n"
        with open(self.config_path, "w") as f:
            f.write(f'''hostname = "{hostname}"
data_dir = "{self.data_dir}"
[smtp]
listen = ["127.0.0.1:0"]
[submission]
listen = ["127.0.0.1:0"]
implicit_tls_listen = ["127.0.0.1:0"]
[pop3]
listen = ["127.0.0.1:0"]
implicit_tls_listen = ["127.0.0.1:0"]
[imap]
listen = ["127.0.0.1:0"]
implicit_tls_listen = ["127.0.0.1:0"]
[managesieve]
listen = ["127.0.0.1:0"]
[lab]
enabled = {"true" if lab else "false"}
transcript = {"true" if transcript else "false"}
{auth}{extra_toml}
''')

    # -- lifecycle --------------------------------------------------------------------
    def start(self):
        self.port = {}
        self._eof = False
        start = self.line_count()
        self.proc = subprocess.Popen([CARTEIROD, "--config", self.config_path], stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, env=self.env, preexec_fn=self.preexec)
        self._pump_thread = threading.Thread(target=self._pump, args=(self.proc,), daemon=True)
        self._pump_thread.start()
        line = self.wait_for_output(" ready ", timeout=READY_TIMEOUT, start=start)
        for name, port in re.findall(r"(\w+)=[^ ]*:(\d+)", line.split(" ready ", 1)[1]):
            self.port[name] = int(port)
        return self

    def _pump(self, proc):
        for raw in proc.stdout:
            with self._cond:
                self._out.append(raw.decode("utf-8", "replace"))
                self._cond.notify_all()
        proc.stdout.close()
        with self._cond:
            if self.proc is proc:  # not a previous run's reader finishing late
                self._eof = True
            self._cond.notify_all()

    def _join_pump(self):
        if getattr(self, "_pump_thread", None) is not None:
            self._pump_thread.join(10)

    def output(self):
        with self._lock:
            return "".join(self._out)

    def wait_for_output(self, text, timeout=10, start=0):
        """Waits until a line containing TEXT appears (from line START on); returns it."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for line in self._out[start:]:
                    if text in line:
                        return line
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._eof:
                    raise AssertionError(f"carteirod did not print {text!r} in {timeout}s "
                                         f"(exit code {self.proc.poll()}):\n" + "".join(self._out[-40:]))
                self._cond.wait(min(remaining, 0.2))

    def line_count(self):
        with self._lock:
            return len(self._out)

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout)
            self._join_pump()
            return code
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("carteirod did not stop within %ss of SIGTERM" % timeout)

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._join_pump()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        try:
            code = self.stop()
        finally:
            self.kill()
            if self.owns_dir and exc[0] is None:
                shutil.rmtree(self.dir, ignore_errors=True)
        if exc[0] is None and code not in (0, None):
            raise AssertionError(f"carteirod exited with {code}:\n" + self.output()[-4000:])
        if exc[0] is None:
            self._check_sanitizers()
        return False

    def _check_sanitizers(self):
        out = self.output()
        for marker in ("ERROR: AddressSanitizer", "runtime error:", "ERROR: LeakSanitizer"):
            if marker in out:
                raise AssertionError("sanitizer report from carteirod:\n" + out[-6000:])

    # -- administration ---------------------------------------------------------------
    def cli(self, *args, input=None, check=True):
        r = subprocess.run([CARTEIRO, "--config", self.config_path, *args], input=input, capture_output=True,
                           text=True, env=self.env, timeout=120)
        if check and r.returncode != 0:
            raise AssertionError(f"carteiro {' '.join(args)} failed ({r.returncode}): {r.stderr}")
        return r

    def add_domain(self, domain):
        r = self.cli("domain", "list")
        if domain.lower() not in r.stdout.split():
            self.cli("domain", "add", domain)

    def add_account(self, address, password, apop=None):
        self.add_domain(address.rsplit("@", 1)[1])
        self.cli("account", "add", address, "--password-stdin", input=password + "\n")
        if apop is not None:
            self.cli("account", "set-apop", address, input=apop + "\n")

    def listen_on(self, section, address):
        """Moves SECTION's plain listener to ADDRESS (a free port); call before start()."""
        with open(self.config_path) as f:
            config = f.read()
        with open(self.config_path, "w") as f:
            f.write(config.replace(f'[{section}]\nlisten = ["127.0.0.1:0"]', f'[{section}]\nlisten = ["{address}:0"]'))

    def db_path(self):
        return os.path.join(self.data_dir, "carteiro.db")

    def tls_context(self):
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        return ctx

    def cert_path(self):
        return os.path.join(self.data_dir, "tls", "cert.pem")


def read_line(sock, encoding="latin-1"):
    """One line from a raw socket, byte by byte (so nothing after it is consumed)."""
    data = b""
    while not data.endswith(b"\n"):
        chunk = sock.recv(1)
        if not chunk:
            break
        data += chunk
    return data.decode(encoding, "replace")


def wait_until(predicate, timeout=10, interval=0.05, what="condition"):
    """Polls PREDICATE until true (for effects with no event to wait on, like a file count)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class ServerTestCase(unittest.TestCase):
    """One daemon for the whole test class; each test makes its own accounts."""
    server_options = {}
    _accounts = 0

    @classmethod
    def setUpClass(cls):
        cls.server = Carteiro(**cls.server_options)
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def new_account(self, prefix="user", password="secret"):
        ServerTestCase._accounts += 1
        address = f"{prefix}{ServerTestCase._accounts}@example.test"
        self.server.add_account(address, password)
        return address
