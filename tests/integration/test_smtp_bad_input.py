"""Bad input over a raw socket: every case gets its code, the session or the server
survives, and nothing partial is stored."""
import os
import socket
import threading
import unittest

import harness
from smtp_store import SmtpServerTest, set_listener_keys
from smtp_wire import SmtpWire


class SmtpBadInputTest(SmtpServerTest):
    ACCOUNTS = {"bob@example.test": "secret"}
    LISTENER_KEYS = {"smtp": 'max_message_size = "100KiB"'}

    def assert_server_alive(self):
        with self.wire() as w:
            self.begin_data(w)
            w.send("Subject: alive\r\n\r\nok\r\n.\r\n")
            self.assertEqual(w.code(), 250)

    def test_overlong_command_line(self):
        with self.wire() as w:
            code, text = w.ask("NOOP " + "x" * 100000)
            self.assertEqual(code, 500)
            self.assertTrue(text[0].startswith("5.5.2"), text)
            self.assertEqual(w.cmd("NOOP"), 250)  # still in step

    def test_nul_and_8bit_in_commands(self):
        with self.wire() as w:
            w.send(b"HELO a\x00b\r\n")
            self.assertEqual(w.code(), 500)
            w.send(b"H\xc9LO x\r\n")
            self.assertEqual(w.code(), 500)
            w.send(b"MAIL FROM:<a\xff@remote.test>\r\n")
            self.assertEqual(w.code(), 501)  # 8-bit but not UTF-8 (RFC 6531 wants UTF-8)
            w.send("MAIL FROM:<jörg@remote.test>\r\n".encode())
            self.assertEqual(w.code(), 250)
            w.send(b"RCPT TO:<bob\x01@example.test>\r\n")
            self.assertEqual(w.code(), 501)
            self.assertEqual(w.cmd("NOOP"), 250)

    def test_out_of_order(self):
        with self.wire() as w:
            self.assertEqual(w.cmd("RCPT TO:<bob@example.test>"), 503)
            self.assertEqual(w.cmd("DATA"), 503)
            self.assertEqual(w.cmd("EHLO x"), 250)
            self.assertEqual(w.cmd("DATA"), 503)
            self.assertEqual(w.cmd("MAIL FROM:<a@remote.test>"), 250)
            self.assertEqual(w.cmd("DATA"), 554)
            self.assertEqual(w.cmd("MAIL FROM:<a@remote.test>"), 503)
            self.assertEqual(w.cmd("RSET"), 250)
            self.assertEqual(w.cmd("MAIL FROM:<broken"), 501)
            self.assertEqual(w.cmd("MAIL FROM:<a@remote.test>"), 250)
            self.assertEqual(w.cmd("RCPT TO:bob@example.test bob@example.test"), 501)
            self.assertEqual(w.cmd("RCPT"), 501)

    def test_oversized_message_stores_nothing(self):
        before = self.store.contents()
        with self.wire() as w:
            self.begin_data(w)
            line = "y" * 998 + "\r\n"
            w.send("Subject: big\r\n\r\n" + line * 200 + ".\r\n")
            code, text = w.reply()
            self.assertEqual(code, 552)
            self.assertTrue(text[0].startswith("5.3.4"), text)
            self.assertEqual(w.cmd("RSET"), 250)
        self.assertEqual(self.store.contents(), before)

    def test_too_many_hops(self):
        before = self.store.contents()
        with self.wire() as w:
            self.begin_data(w)
            w.send("Received: from a by b; Mon, 1 Jan 2024 00:00:00 +0000\r\n" * 51 + "\r\nloop\r\n.\r\n")
            code, text = w.reply()
            self.assertEqual(code, 554)
            self.assertTrue(text[0].startswith("5.4.6"), text)
        self.assertEqual(self.store.contents(), before)

    def test_bare_lf_in_data_is_refused_and_nothing_stored(self):
        before = self.store.contents()
        with self.wire() as w:
            self.begin_data(w)
            # The smuggling shape: a bare-LF end of data, then a second message.
            w.send("Subject: one\r\n\r\nhi\n.\nMAIL FROM:<evil@remote.test>\r\nRCPT TO:<bob@example.test>\r\n"
                   "DATA\r\nSubject: smuggled\r\n\r\nx\r\n.\r\n")
            code, text = w.reply()
            self.assertEqual(code, 521)
            self.assertTrue(text[0].split(" ")[0] == "5.5.2", text)
            self.assertTrue(w.closed())
        self.assertEqual(self.store.contents(), before)
        self.assert_server_alive()

    def test_bare_cr_in_data(self):
        before = self.store.contents()
        with self.wire() as w:
            self.begin_data(w)
            w.send("Subject: cr\r\n\r\nhi\r.\r\r\n.\r\n")
            self.assertEqual(w.code(), 521)
            self.assertTrue(w.closed())
        self.assertEqual(self.store.contents(), before)

    def test_disconnect_mid_data(self):
        before = self.store.contents()
        log_start = self.c.line_count()
        w = self.wire()
        self.begin_data(w)
        w.send("Subject: half\r\n\r\nthis never ends")
        w.close()
        self.c.wait_for_output("] closed", start=log_start)  # the server has let the session go
        self.assertEqual(self.store.contents(), before)
        self.assert_server_alive()
        self.assertEqual(self.store.contents(), before + 1)

    def test_garbage_flood(self):
        with self.wire() as w:
            w.send(os.urandom(200000).replace(b"\n", b"\r\n"))
            codes = []
            try:
                while True:
                    codes.append(w.code())
            except (ConnectionError, socket.timeout, OSError):
                pass
            self.assertTrue(codes, "no reply at all")
            self.assertEqual(codes[-1], 421)
            self.assertTrue(all(c >= 500 for c in codes[:-1]), codes)
        self.assert_server_alive()

    def test_many_clients_at_once(self):
        errors = []

        def client(i):
            try:
                with SmtpWire(self.c.port["smtp"]) as w:
                    w.code()
                    self.begin_data(w)
                    w.send(f"Subject: parallel {i}\r\n\r\nx\r\n.\r\n")
                    if w.code() != 250:
                        errors.append(i)
            except Exception as e:  # noqa: BLE001 - report any failure
                errors.append((i, e))

        threads = [threading.Thread(target=client, args=(i,)) for i in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])


class SmtpTimeoutAndShutdownTest(unittest.TestCase):
    def test_idle_timeout_and_shutdown_say_421(self):
        c = harness.Carteiro()
        set_listener_keys(c, "smtp", "idle_timeout = 1")
        with c:
            with SmtpWire(c.port["smtp"]) as w:
                self.assertEqual(w.code(), 220)
                code, text = w.reply()  # nothing sent: the server gives up
                self.assertEqual(code, 421)
                self.assertTrue(text[0].startswith("4.4.2"), text)
                self.assertTrue(w.closed())
            w = SmtpWire(c.port["submission"])
            self.assertEqual(w.code(), 220)
            self.assertEqual(w.cmd("EHLO x"), 250)
            c.stop()
            code, text = w.reply()
            self.assertEqual(code, 421)
            self.assertTrue(text[0].startswith("4.4.2"), text)
            w.close()


if __name__ == "__main__":
    unittest.main()
