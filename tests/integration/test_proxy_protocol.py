"""PROXY protocol (HAProxy's proxy-protocol.txt) on the SMTP and IMAP listeners: a real
haproxy in front of carteirod with send-proxy (v1) and send-proxy-v2, and hand-made headers
for what haproxy cannot be made to say.

Everything runs on loopback, so the client binds to 127.0.0.2 before connecting to haproxy
(which reaches carteirod from 127.0.0.1, the one trusted proxy): the address carteirod
reports must be 127.0.0.2, which only the header can have told it."""
import os
import re
import shutil
import smtplib
import socket
import subprocess
import tempfile
import unittest

import harness
from smtp_store import StoreView, set_listener_keys

PROXY_KEYS = 'proxy_protocol = true\ntrusted_proxies = ["127.0.0.1", "10.0.0.0/8"]'
CLIENT = "127.0.0.2"      # the real client behind haproxy
STRANGER = "127.0.0.3"    # not a trusted proxy


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, timeout=20):
    def accepting():
        if proc.poll() is not None:
            raise AssertionError(f"haproxy exited with {proc.returncode}: {proc.stdout.read()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            return False
    harness.wait_until(accepting, timeout=timeout, what=f"haproxy on port {port}")


def connect_from(source, port):
    return socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0))


def closed_without_a_word(s):
    """True when the server closed S without sending anything (a reset counts: closing with
    the client's unread bytes still queued resets the connection)."""
    try:
        return s.recv(100) == b""
    except ConnectionResetError:
        return True


read_line = harness.read_line


class ProxyProtocolTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = harness.Carteiro()
        set_listener_keys(cls.c, "smtp", PROXY_KEYS + "\nmax_connections_per_ip = 2")
        set_listener_keys(cls.c, "imap", PROXY_KEYS)
        cls.c.start()
        cls.c.add_account("bob@example.test", "secret")
        cls.store = StoreView(cls.c.db_path())
        cls.dir = tempfile.mkdtemp(prefix="carteiro-haproxy-")
        cls.front = {"v1": free_port(), "v2": free_port(), "imap": free_port()}
        config = os.path.join(cls.dir, "haproxy.cfg")
        smtp, imap = cls.c.port["smtp"], cls.c.port["imap"]
        with open(config, "w") as f:
            f.write(f"""global
  maxconn 100
defaults
  mode tcp
  timeout connect 5s
  timeout client 30s
  timeout server 30s
listen smtp_v1
  bind 127.0.0.1:{cls.front["v1"]}
  server carteiro 127.0.0.1:{smtp} send-proxy
listen smtp_v2
  bind 127.0.0.1:{cls.front["v2"]}
  server carteiro 127.0.0.1:{smtp} send-proxy-v2
listen imap_v2
  bind 127.0.0.1:{cls.front["imap"]}
  server carteiro 127.0.0.1:{imap} send-proxy-v2
""")
        cls.haproxy = subprocess.Popen(["haproxy", "-db", "-f", config], stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, text=True)
        try:
            for port in cls.front.values():
                wait_for_port(port, cls.haproxy)
        except Exception:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.haproxy.terminate()
        try:
            cls.haproxy.wait(10)
        except subprocess.TimeoutExpired:
            cls.haproxy.kill()
            cls.haproxy.wait()
        cls.haproxy.stdout.close()
        shutil.rmtree(cls.dir, ignore_errors=True)
        cls.c.__exit__(None, None, None)

    def send_through(self, front, subject):
        start = self.c.line_count()
        with smtplib.SMTP("127.0.0.1", self.front[front], timeout=30, source_address=(CLIENT, 0)) as s:
            s.sendmail("alice@remote.test", ["bob@example.test"],
                       f"From: alice@remote.test\r\nSubject: {subject}\r\n\r\nhello\r\n")
        self.c.wait_for_output(f"connection from {CLIENT}:", start=start)
        self.c.wait_for_output("via proxy 127.0.0.1", start=start)
        message = [m for m in self.store.inbox("bob@example.test") if subject.encode() in m]
        self.assertEqual(len(message), 1)
        headers = message[0].split(b"\r\n\r\n", 1)[0]
        received = re.search(rb"Received: from [^\r]*\(\[([^\]]+)\]\)", headers)
        self.assertIsNotNone(received, headers)
        self.assertEqual(received.group(1).decode(), CLIENT)

    def test_send_proxy_v1_names_the_real_client_in_received(self):
        self.send_through("v1", "through v1")

    def test_send_proxy_v2_names_the_real_client_in_received(self):
        self.send_through("v2", "through v2")

    def test_imap_through_v2_logs_the_real_client(self):
        start = self.c.line_count()
        with connect_from(CLIENT, self.front["imap"]) as s:
            self.assertIn("OK", read_line(s))
            s.sendall(b"a1 LOGIN bob@example.test secret\r\n")
            self.assertTrue(read_line(s).startswith("a1 OK"))
            s.sendall(b"a2 LOGOUT\r\n")
        self.c.wait_for_output(f"imap login bob@example.test from {CLIENT}", start=start)

    def test_untrusted_address_is_refused(self):
        start = self.c.line_count()
        with connect_from(STRANGER, self.c.port["smtp"]) as s:
            self.assertTrue(closed_without_a_word(s))
        self.c.wait_for_output(f"refused {STRANGER}: not in trusted_proxies", start=start)

    def test_trusted_proxy_without_header_is_refused(self):
        start = self.c.line_count()
        with connect_from("127.0.0.1", self.c.port["smtp"]) as s:
            s.sendall(b"EHLO client.example\r\n")
            self.assertTrue(closed_without_a_word(s))
        self.c.wait_for_output("refused a connection from proxy 127.0.0.1: not a PROXY protocol header", start=start)

    def test_public_client_behind_proxy_has_no_loopback_exemption(self):
        # A hand-made v1 header: the proxy says the client is on the internet, so IMAP on the
        # plain port refuses a plaintext LOGIN, as for any non-loopback client.
        with connect_from("127.0.0.1", self.c.port["imap"]) as s:
            s.sendall(b"PROXY TCP4 203.0.113.9 127.0.0.1 40000 143\r\n")
            greeting = read_line(s)
            self.assertIn("LOGINDISABLED", greeting)
            s.sendall(b"a1 LOGIN bob@example.test secret\r\n")
            self.assertIn("a1 NO [PRIVACYREQUIRED]", read_line(s))
        # The same header with a loopback client keeps the exemption.
        with connect_from("127.0.0.1", self.c.port["imap"]) as s:
            s.sendall(b"PROXY TCP4 127.0.0.9 127.0.0.1 40000 143\r\n")
            self.assertNotIn("LOGINDISABLED", read_line(s))
            s.sendall(b"a1 LOGIN bob@example.test secret\r\na2 LOGOUT\r\n")
            self.assertTrue(read_line(s).startswith("a1 OK"))

    def test_per_ip_limit_counts_the_real_client(self):
        # max_connections_per_ip = 2 on smtp: every connection comes from 127.0.0.1, but the
        # limit is on the clients the headers name.
        def proxied(client):
            s = connect_from("127.0.0.1", self.c.port["smtp"])
            s.sendall(f"PROXY TCP4 {client} 127.0.0.1 40000 25\r\n".encode())
            return s, read_line(s)
        held = []
        try:
            for _ in range(2):
                s, greeting = proxied("198.51.100.1")
                held.append(s)
                self.assertTrue(greeting.startswith("220"), greeting)
            s, greeting = proxied("198.51.100.1")
            held.append(s)
            self.assertTrue(greeting.startswith("421 4.7.0"), greeting)
            s, greeting = proxied("198.51.100.2")
            held.append(s)
            self.assertTrue(greeting.startswith("220"), greeting)
        finally:
            for s in held:
                s.close()

    def test_listener_without_proxy_protocol_answers_a_header_as_a_command(self):
        with connect_from("127.0.0.1", self.c.port["pop3"]) as s:
            self.assertTrue(read_line(s).startswith("+OK"))
            s.sendall(b"PROXY TCP4 203.0.113.9 127.0.0.1 40000 110\r\n")
            self.assertTrue(read_line(s).startswith("-ERR"))


if __name__ == "__main__":
    unittest.main()
