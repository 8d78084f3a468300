"""Login hardening against a running carteirod: the throttle under parallel IMAP logins
(per client address and per account, a success forgiving nothing else), the time of an
unknown user's failure, the fail2ban log line for IMAP, POP3 and SMTP AUTH (matched with
the documented filter), and the cap on concurrent sessions per account.

Every test speaks from its own loopback address (127.0.0.N), so the per-address counts of
one test do not spill into another's."""
import concurrent.futures
import imaplib
import os
import poplib
import re
import smtplib
import socket
import statistics
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from smtp_store import set_listener_keys  # noqa: E402

PASSWORD = "right-password"
FILTER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "conf", "fail2ban", "carteiro.conf")
MAX_PER_IP = 3
MAX_PER_ACCOUNT = 5  # above MAX_PER_IP, so the per-address tests see only that limit


class Imap(imaplib.IMAP4):
    """imaplib's client, connecting from SOURCE."""

    def __init__(self, port, source):
        self._source = source
        super().__init__("127.0.0.1", port, timeout=60)

    def _create_socket(self, timeout):
        return socket.create_connection((self.host, self.port), timeout, source_address=(self._source, 0))


class Pop3(poplib.POP3):
    def __init__(self, port, source):
        self._source = source
        super().__init__("127.0.0.1", port, timeout=60)

    def _create_socket(self, timeout):
        return socket.create_connection((self.host, self.port), timeout, source_address=(self._source, 0))


def imap_login(port, source, user, password):
    """'OK', or the failure's text."""
    with Imap(port, source) as m:
        try:
            m.login(user, password)
            return "OK"
        except imaplib.IMAP4.error as e:
            return str(e)


def fail2ban_regex():
    """The filter's failregex with fail2ban's <HOST> as a Python group."""
    with open(FILTER) as f:
        text = f.read()
    line = next(l for l in text.splitlines() if l.startswith("failregex"))
    pattern = line.split("=", 1)[1].strip()
    return re.compile(pattern.replace("<HOST>", r"(?P<host>\S+)"))


class AuthHardeningTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = harness.Carteiro(extra_toml=f"[auth]\nfailure_delay_ms = 0\nmax_failures_per_ip = {MAX_PER_IP}\n"
                                            f"max_failures_per_account = {MAX_PER_ACCOUNT}\nfailure_window = 600\n")
        set_listener_keys(cls.c, "imap", "max_sessions_per_account = 2")
        set_listener_keys(cls.c, "pop3", "max_sessions_per_account = 1")
        cls.c.start()
        cls.accounts = 0

    @classmethod
    def tearDownClass(cls):
        cls.c.__exit__(None, None, None)

    def account(self):
        AuthHardeningTest.accounts += 1
        address = f"user{AuthHardeningTest.accounts}@example.test"
        self.c.add_account(address, PASSWORD)
        return address

    def failures(self, ip, reason=None):
        lines = [l for l in self.c.output().splitlines() if "auth failed:" in l and f" ip={ip} " in l]
        return [l for l in lines if reason is None or l.endswith(f"reason={reason}")]

    # -- 1. throttle ------------------------------------------------------------------
    def test_parallel_logins_cannot_pass_the_per_ip_limit(self):
        ip = "127.0.0.11"
        mine, victim = self.account(), self.account()
        victims = [victim] * 8  # a real account: each check costs scrypt, so the guesses overlap
        start = threading.Barrier(len(victims))

        def guess(victim):
            with Imap(self.c.port["imap"], ip) as m:
                start.wait()
                try:
                    m.login(victim, "guess")
                    return "OK"
                except imaplib.IMAP4.error as e:
                    return str(e)

        with concurrent.futures.ThreadPoolExecutor(len(victims)) as pool:
            results = list(pool.map(guess, victims))
        self.assertTrue(all("AUTHENTICATIONFAILED" in r for r in results), results)
        harness.wait_until(lambda: len(self.failures(ip)) == len(victims), what="a log line per attempt")
        # Only MAX_PER_IP passwords were checked; the others were refused before the check.
        self.assertEqual(len(self.failures(ip, "bad_password")), MAX_PER_IP, self.failures(ip))
        self.assertEqual(len(self.failures(ip, "blocked")), len(victims) - MAX_PER_IP)
        # Blocked: even the right password of another account gets nowhere.
        self.assertIn("AUTHENTICATIONFAILED", imap_login(self.c.port["imap"], ip, mine, PASSWORD))
        self.assertEqual(imap_login(self.c.port["imap"], "127.0.0.111", mine, PASSWORD), "OK")

    def test_a_success_does_not_reset_the_address_failures(self):
        ip = "127.0.0.12"
        mine, victim1, victim2 = self.account(), "ghost1@example.test", "ghost2@example.test"
        port = self.c.port["imap"]
        self.assertIn("AUTHENTICATIONFAILED", imap_login(port, ip, victim1, "guess1"))
        self.assertIn("AUTHENTICATIONFAILED", imap_login(port, ip, victim2, "guess2"))
        self.assertEqual(imap_login(port, ip, mine, PASSWORD), "OK")
        self.assertIn("AUTHENTICATIONFAILED", imap_login(port, ip, victim1, "guess3"))
        # Three failures in the window: the address is blocked, the valid account no help.
        self.assertIn("AUTHENTICATIONFAILED", imap_login(port, ip, mine, PASSWORD))
        # The daemon logs before it replies, but its output reaches the test on another thread.
        harness.wait_until(lambda: self.failures(ip, "blocked"), what="the blocked attempt's log line")

    def test_per_account_limit_spares_the_owner_known_address(self):
        owner_ip = "127.0.0.13"
        owner = self.account()
        port = self.c.port["imap"]
        self.assertEqual(imap_login(port, owner_ip, owner, PASSWORD), "OK")
        for n in range(MAX_PER_ACCOUNT):  # an attacker spread over many addresses
            self.assertIn("AUTHENTICATIONFAILED", imap_login(port, f"127.0.1.{n + 1}", owner, "guess"))
        # A new address is refused even with the right password; the owner's gets in.
        self.assertIn("AUTHENTICATIONFAILED", imap_login(port, "127.0.1.100", owner, PASSWORD))
        # The daemon logs before it replies, but its output reaches the test on another thread.
        harness.wait_until(lambda: self.failures("127.0.1.100", "blocked"), what="the blocked attempt's log line")
        self.assertEqual(imap_login(port, owner_ip, owner, PASSWORD), "OK")

    # -- 2. timing --------------------------------------------------------------------
    def test_unknown_user_costs_as_much_as_a_wrong_password(self):
        port = self.c.port["imap"]

        def timed(n, user):
            began = time.monotonic()
            self.assertIn("AUTHENTICATIONFAILED", imap_login(port, f"127.0.2.{n}", user, "wrong"))
            return time.monotonic() - began

        user = self.account()
        known = [timed(n, user) for n in range(1, 4)]
        unknown = [timed(n, f"nobody{n}@example.test") for n in range(4, 7)]
        # Both pay one scrypt: generous margin for a loaded machine.
        self.assertGreaterEqual(statistics.median(unknown), 0.5 * statistics.median(known), (known, unknown))

    # -- 3. the log line fail2ban reads -------------------------------------------------
    def test_failed_logins_are_logged_for_fail2ban(self):
        regex = fail2ban_regex()
        user = self.account()
        self.assertIn("AUTHENTICATIONFAILED", imap_login(self.c.port["imap"], "127.0.3.1", user, "nope"))
        p = Pop3(self.c.port["pop3"], "127.0.3.2")
        p.user(user)
        with self.assertRaises(poplib.error_proto):
            p.pass_("nope")
        p.quit()
        with smtplib.SMTP("127.0.0.1", self.c.port["submission"], source_address=("127.0.3.3", 0)) as s:
            with self.assertRaises(smtplib.SMTPAuthenticationError):
                s.login(user, "nope")
        # A user name that tries to forge the ip field and a second line.
        with Imap(self.c.port["imap"], "127.0.3.4") as m:
            with self.assertRaises(imaplib.IMAP4.error):
                m.login('"x ip=6.6.6.6 reason=bad_password"', "nope")  # a quoted string
        for protocol, ip in (("imap", "127.0.3.1"), ("pop3", "127.0.3.2"), ("smtp", "127.0.3.3")):
            line = self.c.wait_for_output(f" ip={ip} ")
            self.assertIn(f" warn auth failed: protocol={protocol} user={user} ip={ip} reason=bad_password", line)
            match = regex.search(line.rstrip("\n"))
            self.assertIsNotNone(match, line)
            self.assertEqual(match.group("host"), ip)
        line = self.c.wait_for_output(" ip=127.0.3.4 ")
        self.assertIn(r"user=x\x20ip=6.6.6.6\x20reason=bad_password ip=127.0.3.4 reason=unknown_user", line)
        self.assertEqual(regex.search(line.rstrip("\n")).group("host"), "127.0.3.4")

    # -- 4. sessions per account ---------------------------------------------------------
    def test_imap_sessions_per_account_are_capped_and_released(self):
        user = self.account()
        port = self.c.port["imap"]
        first, second = Imap(port, "127.0.4.1"), Imap(port, "127.0.4.1")
        first.login(user, PASSWORD)
        second.login(user, PASSWORD)
        third = Imap(port, "127.0.4.1")
        with self.assertRaises(imaplib.IMAP4.error) as refused:
            third.login(user, PASSWORD)
        self.assertIn("[LIMIT] Too many sessions for this account", str(refused.exception))
        first.logout()  # a clean end gives the slot back
        third.login(user, PASSWORD)
        second.shutdown()  # so does a client that vanishes without LOGOUT
        fourth = Imap(port, "127.0.4.1")

        def logs_in():
            try:
                fourth.login(user, PASSWORD)
                return True
            except imaplib.IMAP4.error:
                return False
        harness.wait_until(logs_in, what="the vanished session's slot")
        fourth.logout()
        third.logout()

    def test_pop3_sessions_per_account_are_capped_and_released(self):
        user = self.account()
        port = self.c.port["pop3"]
        first = Pop3(port, "127.0.4.2")
        first.user(user)
        first.pass_(PASSWORD)
        second = Pop3(port, "127.0.4.2")
        second.user(user)
        with self.assertRaises(poplib.error_proto) as refused:
            second.pass_(PASSWORD)
        self.assertIn("-ERR [IN-USE] Too many sessions for this account", str(refused.exception))
        first.quit()
        second.user(user)
        self.assertTrue(second.pass_(PASSWORD).startswith(b"+OK"))
        second.quit()


if __name__ == "__main__":
    unittest.main()
