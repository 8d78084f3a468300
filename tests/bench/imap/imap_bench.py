#!/usr/bin/env python3
"""IMAP benchmark (not a test): on a mailbox of COUNT messages (refmail.py's deterministic
generator, so both servers hold the same bytes), time SELECT, UID FETCH 1:* (FLAGS ENVELOPE
BODYSTRUCTURE), FETCH 1:* BODY.PEEK[] and UID SEARCH TEXT, then hold SESSIONS logged-in
IDLE sessions and measure the server's memory. Carteiro and the reference Dovecot, same
client, same run. See run.sh."""
import os
import re
import resource
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import benchlib  # noqa: E402
from benchlib import PASSWORD, harness, timed  # noqa: E402
from smtp_store import set_listener_keys  # noqa: E402  (tests/integration, on the path through benchlib)


class WireClient:
    """The least client that can time a server: sends one command and reads until its
    tagged completion, without parsing what comes between. imaplib spends longer turning
    10,000 FETCH responses into Python objects than either server takes to send them,
    which would hide the servers' difference."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=600)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.tags = 0
        while not self._read_some().endswith(b"\r\n"):  # the greeting
            pass

    def _read_some(self):
        chunk = self.sock.recv(1 << 20)
        if not chunk:
            raise SystemExit("the server closed the connection")
        return chunk

    def command(self, text):
        """(everything the server sent up to and including the tagged completion, seconds)."""
        self.tags += 1
        tag = f"T{self.tags:04d} ".encode()
        chunks, tail = [], b""
        t0 = time.perf_counter()
        self.sock.sendall(tag + text.encode() + b"\r\n")
        while True:
            chunk = self._read_some()
            chunks.append(chunk)
            tail = (tail + chunk)[-4096:]
            if not tail.endswith(b"\r\n"):
                continue
            # The tagged line comes last (one command at a time): the last line of the data.
            start = tail.rfind(b"\r\n", 0, len(tail) - 2)
            last_line = tail[start + 2:] if start >= 0 else tail
            if last_line.startswith(tag):
                break
        seconds = time.perf_counter() - t0
        if not last_line.startswith(tag + b"OK"):
            raise SystemExit(f"{text}: {last_line!r}")
        return b"".join(chunks), seconds

    def close(self):
        self.sock.close()


def workload(port, user):
    """The four timed steps on one session; returns {step: (seconds, detail)}."""
    c = WireClient(port)
    c.command(f"LOGIN {user} {PASSWORD}")
    out = {}
    data, t = c.command("SELECT INBOX")
    exists = int(re.search(rb"\* (\d+) EXISTS", data).group(1))
    out["SELECT"] = (t, f"{exists} messages")
    data, t = c.command("UID FETCH 1:* (FLAGS ENVELOPE BODYSTRUCTURE)")
    out["UID FETCH 1:* (FLAGS ENVELOPE BODYSTRUCTURE)"] = (t, f"{len(data) / 1e6:.1f} MB")
    data, t = c.command("FETCH 1:* (BODY.PEEK[])")
    out["FETCH 1:* BODY.PEEK[]"] = (t, f"{len(data) / 1e6:.1f} MB")
    data, t = c.command("UID SEARCH TEXT xylophone")
    found = re.search(rb"\* SEARCH([ 0-9]*)\r\n", data).group(1).split()
    out["UID SEARCH TEXT xylophone"] = (t, f"{len(found)} found")
    c.close()
    return out


def tree_memory(root_pid):
    """RSS and PSS (KiB) summed over ROOT_PID and its descendants, from smaps_rollup."""
    pids, frontier = [], [root_pid]
    while frontier:
        pid = frontier.pop()
        pids.append(pid)
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as f:
                frontier += [int(x) for x in f.read().split()]
        except OSError:
            pass
    rss = pss = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            pass
    return rss, pss


def idle_sessions(port, user, n):
    """Opens N sessions that log in, SELECT INBOX and IDLE; returns their sockets."""
    socks = []
    for i in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=60)
        f = s.makefile("rb")
        f.readline()
        s.sendall(f"a LOGIN {user} {PASSWORD}\r\nb SELECT INBOX\r\nc IDLE\r\n".encode())
        while not f.readline().startswith(b"+ "):
            pass
        socks.append((s, f))
    return socks


def idle_memory(port, user, n, pid_of):
    before = tree_memory(pid_of())
    socks, seconds = timed(lambda: idle_sessions(port, user, n))
    time.sleep(1)
    after = tree_memory(pid_of())
    for s, f in socks:
        try:
            s.sendall(b"DONE\r\nd LOGOUT\r\n")
        except OSError:
            pass
        f.close()
        s.close()
    return before, after, seconds


def dovecot_master_pid(reference):
    status = subprocess.run([reference, "status"], capture_output=True, text=True).stdout
    match = re.search(r"dovecot\D*(\d+)", status, re.IGNORECASE)
    if not match:
        raise SystemExit(f"cannot find Dovecot's master PID in: {status}")
    return int(match.group(1))


def main():
    a = benchlib.arguments(__doc__, count=10000, sessions=1000, sessions_help="IDLE sessions for the memory test",
                           reference_user="user3")

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4 * a.sessions + 100)), hard))
    generator = benchlib.refmail_generator(a.reference)

    ref = a.reference
    ref_port = benchlib.reference_ports(a.reference_dir)["IMAP_PORT"]
    ref_login = f"{a.reference_user}@bench.test"
    have = benchlib.reference_count(ref, a.reference_user)
    if have < a.count:
        benchlib.reference_fill(ref, a.reference_user, a.count - have, a.size)
    elif have > a.count:
        print(f"note: Dovecot's {ref_login} holds {have} messages (left from earlier runs)")

    c = harness.Carteiro()
    set_listener_keys(c, "imap", f"max_connections = {2 * a.sessions + 100}\n"
                      f"max_connections_per_ip = {2 * a.sessions + 100}\n"
                      # every IDLE session logs in to the one account
                      "max_sessions_per_account = 0")
    with c:
        address = "bench@bench.test"
        c.add_account(address, PASSWORD)
        _, t = timed(lambda: benchlib.fill_carteiro(c, address, a.count, a.size, generator))
        print(f"filled Carteiro by SMTP: {a.count} messages in {t:.1f}s")

        # Each server runs the steps twice: the first run shows a cold start (Dovecot builds
        # its index files on first access), the second the steady state.
        for run in ("first run", "second run"):
            print(f"\nIMAP on a mailbox of {a.count} messages (average {a.size} bytes), {run}, one session each:")
            results = {"carteiro": workload(c.port["imap"], address), "dovecot": workload(ref_port, ref_login)}
            for step in results["carteiro"]:
                for name, r in results.items():
                    seconds, detail = r[step]
                    print(f"  {step:<46} {name:<9} {seconds * 1000:>9.2f} ms   {detail}")

        print(f"\nMemory of {a.sessions} logged-in IDLE sessions on that INBOX:")
        for name, port, user, pid_of in (("carteiro", c.port["imap"], address, lambda: c.proc.pid),
                                         ("dovecot", ref_port, ref_login, lambda: dovecot_master_pid(ref))):
            (rss0, pss0), (rss1, pss1), seconds = idle_memory(port, user, a.sessions, pid_of)
            print(f"  {name:<9} opened in {seconds:5.1f} s   RSS {rss0 / 1024:7.1f} -> {rss1 / 1024:7.1f} MiB   "
                  f"PSS {pss0 / 1024:7.1f} -> {pss1 / 1024:7.1f} MiB   "
                  f"{(pss1 - pss0) / a.sessions:6.1f} KiB PSS per session")
    return 0


if __name__ == "__main__":
    sys.exit(main())
