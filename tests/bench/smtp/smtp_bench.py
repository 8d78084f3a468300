#!/usr/bin/env python3
"""SMTP intake benchmark (not a test): smtp-source sends COUNT messages of SIZE bytes over
SESSIONS sessions, one transaction each, to user1@bench.test. For each server: accepted
messages/s (until smtp-source has its last 250) and end-to-end messages/s (until the
INBOX holds them all). Carteiro answers 250 only after the message is in the INBOX on disk
(synchronous=FULL), so for it both are the same, checked by counting the store; for the
reference, Postfix queues and delivers over LMTP to Dovecot afterwards. See run.sh."""
import argparse
import os
import sqlite3
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
import harness  # noqa: E402

RECIPIENT = "user1@bench.test"


def inject(port, count, size, sessions):
    t0 = time.perf_counter()
    subprocess.run(["smtp-source", "-d", "-s", str(sessions), "-m", str(count), "-l", str(size),
                    "-f", "bench@example.test", "-t", RECIPIENT, f"127.0.0.1:{port}"], check=True)
    return time.perf_counter() - t0


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise SystemExit(f"timed out after {timeout}s waiting for {what}")


def carteiro_inbox(c):
    db = sqlite3.connect(f"file:{c.db_path()}?mode=ro", uri=True, timeout=30)
    try:
        return db.execute("SELECT COUNT(*) FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id "
                          "JOIN accounts a ON a.id = b.account_id WHERE a.address = ? AND b.name = 'INBOX'",
                          (RECIPIENT,)).fetchone()[0]
    finally:
        db.close()


def bench_carteiro(count, size, sessions):
    with harness.Carteiro(hostname="mail.bench.test") as c:
        c.add_account(RECIPIENT, "pass")
        t0 = time.perf_counter()
        accepted = inject(c.port["smtp"], count, size, sessions)
        wait_until(lambda: carteiro_inbox(c) >= count, 600, "Carteiro's INBOX to hold every message")
        stored = time.perf_counter() - t0
        if carteiro_inbox(c) != count:
            raise SystemExit(f"carteiro stored {carteiro_inbox(c)} messages, expected {count}")
        return accepted, stored


def bench_reference(count, size, sessions, reference, smtp_port):
    def inbox():
        r = subprocess.run([reference, "count", "user1"], capture_output=True, text=True, check=True)
        return int(r.stdout.split()[0])
    base = inbox()
    t0 = time.perf_counter()
    accepted = inject(smtp_port, count, size, sessions)
    wait_until(lambda: inbox() >= base + count, 1800, "the reference INBOX to hold every message")
    return accepted, time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--size", type=int, default=4096)
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--reference", required=True, help="path of reference.sh")
    ap.add_argument("--reference-dir", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "carteiro-reference"))
    a = ap.parse_args()
    smtp_port = 12025
    env_file = os.path.join(a.reference_dir, "ports.env")
    if os.path.exists(env_file):
        for line in open(env_file):
            key, _, value = line.strip().partition("=")
            if key == "REF_SMTP_PORT" or key == "SMTP_PORT":
                smtp_port = int(value)

    results = [("carteiro", *bench_carteiro(a.count, a.size, a.sessions)),
               ("postfix+dovecot", *bench_reference(a.count, a.size, a.sessions, a.reference, smtp_port))]
    print(f"{a.count} messages of {a.size} bytes over {a.sessions} sessions to one INBOX:")
    print(f"{'':<16} {'accepted':>12} {'end-to-end':>12} {'until stored':>14}")
    for name, accepted, stored in results:
        print(f"{name:<16} {a.count / accepted:>8.0f} msg/s {a.count / stored:>8.0f} msg/s {stored:>12.2f} s")
    ratio = (a.count / results[0][2]) / (a.count / results[1][2])
    print(f"end-to-end rate, carteiro / reference: {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
