"""Looks into a test server's store (data dir carteiro.db) with the sqlite3 module, and
the one-server-per-class set-up the SMTP and delivery tests share."""
import sqlite3
import unittest

import harness
from smtp_wire import SmtpWire


class StoreView:
    def __init__(self, path):
        self.path = path

    def query(self, sql, *args):
        db = sqlite3.connect(self.path, timeout=30)
        try:
            return db.execute(sql, args).fetchall()
        finally:
            db.close()

    def contents(self):
        return self.query("SELECT COUNT(*) FROM contents")[0][0]

    def inbox(self, address):
        """The INBOX messages of ADDRESS, oldest first, as bytes."""
        rows = self.query(
            "SELECT c.data FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id "
            "JOIN accounts a ON a.id = b.account_id JOIN contents c ON c.id = m.content_id "
            "WHERE a.address = ? AND b.name = 'INBOX' ORDER BY m.uid", address)
        return [bytes(r[0]) for r in rows]

    def messages(self):
        return self.query("SELECT COUNT(*) FROM messages")[0][0]

    def queue(self):
        """[(sender, [recipients], data)] of the outbound queue."""
        out = []
        for qid, sender, data in self.query(
                "SELECT q.id, q.sender, c.data FROM queue q JOIN contents c ON c.id = q.content_id ORDER BY q.id"):
            rcpts = [r[0] for r in self.query("SELECT address FROM queue_recipients WHERE queue_id = ? ORDER BY id", qid)]
            out.append((sender, rcpts, bytes(data)))
        return out


def set_listener_keys(c, section, keys):
    """Adds KEYS (TOML lines) to SECTION ("smtp", "submission") of an unstarted harness
    server's config: the harness writes those tables itself, so extra_toml cannot."""
    with open(c.config_path) as f:
        text = f.read()
    text = text.replace(f"[{section}]\n", f"[{section}]\n{keys}\n", 1)
    with open(c.config_path, "w") as f:
        f.write(text)


class SmtpServerTest(unittest.TestCase):
    """One started server for the whole class. A subclass sets ACCOUNTS ({address:
    password}, domains added as needed), LISTENER_KEYS ({section: TOML lines}, see
    set_listener_keys) and EXTRA_TOML (other tables); it gets self.c (the harness server)
    and self.store (a StoreView)."""
    ACCOUNTS = {}
    LISTENER_KEYS = {}
    EXTRA_TOML = ""

    @classmethod
    def setUpClass(cls):
        cls.c = harness.Carteiro(extra_toml=cls.EXTRA_TOML)
        for section, keys in cls.LISTENER_KEYS.items():
            set_listener_keys(cls.c, section, keys)
        cls.c.start()
        try:
            for address, password in cls.ACCOUNTS.items():
                cls.c.add_account(address, password)
        except BaseException:
            cls.c.__exit__(None, None, None)  # unittest skips tearDownClass when this fails
            raise
        cls.store = StoreView(cls.c.db_path())

    @classmethod
    def tearDownClass(cls):
        cls.c.__exit__(None, None, None)

    def wire(self, listener="smtp"):
        """A raw session on LISTENER, its 220 greeting read and checked."""
        w = SmtpWire(self.c.port[listener])
        self.assertEqual(w.code(), 220)
        return w

    def begin_data(self, w, helo="x", sender="x@remote.test", recipient="bob@example.test"):
        """EHLO, MAIL, RCPT and DATA on W, each accepted; the message text is next."""
        self.assertEqual(w.cmd(f"EHLO {helo}"), 250)
        self.assertEqual(w.cmd(f"MAIL FROM:<{sender}>"), 250)
        self.assertEqual(w.cmd(f"RCPT TO:<{recipient}>"), 250)
        self.assertEqual(w.cmd("DATA"), 354)
