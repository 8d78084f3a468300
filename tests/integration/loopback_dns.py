"""A DNS server on loopback for tests with more than one mail server: unbound on a free
port serving only the test zone (everything else under test. is NXDOMAIN). A server
uses it with `[dns] servers = ["127.0.0.1@PORT"]` (libunbound's "address@port")."""
import os
import shutil
import socket
import struct
import subprocess
import tempfile
import time
import unittest

UNBOUND = "/usr/sbin/unbound"


def free_port(host="127.0.0.1", udp_too=False):
    """A port free for TCP (and UDP) on HOST."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind((host, 0))
            port = s.getsockname()[1]
        if not udp_too:
            return port
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
                u.bind((host, port))
            return port
        except OSError:
            continue
    raise RuntimeError("no free port")


def dns_query(port, name, qtype=1, timeout=0.5):
    """One UDP query to 127.0.0.1:PORT; returns the RCODE, or None without an answer."""
    packet = struct.pack(">HHHHHH", 0x4242, 0x0100, 1, 0, 0, 0)
    for label in name.split("."):
        packet += bytes([len(label)]) + label.encode()
    packet += b"\0" + struct.pack(">HH", qtype, 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.sendto(packet, ("127.0.0.1", port))
        try:
            reply = s.recv(4096)
        except socket.timeout:
            return None
    return reply[3] & 0x0F


class Unbound:
    """unbound on a free port, serving only the test zone (everything else under test.
    is NXDOMAIN)."""

    def __init__(self, local_data, auth_zone=None, directory=None):
        """AUTH_ZONE: (name, zone file) served as an auth-zone, with its DNSSEC records
        when the file is signed; DIRECTORY: the files' place (made and removed here when None)."""
        self.owns_dir = directory is None
        self.dir = directory or tempfile.mkdtemp(prefix="carteiro-unbound-")
        self.port = free_port(udp_too=True)
        # A record holding double quotes (TXT character-strings) goes in single quotes.
        data = "\n".join(f"  local-data: '{record}'" if '"' in record else f'  local-data: "{record}"'
                         for record in local_data)
        # answered once unbound is up
        self.first_name = local_data[0].split()[0].rstrip(".") if local_data else auth_zone[0]
        auth = ""
        if auth_zone:
            # unbound answers NXDOMAIN for names under the special-use "test." (RFC 6761)
            # unless the zone is let through to the auth-zone.
            data += f'\n  local-zone: "{auth_zone[0]}." transparent'
            auth = f'auth-zone:\n  name: "{auth_zone[0]}."\n  zonefile: "{auth_zone[1]}"\n'
        self.conf = os.path.join(self.dir, "unbound.conf")
        with open(self.conf, "w") as f:
            f.write(f"""server:
  interface: 127.0.0.1@{self.port}
  port: {self.port}
  do-ip6: no
  do-daemonize: no
  use-syslog: no
  logfile: ""
  username: ""
  chroot: ""
  pidfile: ""
  directory: "{self.dir}"
  access-control: 127.0.0.0/8 allow
  module-config: "iterator"
  local-zone: "test." static
{data}
{auth}remote-control:
  control-enable: no
""")
        self.proc = None

    def __enter__(self):
        self.log = os.path.join(self.dir, "unbound.log")
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen([UNBOUND, "-d", "-c", self.conf], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while dns_query(self.port, self.first_name) != 0:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                with open(self.log, errors="replace") as log:
                    out = log.read()
                self.__exit__()
                raise AssertionError("unbound did not start: " + out)
        return self

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.owns_dir:
            shutil.rmtree(self.dir, ignore_errors=True)
        return False


def write_cli_config(directory, dns_port):
    """A configuration in DIRECTORY for running the `carteiro` CLI against the unbound on
    DNS_PORT (no daemon needed); returns its path."""
    path = os.path.join(directory, "carteiro.toml")
    with open(path, "w") as f:
        f.write(f'hostname = "mail.example.test"\ndata_dir = "{directory}/data"\n'
                f'[dns]\nservers = ["127.0.0.1@{dns_port}"]\n')
    return path


def run_cli(config, *args):
    """Runs the `carteiro` CLI with CONFIG (from write_cli_config) and returns the finished
    process; a sanitizer report on stderr fails the test."""
    import harness
    r = subprocess.run([harness.CARTEIRO, "--config", config, *args], capture_output=True, text=True, timeout=120)
    for marker in ("ERROR: AddressSanitizer", "runtime error:", "ERROR: LeakSanitizer"):
        if marker in r.stderr:
            raise AssertionError(f"sanitizer report from carteiro {' '.join(args)}:\n{r.stderr[-6000:]}")
    return r


class CliTestCase(unittest.TestCase):
    """Tests of the `carteiro` CLI against an unbound serving what records() returns (called
    once, after self.dir, a scratch folder, exists); self.config points the CLI at it."""

    @classmethod
    def records(cls):
        raise NotImplementedError

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="carteiro-cli-")
        cls.dns = Unbound(cls.records()).__enter__()
        cls.config = write_cli_config(cls.dir, cls.dns.port)

    @classmethod
    def tearDownClass(cls):
        cls.dns.__exit__(None, None, None)
        shutil.rmtree(cls.dir, ignore_errors=True)
