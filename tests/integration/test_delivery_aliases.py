"""Aliases, catch-all, plus-addressing and mailing lists through the running daemon,
changed with the `carteiro` CLI (or the database) while it runs."""
import smtplib
import time
import unittest

from smtp_store import SmtpServerTest


class DeliveryAliasTest(SmtpServerTest):
    ACCOUNTS = {"bob@example.test": "secret", "alice@example.test": "secret"}

    def rcpt(self, address, sender="x@remote.test"):
        with self.wire() as w:
            w.cmd("EHLO t")
            w.cmd(f"MAIL FROM:<{sender}>")
            return w.ask(f"RCPT TO:<{address}>")

    def send(self, rcpts, subject, sender="x@remote.test"):
        with smtplib.SMTP("127.0.0.1", self.c.port["smtp"]) as s:
            return s.sendmail(sender, rcpts, f"Subject: {subject}\r\n\r\nbody\r\n")

    def with_subject(self, address, subject):
        return [m for m in self.store.inbox(address) if f"Subject: {subject}\r\n".encode() in m]

    def test_one_to_many_and_many_to_one(self):
        self.c.cli("alias", "add", "team@example.test", "bob@example.test", "alice@example.test")
        self.c.cli("alias", "add", "info@example.test", "bob@example.test")
        before = self.store.contents()
        self.send(["team@example.test", "info@example.test"], "fanout")
        self.assertEqual(len(self.with_subject("bob@example.test", "fanout")), 1)
        self.assertEqual(len(self.with_subject("alice@example.test", "fanout")), 1)
        self.assertEqual(self.store.contents(), before + 1)

    def test_recursive_and_remote_targets(self):
        self.c.cli("alias", "add", "level1@example.test", "level2@example.test")
        self.c.cli("alias", "add", "level2@example.test", "alice@example.test", "outside@remote.test")
        self.send(["level1@example.test"], "recursive")
        self.assertEqual(len(self.with_subject("alice@example.test", "recursive")), 1)
        queued = [q for q in self.store.queue() if b"Subject: recursive" in q[2]]
        self.assertEqual([(q[0], q[1]) for q in queued], [("x@remote.test", ["outside@remote.test"])])

    def test_cycle_is_refused(self):
        self.c.cli("alias", "add", "ping@example.test", "pong@example.test")
        self.c.cli("alias", "add", "pong@example.test", "ping@example.test", "bob@example.test")
        code, text = self.rcpt("ping@example.test")
        self.assertEqual(code, 550)
        self.assertTrue(text[0].startswith("5.4.6"), text)

    def test_depth_limit(self):
        def chain(name, n):
            for i in range(n):
                target = f"{name}{i + 1}@example.test" if i + 1 < n else "bob@example.test"
                self.c.cli("alias", "add", f"{name}{i}@example.test", target)
            return f"{name}0@example.test"
        self.assertEqual(self.rcpt(chain("ok", 10))[0], 250)
        code, text = self.rcpt(chain("deep", 12))
        self.assertEqual(code, 550)
        self.assertTrue(text[0].startswith("5.4.6"), text)

    def test_plus_addressing_and_catch_all(self):
        self.send(["alice+receipts@example.test"], "plus")
        self.assertEqual(len(self.with_subject("alice@example.test", "plus")), 1)
        self.c.cli("domain", "add", "catchall.test", "--catch-all", "bob@example.test")
        self.send(["whoever@catchall.test"], "caught")
        self.assertEqual(len(self.with_subject("bob@example.test", "caught")), 1)

    def test_list_of_200_members_is_stored_once(self):
        self.c.cli("list", "create", "all@example.test")
        list_id = self.store.query("SELECT id FROM lists WHERE address = 'all@example.test'")[0][0]
        domain_id = self.store.query("SELECT id FROM domains WHERE name = 'example.test'")[0][0]
        # 200 accounts with an INBOX, written straight into the running daemon's database
        # (scrypt for 200 CLI calls would take minutes); the daemon must see them at once.
        db = __import__("sqlite3").connect(self.store.path, timeout=30)
        with db:
            for i in range(200):
                address = f"member{i}@example.test"
                cur = db.execute("INSERT INTO accounts(domain_id, local_part, address, password_hash, created_at) "
                                 "VALUES(?, ?, ?, 'x', 0)", (domain_id, f"member{i}", address))
                db.execute("INSERT INTO mailboxes(account_id, name, uidvalidity) VALUES(?, 'INBOX', 1)", (cur.lastrowid,))
                db.execute("INSERT INTO list_members(list_id, address) VALUES(?, ?)", (list_id, address))
        db.close()
        before_contents = self.store.contents()
        before_messages = self.store.messages()
        t0 = time.monotonic()
        self.send(["all@example.test"], "to everyone", sender="member7@example.test")
        elapsed = time.monotonic() - t0
        self.assertEqual(self.store.contents(), before_contents + 1)
        self.assertEqual(self.store.messages(), before_messages + 200)
        got = self.store.inbox("member199@example.test")
        self.assertEqual(len(got), 1)
        msg = got[0]
        self.assertTrue(msg.startswith(b"Return-Path: <all-bounces@example.test>\r\nList-Id: <all.example.test>\r\n"), msg)
        self.assertIn(b"List-Post: <mailto:all@example.test>\r\n", msg)
        self.assertIn(b"List-Unsubscribe: <mailto:all-request@example.test?subject=unsubscribe>\r\n", msg)
        self.assertLess(elapsed, 30)

    def test_members_only_list_and_remote_members(self):
        self.c.cli("list", "create", "closed@example.test", "--members-only")
        self.c.cli("list", "add", "closed@example.test", "bob@example.test")
        self.c.cli("list", "add", "closed@example.test", "friend@remote.test")
        code, text = self.rcpt("closed@example.test", sender="stranger@remote.test")
        self.assertEqual(code, 550)
        self.assertTrue(text[0].startswith("5.7.2"), text)
        self.assertEqual(self.rcpt("closed@example.test", sender="bob@example.test")[0], 250)
        self.send(["closed@example.test"], "members", sender="friend@remote.test")
        self.assertEqual(len(self.with_subject("bob@example.test", "members")), 1)
        queued = [q for q in self.store.queue() if b"Subject: members" in q[2]]
        self.assertEqual([(q[0], q[1]) for q in queued], [("closed-bounces@example.test", ["friend@remote.test"])])
        self.assertTrue(queued[0][2].startswith(b"List-Id: <closed.example.test>\r\n"))

    def test_changes_apply_without_restart(self):
        self.assertEqual(self.rcpt("newcomer@example.test")[0], 550)
        self.c.add_account("newcomer@example.test", "pw")
        self.assertEqual(self.rcpt("newcomer@example.test")[0], 250)
        self.c.cli("account", "del", "newcomer@example.test")
        self.assertEqual(self.rcpt("newcomer@example.test")[0], 550)

    def test_recipient_gone_before_the_end_of_data_gets_a_report(self):
        """RFC 5321 section 6.1: after the 250, the sender hears of the recipient that
        could not be delivered (its account was removed between RCPT and DATA)."""
        self.c.add_account("leaving@example.test", "pw")
        with smtplib.SMTP("127.0.0.1", self.c.port["smtp"]) as s:
            s.ehlo("t")
            s.mail("alice@example.test")
            self.assertEqual(s.rcpt("bob@example.test")[0], 250)
            self.assertEqual(s.rcpt("leaving@example.test")[0], 250)
            self.c.cli("account", "del", "leaving@example.test")
            code, _ = s.data(b"Subject: half gone\r\n\r\nbody\r\n")
            self.assertEqual(code, 250)
        self.assertEqual(len(self.with_subject("bob@example.test", "half gone")), 1)
        reports = [m for m in self.store.inbox("alice@example.test") if b"multipart/report" in m]
        self.assertEqual(len(reports), 1)
        self.assertIn(b"Return-Path: <>", reports[0])
        self.assertIn(b"Final-Recipient: rfc822; leaving@example.test", reports[0])
        self.assertIn(b"Status: 5.1.1", reports[0])
        self.assertIn(b"Subject: half gone", reports[0])  # the returned header


if __name__ == "__main__":
    unittest.main()
