"""What the benchmarks share (not a test): the integration harness that starts carteirod,
the reference stack's commands and ports (../shared/reference/README.md), smtp-source,
filling a Carteiro mailbox over SMTP, polling and timing. Each benchmark's *_bench.py
imports it; see tests/bench/lib.sh for the shell side."""
import argparse
import os
import smtplib
import sqlite3
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
import harness  # noqa: E402,F401  (re-exported: benchmarks start carteirod through it)

PASSWORD = "pass"  # every account's password, on both sides
REFERENCE_DIR = os.path.join(os.environ.get("TMPDIR", "/tmp"), "carteiro-reference")
# reference.sh's defaults, taken from REF_<NAME> at a fresh start (README "Commands").
DEFAULT_PORTS = dict(SMTP_PORT=12025, IMAP_PORT=12143, POP3_PORT=12110, RELAY_PORT=12026)


def arguments(description, count, sessions=None, sessions_help=None, reference_user=None):
    """The options every benchmark takes (--count, --size, --reference, --reference-dir),
    plus --sessions and --reference-user when given a default; returns the parsed args."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--count", type=int, default=count)
    ap.add_argument("--size", type=int, default=4096, help="average message size (bytes)")
    if sessions is not None:
        ap.add_argument("--sessions", type=int, default=sessions, help=sessions_help)
    ap.add_argument("--reference", required=True, help="path of reference.sh")
    ap.add_argument("--reference-dir", default=REFERENCE_DIR)
    if reference_user is not None:
        ap.add_argument("--reference-user", default=reference_user)
    return ap.parse_args()


def reference_ports(reference_dir):
    """The running reference's ports: DIR/ports.env when it exists (written at start),
    else REF_<NAME> from the environment, else reference.sh's defaults."""
    ports = {key: int(os.environ.get("REF_" + key, port)) for key, port in DEFAULT_PORTS.items()}
    env_file = os.path.join(reference_dir, "ports.env")
    if os.path.exists(env_file):
        with open(env_file) as f:
            for line in f:
                key, _, value = line.strip().partition("=")
                if key in ports:
                    ports[key] = int(value)
    return ports


def reference_count(reference, user):
    """`reference.sh count USER`: the messages in USER's INBOX on the reference."""
    r = subprocess.run([reference, "count", user], capture_output=True, text=True, check=True)
    return int(r.stdout.split()[0])


def reference_fill(reference, user, count, size):
    """`reference.sh fill`: COUNT generated messages straight into USER's INBOX."""
    subprocess.run([reference, "fill", user, str(count), str(size)], check=True)


def refmail_generator(reference):
    """refmail.Generator, next to reference.sh: the same bytes for both servers."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(reference)))
    import refmail
    return refmail.Generator


def timed(fn):
    """(FN's result, seconds it took)."""
    t0 = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - t0


def wait_until(predicate, timeout, what):
    """Polls PREDICATE; a timeout ends the benchmark with a message, not a traceback."""
    try:
        harness.wait_until(predicate, timeout=timeout, what=what)
    except AssertionError as e:
        raise SystemExit(str(e))


def smtp_source(port, count, size, sessions, sender, recipient):
    """Postfix's smtp-source: COUNT messages of SIZE bytes over SESSIONS sessions, one
    transaction (and connection, -d) each; returns the seconds until its last reply."""
    _, seconds = timed(lambda: subprocess.run(
        ["smtp-source", "-d", "-s", str(sessions), "-m", str(count), "-l", str(size),
         "-f", sender, "-t", recipient, f"127.0.0.1:{port}"], check=True))
    return seconds


def query_one(c, sql, *args):
    """The first column of the first row of SQL on a started server's store, read-only."""
    db = sqlite3.connect(f"file:{c.db_path()}?mode=ro", uri=True, timeout=30)
    try:
        return db.execute(sql, args).fetchone()[0]
    finally:
        db.close()


def fill_carteiro(c, address, count, size, generator_class, connections=4, timeout=300):
    """Delivers generated messages 0..COUNT-1 to ADDRESS over SMTP, CONNECTIONS sessions
    at once (the reference is filled over LMTP by `reference.sh fill`)."""
    gen = generator_class(1, size, address)
    next_index = iter(range(count))
    lock = threading.Lock()
    errors = []

    def worker():
        try:
            with smtplib.SMTP("127.0.0.1", c.port["smtp"], timeout=timeout) as s:
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
        raise SystemExit(f"filling Carteiro by SMTP failed: {errors[0]!r}")
