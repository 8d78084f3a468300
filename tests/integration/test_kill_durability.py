"""Nothing acknowledged is ever lost: 20 concurrent clients (SMTP senders and IMAP APPEND
clients) write while carteirod is killed with SIGKILL at random moments and restarted on
the same data directory. At the end, every message that got its 250 or APPEND OK is in
the mailbox exactly once with its bytes intact, no message is there twice or damaged
(whether or not its reply arrived), and SQLite's integrity check passes.

Each message is sent once and never retried (an SMTP client that retries after a lost
250 may legitimately cause a duplicate; this test must not). The kill moments come from a
seeded generator; the seed is printed, and CARTEIRO_KILL_SEED=<seed> replays the schedule.

Part of the test suite (about 35 s with the sanitizer build on 2 cores); also run alone by
tests/bench/durability/run.sh, for instance against a Release build.
"""
import hashlib
import imaplib
import os
import random
import re
import smtplib
import sqlite3
import threading
import time
import unittest

import harness

SENDERS = 10           # SMTP clients
APPENDERS = 10         # IMAP APPEND clients
KILLS = 20
RUN_BETWEEN_KILLS = (0.05, 0.8)  # seconds of traffic before each kill, drawn uniformly
CLIENT_TIMEOUT = 30
ACCOUNT = "bob@example.test"
PASSWORD = "secret"
ID_FIELD = "X-Kill-Test-Id"


def make_message(rng, message_id):
    """A message whose body size varies (small, a few KiB, past the spool threshold now and
    then), carrying its id and the SHA-256 of its body."""
    size = rng.choice([200, 3000, 40000, 40000, 1300 * 1024 if rng.random() < 0.05 else 8000])
    words = []
    total = 0
    while total < size:
        word = f"{message_id}-{rng.getrandbits(32):08x}"
        words.append(word)
        total += len(word) + 1
    lines = [" ".join(words[i:i + 8]) for i in range(0, len(words), 8)]
    body = ("\r\n".join(lines) + "\r\n").encode()
    digest = hashlib.sha256(body).hexdigest()
    header = (f"From: alice@example.test\r\nTo: {ACCOUNT}\r\nSubject: kill test {message_id}\r\n"
              f"{ID_FIELD}: {message_id}\r\nX-Body-SHA256: {digest}\r\n\r\n")
    return header.encode() + body


class Run:
    """What the clients share with the test: where the daemon listens now, and what they
    sent and had acknowledged."""

    def __init__(self, server, seed):
        self.server = server
        self.seed = seed
        self.up = threading.Event()
        self.finished = threading.Event()
        self.lock = threading.Lock()
        self.sent = {}          # id -> bytes, every message whose sending began
        self.acknowledged = set()
        self.acks_this_run = 0
        self.errors = []        # replies that are neither success nor a dropped connection

    def port(self, name):
        while not self.finished.is_set():
            if self.up.wait(0.5):
                port = self.server.port.get(name)
                if port:
                    return port
        return None

    def begin(self, message_id, data):
        with self.lock:
            self.sent[message_id] = data

    def acknowledge(self, message_id):
        with self.lock:
            self.acknowledged.add(message_id)
            self.acks_this_run += 1


def temporary_refusal(run, message_id, code, text):
    """A 4xx (the store busy or full) is a refusal the sender retries later; a 5xx is a bug."""
    if code // 100 != 4:
        run.errors.append(f"{message_id}: {code} {text!r}")


def smtp_client(run, index):
    rng = random.Random(f"{run.seed}-smtp-{index}")
    serial = 0
    while not run.finished.is_set():
        port = run.port("smtp")
        if port is None:
            return
        try:
            with smtplib.SMTP("127.0.0.1", port, timeout=CLIENT_TIMEOUT) as s:
                while not run.finished.is_set():
                    serial += 1
                    message_id = f"smtp-{index}-{serial}"
                    data = make_message(rng, message_id)
                    run.begin(message_id, data)
                    try:
                        refused = s.sendmail("alice@example.test", [ACCOUNT], data)
                    except smtplib.SMTPResponseException as e:
                        temporary_refusal(run, message_id, e.smtp_code, e.smtp_error)
                        s.rset()
                        continue
                    except smtplib.SMTPRecipientsRefused as e:
                        for code, text in e.recipients.values():
                            temporary_refusal(run, message_id, code, text)
                        s.rset()
                        continue
                    if not refused:
                        run.acknowledge(message_id)
        except (OSError, smtplib.SMTPException):
            pass  # killed mid-transaction: the message may or may not be there


