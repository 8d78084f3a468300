"""SMTP on the MX listener with smtplib and a raw socket: the dialogue, EHLO keywords,
PIPELINING, several transactions per session, relay policy, Received:/Return-Path."""
import smtplib
import unittest

from smtp_store import SmtpServerTest


class SmtpProtocolTest(SmtpServerTest):
    ACCOUNTS = {"bob@example.test": "secret", "alice@example.test": "secret"}
    LISTENER_KEYS = {"smtp": 'max_recipients = 5\nmax_message_size = "64KiB"'}

    def test_ehlo_keywords(self):
        with smtplib.SMTP("127.0.0.1", self.c.port["smtp"]) as s:
            code, _ = s.ehlo("client.test")
            self.assertEqual(code, 250)
            for keyword in ("pipelining", "size", "8bitmime", "enhancedstatuscodes", "smtputf8", "starttls",
                            "chunking"):
                self.assertTrue(s.has_extn(keyword), keyword)
            self.assertEqual(s.esmtp_features["size"], str(64 * 1024))
            self.assertFalse(s.has_extn("auth"), "AUTH is for submission only")

    def test_send_and_store_with_trace_fields(self):
        with smtplib.SMTP("127.0.0.1", self.c.port["smtp"]) as s:
            s.ehlo("client.test")
            refused = s.sendmail("carol@remote.test", ["bob@example.test"], "Subject: trace\r\n\r\nhello\r\n")
            self.assertEqual(refused, {})
        msg = self.store.inbox("bob@example.test")[-1]
        self.assertTrue(msg.startswith(b"Return-Path: <carol@remote.test>\r\nReceived: from client.test ([127.0.0.1])\r\n"),
                        msg)
        self.assertIn(b"by mail.example.test (Carteiro) with ESMTP id ", msg)
        self.assertIn(b"for <bob@example.test>;", msg)
        self.assertTrue(msg.endswith(b"Subject: trace\r\n\r\nhello\r\n"))

    def test_reply_to_data_names_the_id(self):
        with self.wire() as w:
            self.begin_data(w, sender="a@remote.test")
            w.send("Subject: id\r\n\r\nx\r\n.\r\n")
            code, text = w.reply()
            self.assertEqual(code, 250)
            self.assertTrue(text[0].startswith("2.0.0 Ok: queued as "), text)
            msg_id = text[0].rsplit(" ", 1)[1]
            self.assertIn(("id " + msg_id).encode(), self.store.inbox("bob@example.test")[-1])

    def test_case_and_space_after_colon(self):
        with self.wire() as w:
            self.assertEqual(w.cmd("helo crepes.fr"), 250)
            self.assertEqual(w.cmd("mail from: <alice@crepes.fr>"), 250)
            self.assertEqual(w.cmd("Rcpt To: <BOB@Example.Test>"), 250)
            self.assertEqual(w.cmd("data"), 354)
            w.send("Do you like ketchup?\r\n.\r\n")
            self.assertEqual(w.code(), 250)
            self.assertEqual(w.cmd("quit"), 221)
        msg = self.store.inbox("bob@example.test")[-1]
        self.assertIn(b"with SMTP id", msg)
        self.assertTrue(msg.endswith(b"\r\n\r\nDo you like ketchup?\r\n"), msg)

    def test_pipelined_transactions(self):
        before = len(self.store.inbox("alice@example.test"))
        with self.wire() as w:
            self.assertEqual(w.cmd("EHLO pipeliner"), 250)
            # Two transactions in two groups, each sent in one write (RFC 2920).
            w.send("MAIL FROM:<p@remote.test>\r\nRCPT TO:<alice@example.test>\r\nRCPT TO:<nobody@example.test>\r\n"
                   "RCPT TO:<bob@example.test>\r\nDATA\r\n")
            self.assertEqual([w.code() for _ in range(5)], [250, 250, 550, 250, 354])
            w.send("Subject: one\r\n\r\n..dot\r\n.\r\nMAIL FROM:<p@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n")
            self.assertEqual([w.code() for _ in range(4)], [250, 250, 250, 354])
            w.send("Subject: two\r\n\r\nx\r\n.\r\nQUIT\r\n")
            self.assertEqual([w.code() for _ in range(2)], [250, 221])
        got = self.store.inbox("alice@example.test")[before:]
        self.assertEqual(len(got), 2)
        self.assertTrue(got[0].endswith(b"Subject: one\r\n\r\n.dot\r\n"))

    def test_smtplib_pipelines_several_messages(self):
        before = len(self.store.inbox("bob@example.test"))
        with smtplib.SMTP("127.0.0.1", self.c.port["smtp"]) as s:
            for i in range(5):
                s.sendmail("loop@remote.test", ["bob@example.test"], f"Subject: n{i}\r\n\r\n{i}\r\n")
        self.assertEqual(len(self.store.inbox("bob@example.test")) - before, 5)

    def test_relay_denied_and_unknown_user(self):
        with self.wire() as w:
            self.assertEqual(w.cmd("EHLO x"), 250)
            self.assertEqual(w.cmd("MAIL FROM:<spammer@remote.test>"), 250)
            code, text = w.ask("RCPT TO:<victim@elsewhere.test>")
            self.assertEqual(code, 554)
            self.assertTrue(text[0].startswith("5.7.1"), text)
            code, text = w.ask("RCPT TO:<ghost@example.test>")
            self.assertEqual(code, 550)
            self.assertTrue(text[0].startswith("5.1.1"), text)
            self.assertEqual(w.cmd("DATA"), 554)  # no valid recipients
            self.assertEqual(w.cmd("RSET"), 250)

    def test_plus_addressing_and_postmaster(self):
        with self.wire() as w:
            self.assertEqual(w.cmd("EHLO x"), 250)
            self.assertEqual(w.cmd("MAIL FROM:<>"), 250)
            self.assertEqual(w.cmd("RCPT TO:<bob+news@example.test>"), 250)
            self.assertEqual(w.cmd("RCPT TO:<Postmaster>"), 550)  # no postmaster account here

    def test_sequence_errors(self):
        with self.wire() as w:
            self.assertEqual(w.cmd("RCPT TO:<bob@example.test>"), 503)
            self.assertEqual(w.cmd("DATA"), 503)
            self.assertEqual(w.cmd("MAIL FROM:<a@remote.test>"), 250)  # before HELO: accepted, as Postfix
            self.assertEqual(w.cmd("MAIL FROM:<a@remote.test>"), 503)  # nested
            self.assertEqual(w.cmd("DATA"), 554)
            self.assertEqual(w.cmd("RSET"), 250)
            self.assertEqual(w.cmd("RCPT TO:<bob@example.test>"), 503)
            self.assertEqual(w.cmd("EHLO"), 501)
            self.assertEqual(w.cmd("TURN"), 502)
            self.assertEqual(w.cmd("VRFY bob"), 252)  # not the lab profile
            self.assertEqual(w.cmd("EXPN staff@example.test"), 502)
            self.assertEqual(w.cmd("AUTH PLAIN AGJvYgBzZWNyZXQ="), 502)  # not on MX
            self.assertEqual(w.cmd("NOOP"), 250)
            self.assertEqual(w.cmd("HELP"), 214)
            w.send("BDAT 4 LAST\r\nQUIT")  # refused, and its 4 octets are not a command
            self.assertEqual(w.code(), 503)
            self.assertEqual(w.cmd("QUIT"), 221)
            self.assertTrue(w.closed())

    def test_parameters(self):
        with self.wire() as w:
            self.assertEqual(w.cmd("EHLO x"), 250)
            self.assertEqual(w.cmd("MAIL FROM:<a@remote.test> SIZE=999999999"), 552)
            self.assertEqual(w.cmd("MAIL FROM:<a@remote.test> RET=HDRS"), 555)
            self.assertEqual(w.cmd("MAIL FROM:<a@remote.test> SIZE=x"), 501)
            self.assertEqual(w.cmd("MAIL FROM:<a@remote.test> SIZE=100 BODY=8BITMIME SMTPUTF8"), 250)
            self.assertEqual(w.cmd("RCPT TO:<bob@example.test> NOTIFY=NEVER"), 555)
            self.assertEqual(w.cmd("RCPT TO:<@hop.test:bob@example.test>"), 250)

    def test_too_many_recipients(self):
        with self.wire() as w:
            self.assertEqual(w.cmd("EHLO x"), 250)
            self.assertEqual(w.cmd("MAIL FROM:<a@remote.test>"), 250)
            for i in range(5):
                self.assertEqual(w.cmd(f"RCPT TO:<bob+{i}@example.test>"), 250)
            code, text = w.ask("RCPT TO:<alice@example.test>")
            self.assertEqual(code, 452)
            self.assertTrue(text[0].startswith("4.5.3"))
            self.assertEqual(w.cmd("DATA"), 354)
            w.send("x\r\n.\r\n")
            self.assertEqual(w.code(), 250)

    def test_chunking(self):
        before = len(self.store.inbox("alice@example.test"))
        with self.wire() as w:
            self.assertEqual(w.cmd("EHLO x"), 250)
            head, body = "Subject: chunked\r\n\r\n", "line one\r\n.leading dot\r\n"
            w.send(f"MAIL FROM:<c@remote.test>\r\nRCPT TO:<alice@example.test>\r\nBDAT {len(head)}\r\n{head}"
                   f"BDAT {len(body)} LAST\r\n{body}")
            self.assertEqual([w.code() for _ in range(4)], [250, 250, 250, 250])
            # DATA may not follow BDAT; BDAT over the size limit is consumed and refused.
            self.assertEqual(w.cmd("MAIL FROM:<c@remote.test>"), 250)
            self.assertEqual(w.cmd("RCPT TO:<alice@example.test>"), 250)
            w.send("BDAT 3\r\nabc")
            self.assertEqual(w.code(), 250)
            self.assertEqual(w.cmd("DATA"), 503)
            big = 70 * 1024
            w.send(f"BDAT {big} LAST\r\n" + "z" * big)
            self.assertEqual(w.code(), 552)
            self.assertEqual(w.cmd("NOOP"), 250)
            self.assertEqual(w.cmd("BDAT x"), 501)  # size unknown: the server hangs up
            self.assertTrue(w.closed())
        got = self.store.inbox("alice@example.test")[before:]
        self.assertEqual(len(got), 1)
        self.assertTrue(got[0].endswith(b"Subject: chunked\r\n\r\nline one\r\n.leading dot\r\n"), got[0])

    def test_utf8_address(self):
        self.c.add_account("jörg@example.test", "secret")
        with self.wire() as w:
            self.assertEqual(w.cmd("EHLO x"), 250)
            self.assertEqual(w.cmd("MAIL FROM:<über@remote.test> SMTPUTF8"), 250)
            self.assertEqual(w.cmd("RCPT TO:<jörg@example.test>"), 250)
            self.assertEqual(w.cmd("DATA"), 354)
            w.send("Subject: ü\r\n\r\nü\r\n.\r\n")
            self.assertEqual(w.code(), 250)


if __name__ == "__main__":
    unittest.main()
