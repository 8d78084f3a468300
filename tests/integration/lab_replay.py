"""Replays a dialogue of ../shared/lab/ (course material) against a started server and
checks every reply code. Format: see shared/lab/README.md.

    lab_replay.replay(c, "/work/shared/lab/smtp-crepes.txt")
"""
import hashlib
import os
import re
import smtplib
import socket

SHARED_LAB = os.environ.get("CARTEIRO_LAB_DIR") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "lab")


def lab_files(prefix):
    return sorted(os.path.join(SHARED_LAB, f) for f in os.listdir(SHARED_LAB)
                  if f.startswith(prefix) and f.endswith(".txt"))


class Dialogue:
    def __init__(self, path):
        self.path = path
        self.setup = []
        self.port = None
        self.steps = []  # ("C", text) / ("S", expected)
        with open(path, encoding="utf-8") as f:
            for raw in f:
                line = raw.rstrip("\n")
                if line.startswith("# setup:"):
                    self.setup.append(line[len("# setup:"):].strip())
                elif line.startswith("# port:"):
                    self.port = line[len("# port:"):].strip()
                elif line.startswith("C:"):
                    self.steps.append(("C", line[3:] if line.startswith("C: ") else line[2:]))
                elif line.startswith("S:"):
                    self.steps.append(("S", line[2:].strip()))


def apply_setup(c, setup_lines):
    """Creates the domains, accounts, APOP secrets, lists and messages the # setup lines name."""
    text = " ".join(setup_lines)
    for domain in re.findall(r"\bdomain ([\w.-]+)", text):
        c.add_domain(domain)
    for address, password in re.findall(r"([\w.+-]+@[\w.-]+) password \"([^\"]*)\"", text):
        c.add_account(address, password)
    for address, _pw, secret in re.findall(r"([\w.+-]+@[\w.-]+) password \"([^\"]*)\" with APOP secret \"([^\"]*)\"", text):
        c.cli("account", "set-apop", address, input=secret + "\n")
    for lst, members in re.findall(r"list ([\w.+-]+@[\w.-]+) with members ([^;]+)", text):
        c.cli("list", "create", lst)
        for m in re.findall(r"[\w.+-]+@[\w.-]+", members):
            c.cli("list", "add", lst, m)
    m = re.search(r"(\w+) messages? (?:already )?in ([\w.+-]+)'s INBOX", text)
    if m:
        count = {"one": 1, "two": 2, "three": 3}.get(m.group(1), None) or int(m.group(1))
        owner = m.group(2)
        address = owner if "@" in owner else next(a for a, _ in re.findall(
            r"([\w.+-]+@[\w.-]+) password \"([^\"]*)\"", text) if a.startswith(owner + "@"))
        with smtplib.SMTP("127.0.0.1", c.port["smtp"], timeout=30) as s:
            for i in range(count):
                s.sendmail("setup@lab.example", [address],
                           f"Subject: lab message {i + 1}\r\n\r\nThis is lab message {i + 1}.\r\n")


class Wire:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.buf = b""

    def line(self):
        while b"\n" not in self.buf:
            data = self.sock.recv(65536)
            if not data:
                raise AssertionError("server closed the connection")
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return line.rstrip(b"\r").decode("utf-8", "replace")

    def send(self, text):
        self.sock.sendall(text.encode("utf-8") + b"\r\n")


def read_reply(wire, protocol, expected):
    """Reads one whole reply; returns its lines."""
    lines = [wire.line()]
    if protocol == "smtp":
        while len(lines[-1]) >= 4 and lines[-1][3] == "-":
            lines.append(wire.line())
    elif expected == "...":
        # POP3 multi-line: +OK line, then lines up to a lone "."
        if lines[0].startswith("+OK"):
            while lines[-1] != ".":
                lines.append(wire.line())
    return lines


def replay(c, path):
    """Runs the dialogue; raises AssertionError naming the step that got the wrong reply."""
    d = Dialogue(path)
    apply_setup(c, d.setup)
    wire = Wire(c.port[d.port])
    timestamp = None
    transcript = []
    try:
        for kind, text in d.steps:
            if kind == "C":
                def apop(m):
                    secret = m.group(2)
                    return hashlib.md5((timestamp + secret).encode()).hexdigest()
                text = re.sub(r"\{apop:([^:}]+):([^}]+)\}", apop, text)
                transcript.append("C: " + text)
                wire.send(text)
                continue
            reply = read_reply(wire, d.protocol if hasattr(d, "protocol") else d.port, text)
            transcript.extend("S: " + r for r in reply)
            if timestamp is None and d.port == "pop3":
                m = re.search(r"<[^>]*>", reply[0])
                timestamp = m.group(0) if m else ""
            first = reply[0]
            if text == "...":
                ok = first.startswith("+OK") if d.port == "pop3" else first[:1] in "23"
                if d.port == "pop3":
                    ok = ok and reply[-1] == "."
            elif text[0].isdigit():
                ok = first[:3] == text[:3]
            else:
                ok = first.split(" ")[0] == text.split(" ")[0]
            if not ok:
                raise AssertionError(f"{os.path.basename(path)}: expected {text!r}, got {first!r}\n"
                                     + "\n".join(transcript))
    finally:
        wire.sock.close()
    return transcript
