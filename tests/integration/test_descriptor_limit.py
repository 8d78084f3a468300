"""RLIMIT_NOFILE: carteirod started with a low descriptor limit lowers the connection
limits that do not fit, and when accept() still runs out of descriptors (EMFILE) the extra
client gets the listener's busy reply, not a hang in the backlog or a reset; once the
connections close the daemon serves again."""
import resource
import smtplib
import socket
import unittest

import harness
from smtp_store import set_listener_keys

NOFILE = 100


def low_descriptor_limit():
    resource.setrlimit(resource.RLIMIT_NOFILE, (NOFILE, NOFILE))


read_line = harness.read_line


class DescriptorLimitTest(unittest.TestCase):
    def test_out_of_descriptors_gets_the_busy_reply(self):
        # No reserve and one connection for the other kinds: the lowered SMTP limit is
        # more than the descriptors really left, so accept() meets EMFILE first.
        c = harness.Carteiro(preexec=low_descriptor_limit,
                             extra_toml="[limits]\nreserved_descriptors = 0\n[queue]\nmax_parallel = 1\n")
        set_listener_keys(c, "smtp", "max_connections_per_ip = 1000")
        for kind in ("submission", "pop3", "imap"):
            set_listener_keys(c, kind, "max_connections = 1")
        with c:
            c.wait_for_output(f"file descriptors: soft limit {NOFILE}")
            c.wait_for_output("smtp.max_connections 1000 -> 98")
            # One whole session first. UBSan's vptr check (sanitizer build) probes memory
            # through a pipe, which cannot be made without descriptors: its first check
            # of a type then reports a valid object as broken. After this session the
            # session types are in its cache.
            with smtplib.SMTP("127.0.0.1", c.port["smtp"], timeout=20) as smtp:
                self.assertEqual(smtp.ehlo()[0], 250)
            c.wait_for_output("] closed")
            held = []
            try:
                refused = None
                for _ in range(NOFILE):
                    s = socket.create_connection(("127.0.0.1", c.port["smtp"]), timeout=20)
                    held.append(s)
                    greeting = read_line(s)
                    if not greeting.startswith("220"):
                        refused = greeting
                        break
                self.assertIsNotNone(refused, "never ran out of descriptors")
                self.assertTrue(refused.startswith("421 4.7.0 Too many connections"), refused)
                c.wait_for_output("out of file descriptors")
            finally:
                for s in held:
                    s.close()
            def serves():
                try:
                    with smtplib.SMTP("127.0.0.1", c.port["smtp"], timeout=20) as smtp:
                        return smtp.ehlo()[0] == 250
                except (OSError, smtplib.SMTPException):
                    return False
            harness.wait_until(serves, timeout=20, interval=0.2, what="SMTP to serve again")


if __name__ == "__main__":
    unittest.main()
