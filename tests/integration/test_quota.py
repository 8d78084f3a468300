"""Storage quotas end to end: set with the `carteiro` CLI, enforced at SMTP RCPT and local
delivery, by IMAP APPEND and COPY (NO [OVERQUOTA]), shown by the IMAP QUOTA extension
(RFC 9208) through imaplib, and freed at once by IMAP EXPUNGE and POP3 DELE + QUIT."""
import imaplib
import poplib
import re
import smtplib
import unittest

import harness
from smtp_store import StoreView
from smtp_wire import SmtpWire


def message(subject, size):
    """A message of exactly SIZE octets."""
    head = f"Subject: {subject}\r\n\r\n".encode()
    return head + b"x" * (size - len(head) - 2) + b"\r\n"


class QuotaTest(harness.ServerTestCase):

    def setUp(self):
        self.store = StoreView(self.server.db_path())

    # -- helpers ----------------------------------------------------------------------
    def account(self, *quota):
        address = self.new_account("quota")
        if quota:
            self.server.cli("account", "quota", address, *quota)
        return address

    def usage(self, address):
        return tuple(self.store.query("SELECT used_storage, used_messages FROM accounts WHERE address = ?", address)[0])

    def imap(self, address):
        m = imaplib.IMAP4("127.0.0.1", self.server.port["imap"], timeout=30)
        self.addCleanup(self.logout_quietly, m)
        self.assertEqual(m.login(address, "secret")[0], "OK")
        return m

    @staticmethod
    def logout_quietly(m):
        try:
            m.logout()
        except Exception:
            pass

    def append(self, m, data, mailbox="INBOX"):
        return m.append(mailbox, None, None, data)

    def rcpt(self, address, size=None):
        w = SmtpWire(self.server.port["smtp"])
        self.addCleanup(w.sock.close)
        self.assertEqual(w.code(), 220)
        self.assertEqual(w.cmd("EHLO t"), 250)
        self.assertEqual(w.cmd("MAIL FROM:<x@remote.test>" + (f" SIZE={size}" if size else "")), 250)
        return w.ask(f"RCPT TO:<{address}>")

    def send(self, recipients, data):
        with smtplib.SMTP("127.0.0.1", self.server.port["smtp"]) as s:
            return s.sendmail("x@remote.test", recipients, data)

    # -- CLI --------------------------------------------------------------------------
    def test_cli_shows_and_sets_account_and_domain_quotas(self):
        self.server.add_domain("quota.test")
        self.server.add_account("carol@quota.test", "secret")
        shown = self.server.cli("account", "quota", "carol@quota.test").stdout
        self.assertIn("storage:  0 octets used, limit unlimited", shown)
        self.assertIn("messages: 0 used, limit unlimited", shown)
        shown = self.server.cli("domain", "quota", "quota.test", "--storage", "1GiB", "--messages", "500").stdout
        self.assertIn("storage:  1.0 GiB (1073741824 octets)", shown)
        shown = self.server.cli("account", "quota", "carol@quota.test").stdout
        self.assertIn("limit 1.0 GiB (1073741824 octets), the domain's default", shown)
        self.assertIn("limit 500, the domain's default", shown)
        shown = self.server.cli("account", "quota", "carol@quota.test", "--storage", "100MiB").stdout
        self.assertIn("limit 100.0 MiB (104857600 octets)\n", shown)
        shown = self.server.cli("account", "quota", "carol@quota.test", "--storage", "none", "--messages", "0").stdout
        self.assertIn("limit 1.0 GiB (1073741824 octets), the domain's default", shown)
        self.server.cli("domain", "quota", "quota.test", "--storage", "0", "--messages", "none")
        self.assertIn("limit unlimited", self.server.cli("account", "quota", "carol@quota.test").stdout)
        for args in (["--storage", "lots"], ["--storage", "5PiB"], ["--messages", "-3"], ["--messages", "2x"]):
            r = self.server.cli("account", "quota", "carol@quota.test", *args, check=False)
            self.assertNotEqual(r.returncode, 0, args)
            self.assertIn(args[0], r.stderr)
        r = self.server.cli("account", "quota", "nobody@quota.test", check=False)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("no account nobody@quota.test", r.stderr)
        r = self.server.cli("domain", "quota", "nowhere.test", "--storage", "1MiB", check=False)
        self.assertIn("no domain nowhere.test", r.stderr)

    # -- SMTP -------------------------------------------------------------------------
    def test_smtp_full_mailbox_is_a_temporary_refusal_and_the_last_message_may_go_over(self):
        bob = self.account("--storage", "2KiB")
        self.send([bob], message("first", 1500))
        self.assertEqual(self.rcpt(bob, size=1000)[0], 250)
        # Under the limit, a message that takes the mailbox over it is still taken
        # (smtplib declares its SIZE=, which is within the quota).
        self.send([bob], message("over", 1000))
        self.assertGreater(self.usage(bob)[0], 2048)
        code, text = self.rcpt(bob)
        self.assertEqual(code, 452)
        self.assertTrue(text[0].startswith("4.2.2"), text)
        with self.assertRaises(smtplib.SMTPRecipientsRefused):
            self.send([bob], message("refused", 100))
        self.assertEqual(len(self.store.inbox(bob)), 2)

    def test_smtp_declared_size_larger_than_the_quota_is_permanent(self):
        bob = self.account("--storage", "10KiB")
        code, text = self.rcpt(bob, size=20000)
        self.assertEqual(code, 552)
        self.assertTrue(text[0].startswith("5.2.2"), text)
        self.assertEqual(self.rcpt(bob, size=5000)[0], 250)

    def test_message_limit_counts_messages(self):
        bob = self.account("--messages", "2")
        self.send([bob], message("one", 100))
        self.send([bob], message("two", 100))
        self.assertEqual(self.rcpt(bob)[0], 452)

    def test_list_member_with_a_full_mailbox_is_skipped_and_reported_to_the_list(self):
        full = self.account("--messages", "1")
        other = self.account()
        postmaster = self.account()
        self.server.cli("alias", "add", "postmaster@example.test", postmaster)
        self.send([full], message("filler", 100))
        listname = f"quotalist{harness.ServerTestCase._accounts}@example.test"
        self.server.cli("list", "create", listname)
        self.server.cli("list", "add", listname, full)
        self.server.cli("list", "add", listname, other)
        self.assertEqual(self.rcpt(listname)[0], 250)  # a full member does not stop the list
        self.send([listname], message("to the list", 200))
        self.assertEqual(len(self.store.inbox(other)), 1)
        self.assertEqual(len(self.store.inbox(full)), 1)
        # The failure report goes to the list's bounce address (the post's envelope
        # sender), which reaches the domain's postmaster; the poster is not told.
        reports = harness.wait_until(lambda: self.store.inbox(postmaster), what="the failure report")
        self.assertIn(b"Status: 5.2.2", reports[0])
        self.assertIn(f"Final-Recipient: rfc822; {full}".encode(), reports[0])
        self.assertFalse([q for q in self.store.queue() if b"Status: 5.2.2" in q[2]])

    # -- IMAP -------------------------------------------------------------------------
    def test_imap_capabilities_and_quota_responses(self):
        bob = self.account("--storage", "10KiB", "--messages", "5")
        m = self.imap(bob)
        caps = m.capabilities
        for cap in ("QUOTA", "QUOTA=RES-STORAGE", "QUOTA=RES-MESSAGE"):
            self.assertIn(cap, caps)
        self.assertEqual(self.append(m, message("a", 3000))[0], "OK")
        typ, data = m.getquotaroot("INBOX")
        self.assertEqual(typ, "OK")
        self.assertEqual(data, [[b'"INBOX" ""'], [b'"" (STORAGE 3 10 MESSAGE 1 5)']])
        typ, data = m.getquota('""')
        self.assertEqual((typ, data), ("OK", [b'"" (STORAGE 3 10 MESSAGE 1 5)']))
        typ, data = m.getquota('"other"')
        self.assertEqual(typ, "NO")
        typ, data = m.setquota('""', "(STORAGE 100000)")
        self.assertEqual(typ, "NO")
        self.assertIn(b"[NOPERM]", data[0])
        typ, data = m.getquotaroot("Nonexistent")
        self.assertEqual(typ, "NO")

    def test_imap_unlimited_account_has_no_quota_root(self):
        m = self.imap(self.account())
        typ, data = m.getquotaroot("INBOX")
        self.assertEqual((typ, data[0]), ("OK", [b'"INBOX"']))
        self.assertEqual(m.getquota('""')[0], "NO")

    def test_imap_append_and_copy_over_quota_store_nothing_move_and_expunge_work(self):
        bob = self.account("--storage", "4KiB")
        m = self.imap(bob)
        self.assertEqual(self.append(m, message("first", 3000))[0], "OK")
        typ, data = self.append(m, message("second", 2000))
        self.assertEqual(typ, "NO")
        self.assertIn(b"[OVERQUOTA]", data[0])
        self.assertEqual(self.usage(bob), (3000, 1))
        self.assertEqual(m.select("INBOX")[0], "OK")
        typ, data = m.copy("1", "Sent")
        self.assertEqual(typ, "NO")
        self.assertIn(b"[OVERQUOTA]", data[0])
        self.assertEqual(m.status("Sent", "(MESSAGES)")[1], [b'"Sent" (MESSAGES 0)'])
        # A move stays within the one quota root: allowed, usage unchanged.
        typ, _ = m._simple_command("MOVE", "1", "Trash")
        self.assertEqual(typ, "OK")
        self.assertEqual(self.usage(bob), (3000, 1))
        self.assertEqual(m.select("Trash")[0], "OK")
        m.store("1", "+FLAGS", "\\Deleted")
        typ, data = m.status("Trash", "(DELETED DELETED-STORAGE)")
        self.assertEqual(data, [b'"Trash" (DELETED 1 DELETED-STORAGE 3)'])
        m.expunge()
        self.assertEqual(self.usage(bob), (0, 0))
        self.assertEqual(m.getquota('""')[1], [b'"" (STORAGE 0 4)'])
        self.assertEqual(self.append(m, message("again", 3500))[0], "OK")

    # -- POP3 -------------------------------------------------------------------------
    def test_pop3_dele_and_quit_free_space_and_stat_is_unchanged(self):
        bob = self.account("--messages", "2")
        self.send([bob], message("one", 300))
        self.send([bob], message("two", 400))
        self.assertEqual(self.rcpt(bob)[0], 452)
        p = poplib.POP3("127.0.0.1", self.server.port["pop3"], timeout=30)
        p.user(bob)
        p.pass_("secret")
        count, size = p.stat()
        self.assertEqual(count, 2)
        self.assertEqual(size, sum(len(m) for m in self.store.inbox(bob)))
        p.dele(1)
        p.quit()
        self.assertEqual(self.usage(bob)[1], 1)
        self.assertEqual(self.rcpt(bob)[0], 250)


if __name__ == "__main__":
    unittest.main()
