#!/usr/bin/env python3
"""SMTP intake benchmark (not a test): smtp-source sends COUNT messages of SIZE bytes over
SESSIONS sessions, one transaction each, to user1@bench.test. For each server: accepted
messages/s (until smtp-source has its last 250) and end-to-end messages/s (until the
INBOX holds them all). Carteiro answers 250 only after the message is in the INBOX on disk
(synchronous=FULL), so for it both are the same, checked by counting the store; for the
reference, Postfix queues and delivers over LMTP to Dovecot afterwards. See run.sh."""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import benchlib  # noqa: E402
from benchlib import harness, wait_until  # noqa: E402

RECIPIENT = "user1@bench.test"


def inject(port, count, size, sessions):
    return benchlib.smtp_source(port, count, size, sessions, "bench@example.test", RECIPIENT)


def carteiro_inbox(c):
    return benchlib.query_one(c, "SELECT COUNT(*) FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id "
                              "JOIN accounts a ON a.id = b.account_id WHERE a.address = ? AND b.name = 'INBOX'",
                              RECIPIENT)


def bench_carteiro(count, size, sessions):
    with harness.Carteiro(hostname="mail.bench.test") as c:
        c.add_account(RECIPIENT, benchlib.PASSWORD)
        t0 = time.perf_counter()
        accepted = inject(c.port["smtp"], count, size, sessions)
        wait_until(lambda: carteiro_inbox(c) >= count, 600, "Carteiro's INBOX to hold every message")
        stored = time.perf_counter() - t0
        if carteiro_inbox(c) != count:
            raise SystemExit(f"carteiro stored {carteiro_inbox(c)} messages, expected {count}")
        return accepted, stored


def bench_reference(count, size, sessions, reference, smtp_port):
    def inbox():
        return benchlib.reference_count(reference, "user1")
    base = inbox()
    t0 = time.perf_counter()
    accepted = inject(smtp_port, count, size, sessions)
    wait_until(lambda: inbox() >= base + count, 1800, "the reference INBOX to hold every message")
    return accepted, time.perf_counter() - t0


def main():
    a = benchlib.arguments(__doc__, count=10000, sessions=10)
    smtp_port = benchlib.reference_ports(a.reference_dir)["SMTP_PORT"]

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
