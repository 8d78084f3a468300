#!/usr/bin/env python3
"""POP3 benchmark (not a test): download and delete COUNT messages of mixed sizes, from
Carteiro and from the reference Dovecot, with the same client and the same messages
(refmail.py's deterministic generator), in the same run. See run.sh."""
import argparse
import os
import poplib
import smtplib
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
import harness  # noqa: E402

PASSWORD = "pass"


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


def fill_carteiro(c, address, count, size, generator_class, connections=4):
    gen = generator_class(1, size, address)
    next_index = iter(range(count))
    lock = threading.Lock()
    errors = []

    def worker():
        try:
            with smtplib.SMTP("127.0.0.1", c.port["smtp"], timeout=120) as s:
                while not errors:
                    with lock:
                        i = next(next_index, None)
                    if i is None:
                        return
                    s.sendmail("fill@refmail.bench.test", [address], gen.message(i))
        except Exception as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit(f"filling Carteiro by SMTP failed: {errors[0]!r} (is the SMTP service wired?)")


def report(name, result):
    n, octets, t_login, seconds = result
    print(f"{name:<10} {n:>6} msgs {octets / 1e6:>8.1f} MB  login {t_login * 1000:>7.1f} ms  "
          f"total {seconds:>6.2f} s  {n / seconds:>7.0f} msg/s  {octets / 1e6 / seconds:>6.1f} MB/s")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--size", type=int, default=4096, help="average message size (bytes)")
    ap.add_argument("--reference", required=True, help="path of reference.sh")
    ap.add_argument("--reference-user", default="user2")
    a = ap.parse_args()

    sys.path.insert(0, os.path.dirname(os.path.abspath(a.reference)))
    import refmail  # the reference's generator: the same bytes for both servers

    ref = a.reference
    ref_port = int(os.environ.get("REF_POP3_PORT", "12110"))
    ref_login = f"{a.reference_user}@bench.test"
    # Dovecot: empty the mailbox left by an earlier run, then fill it over LMTP.
    if int(subprocess.run([ref, "count", a.reference_user], capture_output=True, text=True,
                          check=True).stdout.split()[0]) > 0:
        download_and_delete(ref_port, ref_login, PASSWORD)
    subprocess.run([ref, "fill", a.reference_user, str(a.count), str(a.size)], check=True)

    with harness.Carteiro() as c:
        address = "bench@bench.test"
        c.add_account(address, PASSWORD)
        t0 = time.perf_counter()
        fill_carteiro(c, address, a.count, a.size, refmail.Generator)
        print(f"filled Carteiro by SMTP: {a.count} messages in {time.perf_counter() - t0:.1f}s")
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
