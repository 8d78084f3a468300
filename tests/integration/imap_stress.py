"""An IMAP stress load that checks what it is told (not a test by itself: test_imap_stress
runs it briefly, tests/bench/imap_stress longer). Several clients of one account loop
over SELECT, FETCH, STORE of random flags, EXPUNGE, APPEND and COPY on mailboxes they
share, and every response is checked against the client's own view of its selected
mailbox (RFC 3501 sections 2.3.1.2, 7.3.1, 7.4.1; RFC 7162 section 3.1):
- EXISTS never falls, EXPUNGE and FETCH name a message the client has numbered;
- the UIDs of the numbered messages ascend, and a message keeps its UID;
- a message's MODSEQ never falls;
- the message a client APPENDed or COPYed into its selected mailbox is announced before
  the command completes;
- no BAD, and no NO but those the RFCs allow here (FETCH of expunged messages)."""
import random
import re
import threading
import time

from test_imap_wire import Wire

MESSAGE = (b"From: stress@example.test\r\nTo: stress@example.test\r\nSubject: load %d\r\n"
           b"Date: Tue, 15 Jan 2008 10:20:30 +0100\r\n\r\nContract for the house, line one.\r\n"
           b"a1 LOGOUT\r\n")
FLAGS = ("\\Seen", "\\Answered", "\\Flagged", "\\Draft", "$Label1", "Work")
MAX_ERRORS = 50

EXISTS = re.compile(rb"^\* (\d+) EXISTS$")
EXPUNGE = re.compile(rb"^\* (\d+) EXPUNGE$")
FETCH = re.compile(rb"^\* (\d+) FETCH \((.*)\)$", re.S)
UID = re.compile(rb"\bUID (\d+)")
MODSEQ = re.compile(rb"\bMODSEQ \((\d+)\)")
APPENDUID = re.compile(rb"\[APPENDUID \d+ (\d+)\]")
COPYUID = re.compile(rb"\[COPYUID \d+ \S+ (\S+)\]")


class View:
    """What one client knows of its selected mailbox; records what contradicts it."""

    def __init__(self, report):
        self.report = report
        self.mailbox = None
        self.uids = []        # by sequence number - 1; None until a response names it
        self.modseqs = {}     # (mailbox, uid) -> highest MODSEQ seen, across SELECTs

    def select(self, mailbox):
        self.mailbox = mailbox
        self.uids = []

    def untagged(self, line):
        m = EXISTS.match(line)
        if m:
            n = int(m.group(1))
            if n < len(self.uids):
                self.report(f"EXISTS fell from {len(self.uids)} to {n}")
            self.uids.extend([None] * (n - len(self.uids)))
            return
        m = EXPUNGE.match(line)
        if m:
            n = int(m.group(1))
            if not 1 <= n <= len(self.uids):
                self.report(f"EXPUNGE {n} with {len(self.uids)} messages")
            else:
                del self.uids[n - 1]
            return
        m = FETCH.match(line)
        if m:
            self.fetch(int(m.group(1)), m.group(2))

    def fetch(self, seq, items, uid=None):
        if not 1 <= seq <= len(self.uids):
            self.report(f"FETCH for message {seq} with {len(self.uids)} messages")
            return
        u = UID.search(items)
        if u:
            uid = int(u.group(1))
            known = self.uids[seq - 1]
            if known is not None and known != uid:
                self.report(f"message {seq} was UID {known}, now UID {uid}")
            self.uids[seq - 1] = uid
            self.check_order(seq)
        uid = self.uids[seq - 1]
        m = MODSEQ.search(items)
        if m and uid is not None:
            key = (self.mailbox, uid)
            modseq = int(m.group(1))
            if modseq < self.modseqs.get(key, 0):
                self.report(f"UID {uid}: MODSEQ {self.modseqs[key]}, later {modseq}")
            self.modseqs[key] = max(modseq, self.modseqs.get(key, 0))

    def check_order(self, seq):
        uid = self.uids[seq - 1]
        before = next((u for u in reversed(self.uids[:seq - 1]) if u is not None), None)
        after = next((u for u in self.uids[seq:] if u is not None), None)
        if (before is not None and before >= uid) or (after is not None and after <= uid):
            self.report(f"UIDs not ascending around message {seq}: {before}, {uid}, {after}")


