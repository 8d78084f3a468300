#!/usr/bin/env python3
"""POP3 benchmark (not a test): download and delete COUNT messages of mixed sizes, from
Carteiro and from the reference Dovecot, with the same client and the same messages
(refmail.py's deterministic generator), in the same run. See run.sh."""
import os
import poplib
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import benchlib  # noqa: E402
from benchlib import PASSWORD, harness  # noqa: E402


def download_and_delete(port, user, password):
    """One session: LIST, RETR and DELE every message, QUIT. Returns (messages, octets,
    login seconds, total seconds); checks every RETR against its LIST size."""
    t0 = time.perf_counter()
    p = poplib.POP3("127.0.0.1", port, timeout=300)
    p.user(user)
    p.pass_(password)
    t_login = time.perf_counter() - t0
    _, listing, _ = p.list()
    total = 0
    for entry in listing:
        number, size = (int(x) for x in entry.split())
        _, _, octets = p.retr(number)
        if octets != size:
            raise AssertionError(f"message {number}: LIST said {size} octets, RETR gave {octets}")
        total += octets
        p.dele(number)
    p.quit()  # the deletions happen here
    return len(listing), total, t_login, time.perf_counter() - t0


def pop3_count(port, user, password):
    p = poplib.POP3("127.0.0.1", port, timeout=60)
    p.user(user)
    p.pass_(password)
    n = p.stat()[0]
    p.quit()
    return n


def report(name, result):
    n, octets, t_login, seconds = result
    print(f"{name:<10} {n:>6} msgs {octets / 1e6:>8.1f} MB  login {t_login * 1000:>7.1f} ms  "
          f"total {seconds:>6.2f} s  {n / seconds:>7.0f} msg/s  {octets / 1e6 / seconds:>6.1f} MB/s")


def main():
    a = benchlib.arguments(__doc__, count=2000, reference_user="user2")
    generator = benchlib.refmail_generator(a.reference)

    ref = a.reference
    ref_port = benchlib.reference_ports(a.reference_dir)["POP3_PORT"]
    ref_login = f"{a.reference_user}@bench.test"
    # Dovecot: empty the mailbox left by an earlier run, then fill it over LMTP.
    if benchlib.reference_count(ref, a.reference_user) > 0:
        download_and_delete(ref_port, ref_login, PASSWORD)
    benchlib.reference_fill(ref, a.reference_user, a.count, a.size)

    with harness.Carteiro() as c:
        address = "bench@bench.test"
        c.add_account(address, PASSWORD)
        _, t = benchlib.timed(lambda: benchlib.fill_carteiro(c, address, a.count, a.size, generator, timeout=120))
        print(f"filled Carteiro by SMTP: {a.count} messages in {t:.1f}s")
        print(f"POP3 download and delete of {a.count} messages (average {a.size} bytes), one session each:")
        report("carteiro", download_and_delete(c.port["pop3"], address, PASSWORD))
        report("dovecot", download_and_delete(ref_port, ref_login, PASSWORD))
        print("(login: Carteiro verifies a scrypt hash on an account's first login and caches the "
              "success; the reference's passwords are {PLAIN})")
        left = pop3_count(c.port["pop3"], address, PASSWORD), pop3_count(ref_port, ref_login, PASSWORD)
        if left != (0, 0):
            raise SystemExit(f"messages left after QUIT: carteiro {left[0]}, dovecot {left[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