def imap_client(run, index):
    rng = random.Random(f"{run.seed}-imap-{index}")
    serial = 0
    while not run.finished.is_set():
        port = run.port("imap")
        if port is None:
            return
        try:
            m = imaplib.IMAP4("127.0.0.1", port, timeout=CLIENT_TIMEOUT)
            try:
                m.login(ACCOUNT, PASSWORD)
                while not run.finished.is_set():
                    serial += 1
                    message_id = f"imap-{index}-{serial}"
                    data = make_message(rng, message_id)
                    run.begin(message_id, data)
                    typ, detail = m.append("INBOX", None, None, data)
                    if typ == "OK":
                        run.acknowledge(message_id)
                    elif b"[UNAVAILABLE]" not in (detail[0] or b""):
                        run.errors.append(f"{message_id}: {typ} {detail!r}")
            finally:
                try:
                    m.shutdown()
                except OSError:
                    pass
        except (OSError, imaplib.IMAP4.error, imaplib.IMAP4.abort):
            pass


def stored_messages(server):
    """Every message in the account's INBOX, as (id field, bytes)."""
    m = imaplib.IMAP4("127.0.0.1", server.port["imap"], timeout=120)
    m.login(ACCOUNT, PASSWORD)
    typ, data = m.select("INBOX", readonly=True)
    assert typ == "OK", data
    out = []
    if int(data[0]) > 0:
        typ, data = m.fetch("1:*", "(BODY.PEEK[])")
        assert typ == "OK", data
        for item in data:
            if not isinstance(item, tuple):
                continue
            raw = item[1]
            found = re.search(rb"^" + ID_FIELD.encode() + rb": (\S+)\r$", raw, re.MULTILINE)
            out.append((found.group(1).decode() if found else None, raw))
    m.logout()
    return out


class KillDurabilityTest(unittest.TestCase):
    def test_acknowledged_messages_survive_sigkill(self):
        seed = int(os.environ.get("CARTEIRO_KILL_SEED") or time.time_ns() % 1_000_000_007)
        print(f"kill schedule seed: {seed} (CARTEIRO_KILL_SEED={seed} to replay)", flush=True)
        schedule = random.Random(seed)
        server = harness.Carteiro()
        run = Run(server, seed)
        with server:
            server.add_account(ACCOUNT, PASSWORD)
            run.up.set()
            clients = [threading.Thread(target=smtp_client, args=(run, i), daemon=True) for i in range(SENDERS)]
            clients += [threading.Thread(target=imap_client, args=(run, i), daemon=True) for i in range(APPENDERS)]
            for t in clients:
                t.start()
            for kill in range(KILLS):
                # Let the clients reach the daemon before it is killed again (on a loaded
                # machine a restart can take longer than the pause), then a random moment.
                harness.wait_until(lambda: run.acks_this_run > 0, timeout=60, what="a write acknowledged")
                time.sleep(schedule.uniform(*RUN_BETWEEN_KILLS))
                run.up.clear()
                server.kill()
                with run.lock:
                    run.acks_this_run = 0
                server.start()
                run.up.set()
            harness.wait_until(lambda: run.acks_this_run > 0, timeout=60, what="a write after the last restart")
            run.finished.set()
            for t in clients:
                t.join(CLIENT_TIMEOUT + 10)
                self.assertFalse(t.is_alive(), "a client did not finish")

            stored = stored_messages(server)
            print(f"{len(run.sent)} messages sent, {len(run.acknowledged)} acknowledged, "
                  f"{len(stored)} stored, {KILLS} kills", flush=True)
            self.assertEqual(run.errors, [])
            self.assertGreater(len(run.acknowledged), KILLS)

            seen = {}
            for message_id, raw in stored:
                self.assertIsNotNone(message_id, f"a stored message without its id: {raw[:300]!r}")
                self.assertIn(message_id, run.sent, "a message nobody sent")
                self.assertNotIn(message_id, seen, f"{message_id} is stored twice")
                seen[message_id] = raw
                # SMTP delivery adds Return-Path: and Received: above the message as sent.
                sent = run.sent[message_id]
                intact = raw == sent if message_id.startswith("imap-") else raw.endswith(b"\r\n" + sent)
                self.assertTrue(intact, f"{message_id} is damaged: {raw[:300]!r}")
            lost = sorted(run.acknowledged - seen.keys())
            self.assertEqual(lost, [], f"acknowledged but lost (seed {seed})")

            self.assertEqual(server.stop(), 0)
            db = sqlite3.connect(server.db_path())
            try:
                self.assertEqual(db.execute("PRAGMA integrity_check").fetchall(), [("ok",)])
            finally:
                db.close()


if __name__ == "__main__":
    unittest.main()