class Client:
    def __init__(self, port, address, password, mailboxes, name, seed, errors, stats):
        self.w = Wire(port)
        self.name = name
        self.mailboxes = mailboxes
        self.rng = random.Random(seed)
        self.errors = errors
        self.stats = stats
        self.view = View(self.report)
        self.command_text = ""
        self.tags = 0
        untagged, done = self.command(f"LOGIN {address} {password}")
        if b" OK " not in done:
            raise RuntimeError(f"login failed: {done!r}")
        self.command("ENABLE CONDSTORE")

    def report(self, what):
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(f"{self.name} after {self.command_text!r}: {what}")

    def command(self, text, literal=None, allowed_no=()):
        """Sends a command, checks every response; returns (untagged, tagged)."""
        self.tags += 1
        tag = f"{self.name}x{self.tags}"
        self.command_text = text
        data = f"{tag} {text}".encode()
        if literal is not None:
            data += b" {%d+}\r\n" % len(literal) + literal
        self.w.send(data + b"\r\n")
        untagged, done = self.w.until(tag)
        for line in untagged:
            if line.startswith(b"* BAD") or (line.startswith(b"* BYE") and text != "LOGOUT"):
                self.report(f"untagged {line!r}")
            self.view.untagged(line)
        status = done[len(tag) + 1:].split(b" ", 1)[0]
        verb = text.split(" ")[0] if not text.startswith("UID ") else " ".join(text.split(" ")[:2])
        self.stats[verb] = self.stats.get(verb, 0) + 1
        if status == b"BAD" or (status == b"NO" and not any(code in done for code in allowed_no)):
            self.report(f"{done!r}")
        return untagged, done

    def run(self, deadline):
        self.select()
        while time.monotonic() < deadline and len(self.errors) < MAX_ERRORS:
            action = self.rng.choices((self.select, self.fetch, self.store, self.expunge, self.append, self.copy),
                                      weights=(1, 3, 5, 2, 3, 2))[0]
            action()
        self.command("LOGOUT")
        self.w.close()

    def select(self):
        mailbox = self.rng.choice(self.mailboxes)
        self.view.select(mailbox)
        self.command(f"SELECT {mailbox}")

    def some_message(self):
        return self.rng.randint(1, len(self.view.uids)) if self.view.uids else None

    def fetch(self):
        if not self.view.uids:
            return self.command("NOOP")
        # RFC 2180 section 4.1.2: a FETCH naming a message expunged meanwhile may fail.
        self.command("FETCH 1:* (UID FLAGS MODSEQ)", allowed_no=(b"[EXPUNGEISSUED]",))

    def store(self):
        seq = self.some_message()
        if seq is None:
            return
        flags = " ".join(self.rng.sample(FLAGS, self.rng.randint(1, 3)))
        mode = self.rng.choice(("+FLAGS", "-FLAGS", "FLAGS"))
        if self.rng.random() < 0.5:
            last = min(len(self.view.uids), seq + self.rng.randint(0, 3))
            self.command(f"STORE {seq}:{last} {mode} ({flags})")
        else:
            self.command(f"UID STORE 1:* {mode} ({flags})")

    def expunge(self):
        seq = self.some_message()
        if seq is None:
            return
        self.command(f"STORE {seq} +FLAGS.SILENT (\\Deleted)")
        self.command("EXPUNGE")

    def append(self):
        mailbox = self.rng.choice(self.mailboxes)
        _, done = self.command(f"APPEND {mailbox}", literal=MESSAGE % self.rng.randint(1, 10**6))
        m = APPENDUID.search(done)
        if m and mailbox == self.view.mailbox:
            self.check_announced(int(m.group(1)))

    def copy(self):
        seq = self.some_message()
        if seq is None:
            return
        mailbox = self.rng.choice(self.mailboxes)
        _, done = self.command(f"COPY {seq} {mailbox}")
        m = COPYUID.search(done)
        if m and mailbox == self.view.mailbox:
            self.check_announced(int(m.group(1).split(b":")[-1].split(b",")[-1]))

    def check_announced(self, uid):
        """RFC 3501 section 6.3.11: the new message was announced before the OK, so the
        last message the client numbers has UID at least UID, unless another session
        expunged it already (a COPY keeps \\Deleted): then NOOP does not bring it."""
        n = len(self.view.uids)
        last = None
        if n:
            untagged, _ = self.command(f"FETCH {n} (UID MODSEQ)", allowed_no=(b"[EXPUNGEISSUED]",))
            for line in untagged:
                m = FETCH.match(line)
                if m and int(m.group(1)) == n and UID.search(m.group(2)):
                    last = int(UID.search(m.group(2)).group(1))
        if last is not None and last >= uid:
            return
        self.command("NOOP")
        untagged, _ = self.command(f"UID FETCH {uid} (UID)")
        if any(re.search(rb"\bUID %d\b" % uid, line) for line in untagged if FETCH.match(line)):
            self.report(f"UID {uid} added, but announced only after the command completed")


def run(port, address, password, clients, seconds, mailboxes=("INBOX", "Shared", "Other"), seed=1):
    """Runs CLIENTS clients for SECONDS; returns (errors, stats: commands by verb)."""
    errors, stats = [], {}
    setup = Wire(port)
    setup.command("l", f"LOGIN {address} {password}")
    for mailbox in mailboxes:
        if mailbox != "INBOX":
            setup.command("c", f"CREATE {mailbox}")
    setup.command("o", "LOGOUT")
    setup.close()
    workers = [Client(port, address, password, mailboxes, f"c{i}", seed + i, errors, {}) for i in range(clients)]
    deadline = time.monotonic() + seconds

    def work(client):
        try:
            client.run(deadline)
        except Exception as e:  # a dead connection is an error like any other
            client.report(f"{type(e).__name__}: {e}")

    threads = [threading.Thread(target=work, args=(c,)) for c in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 120)
    for c in workers:
        for verb, n in c.stats.items():
            stats[verb] = stats.get(verb, 0) + n
    return errors, stats
