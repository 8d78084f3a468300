"""IMAP commands through Python's imaplib against a running carteirod: every RFC 3501
command and the extensions Carteiro offers, one test per command family."""
import imaplib
import re
import socket
import ssl
import unittest

import harness

MESSAGE = (b"From: Alice Example <alice@example.test>\r\n"
           b"To: Bob <bob@example.test>\r\n"
           b"Cc: carol@example.test\r\n"
           b"Subject: Lunch on Friday\r\n"
           b"Date: Tue, 15 Jan 2008 10:20:30 +0100\r\n"
           b"Message-ID: <lunch-1@example.test>\r\n"
           b"\r\n"
           b"Shall we meet at the xylophone museum?\r\n")

MULTIPART = (b"From: carol@example.test\r\n"
             b"To: bob@example.test\r\n"
             b"Subject: =?UTF-8?Q?Caf=C3=A9_menu?=\r\n"
             b"Date: Wed, 16 Jan 2008 09:00:00 +0000\r\n"
             b"MIME-Version: 1.0\r\n"
             b"Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
             b"\r\n"
             b"--b1\r\n"
             b"Content-Type: text/plain; charset=utf-8\r\n"
             b"\r\n"
             b"Menu attached.\r\n"
             b"--b1\r\n"
             b"Content-Type: application/octet-stream; name=\"menu.bin\"\r\n"
             b"Content-Transfer-Encoding: base64\r\n"
             b"\r\n"
             b"AAECAw==\r\n"
             b"--b1--\r\n")


class ImapTest(harness.ServerTestCase):
    """One daemon for the class; each test gets its own account."""

    def connect(self, address=None, login=True):
        m = imaplib.IMAP4("127.0.0.1", self.server.port["imap"], timeout=30)
        self.addCleanup(self.close_quietly, m)
        if login:
            self.assertEqual(m.login(address or self.new_account(), "secret")[0], "OK")
        return m

    @staticmethod
    def close_quietly(m):
        try:
            m.logout()
        except Exception:
            pass

    def ok(self, result):
        typ, data = result
        self.assertEqual(typ, "OK", data)
        return data

    def untagged(self, m, name):
        return m.untagged_responses.get(name, [])

    def bad(self, call, *args):
        """imaplib raises on a BAD reply (and returns NO ones)."""
        with self.assertRaisesRegex(imaplib.IMAP4.error, "BAD"):
            call(*args)

    @staticmethod
    def command(m, name, *args):
        """A command imaplib does not know (or not in this state): the server decides."""
        imaplib.Commands.setdefault(name, ("NONAUTH", "AUTH", "SELECTED"))
        m.untagged_responses.clear()
        return m._simple_command(name, *args)


class GreetingAndLoginTest(ImapTest):
    def test_capability_before_and_after_login(self):
        m = self.connect(login=False)
        for cap in ("IMAP4REV1", "IDLE", "UIDPLUS", "MOVE", "LITERAL+", "SASL-IR", "STARTTLS", "AUTH=PLAIN",
                    "SPECIAL-USE", "NAMESPACE", "ID", "ENABLE", "UNSELECT", "CHILDREN", "LIST-EXTENDED"):
            self.assertIn(cap, m.capabilities)
        address = self.new_account()
        data = self.ok(m.login(address, "secret"))
        self.assertIn(b"[CAPABILITY IMAP4rev1", data[0])
        caps = self.ok(m.capability())[0].decode()
        self.assertNotIn("STARTTLS", caps)
        self.assertNotIn("AUTH=", caps)

    def test_wrong_password_three_times_disconnects(self):
        address = self.new_account()
        m = self.connect(login=False)
        for attempt in range(2):
            with self.assertRaises(imaplib.IMAP4.error) as e:
                m.login(address, "wrong")
            self.assertIn("AUTHENTICATIONFAILED", str(e.exception))
        with self.assertRaises((imaplib.IMAP4.error, imaplib.IMAP4.abort)):
            m.login(address, "wrong")
        # The server said BYE and closed: the next command finds the connection gone.
        with self.assertRaises((imaplib.IMAP4.abort, OSError)):
            m.noop()

    def test_authenticate_plain_with_initial_response_and_login(self):
        address = self.new_account()
        m = self.connect(login=False)
        typ, _ = m.authenticate("PLAIN", lambda _: f"\0{address}\0secret".encode())
        self.assertEqual(typ, "OK")
        self.assertEqual(m.state, "AUTH")

        m2 = self.connect(login=False)
        answers = iter([address.encode(), b"secret"])
        self.assertEqual(m2.authenticate("LOGIN", lambda _: next(answers))[0], "OK")

        m3 = self.connect(login=False)
        with self.assertRaises(imaplib.IMAP4.error):
            m3.authenticate("CRAM-MD5", lambda _: b"x")

    def test_starttls_then_login(self):
        address = self.new_account()
        m = imaplib.IMAP4("127.0.0.1", self.server.port["imap"], timeout=30)
        self.addCleanup(self.close_quietly, m)
        self.ok(m.starttls(ssl_context=self.server.tls_context()))
        self.assertNotIn("STARTTLS", m.capabilities)
        self.ok(m.login(address, "secret"))
        m.state = "NONAUTH"  # past imaplib's own check: the server must refuse
        self.bad(m._simple_command, "STARTTLS")

    def test_implicit_tls(self):
        address = self.new_account()
        m = imaplib.IMAP4_SSL("127.0.0.1", self.server.port["imap_tls"], ssl_context=self.server.tls_context(),
                              timeout=30)
        self.addCleanup(self.close_quietly, m)
        self.assertNotIn("STARTTLS", m.capabilities)
        self.ok(m.login(address, "secret"))
        self.ok(m.select())

    def test_commands_in_the_wrong_state(self):
        m = self.connect(login=False)
        m.state = "SELECTED"  # past imaplib's own check: the server must refuse
        with self.assertRaisesRegex(imaplib.IMAP4.error, "log in first"):
            m._simple_command("SELECT", "INBOX")
        m.state = "NONAUTH"
        address = self.new_account()
        self.ok(m.login(address, "secret"))
        m.state = "SELECTED"
        with self.assertRaisesRegex(imaplib.IMAP4.error, "selected mailbox"):
            m._simple_command("FETCH", "1", "FLAGS")
        m.state = "NONAUTH"
        with self.assertRaisesRegex(imaplib.IMAP4.error, "before logging in"):
            m._simple_command("LOGIN", address, "secret")

    def test_id_namespace_enable(self):
        m = self.connect()
        typ, data = self.command(m, "ID", '("name" "imaplib")')
        self.assertEqual(typ, "OK")
        self.assertIn(b'"name" "Carteiro"', self.untagged(m, "ID")[0])
        typ, data = m.namespace()
        self.assertEqual(data[0], b'(("" "/")) NIL NIL')
        typ, data = m.enable("CONDSTORE")
        self.assertEqual(typ, "OK")


class MailboxesTest(ImapTest):
    def test_default_folders_with_special_use(self):
        m = self.connect()
        lines = self.ok(m.list())
        names = {line.decode().rsplit(" ", 1)[1].strip('"'): line.decode() for line in lines}
        self.assertEqual(set(names), {"INBOX", "Sent", "Drafts", "Trash", "Junk"})
        self.assertIn("\\Sent", names["Sent"])
        self.assertIn("\\HasNoChildren", names["INBOX"])
        self.assertEqual(self.ok(m.list('""', '""'))[0], b'(\\Noselect) "/" ""')

    def test_create_delete_rename_hierarchy(self):
        m = self.connect()
        self.ok(m.create("Work/Projects/2026"))
        lines = [l.decode() for l in self.ok(m.list('""', "Work*"))]
        self.assertEqual(len(lines), 3)
        self.assertIn('(\\HasChildren) "/" "Work"', lines)
        self.assertEqual(len(self.ok(m.list("Work/", "%"))), 1)
        typ, data = m.create("Work")
        self.assertEqual(typ, "NO")
        self.assertIn(b"ALREADYEXISTS", data[0])
        self.assertEqual(m.create("INBOX")[0], "NO")
        self.assertEqual(m.create("bad&name")[0], "NO")
        self.ok(m.create("Caf&AOk-"))  # modified UTF-7 for "Café"

        self.ok(m.rename("Work", "Job"))
        names = [l.decode().rsplit(" ", 1)[1] for l in self.ok(m.list('""', "*"))]
        self.assertIn('"Job/Projects/2026"', names)
        self.assertNotIn('"Work"', names)
        self.ok(m.delete("Job/Projects/2026"))
        self.ok(m.delete("Job/Projects"))
        self.ok(m.delete("Job"))
        self.assertEqual(m.delete("INBOX")[0], "NO")
        typ, data = m.delete("Nowhere")
        self.assertIn(b"NONEXISTENT", data[0])
        self.assertEqual(m.rename("Nowhere", "Else")[0], "NO")
        self.assertEqual(m.rename("Sent", "Trash")[0], "NO")

    def test_delete_with_children_leaves_a_noselect_name(self):
        """RFC 3501 section 6.3.4, the example of DELETE with inferior names."""
        m = self.connect()
        self.ok(m.create("foo/bar"))
        self.ok(m.append("foo", None, None, MESSAGE))
        self.ok(m.delete("foo"))
        lines = [l.decode() for l in self.ok(m.list('""', "foo*"))]
        self.assertEqual(lines, ['(\\Noselect \\HasChildren) "/" "foo"', '(\\HasNoChildren) "/" "foo/bar"'])
        typ, data = m.delete("foo")
        self.assertEqual(typ, "NO")
        self.assertIn(b"[INUSE]", data[0])
        self.assertEqual(m.select("foo")[0], "NO")
        self.assertEqual(m.status("foo", "(MESSAGES)")[0], "NO")
        typ, data = m.append("foo", None, None, MESSAGE)
        self.assertEqual(typ, "NO")
        self.assertIn(b"[TRYCREATE]", data[0])
        self.ok(m.append("INBOX", None, None, MESSAGE))
        self.ok(m.select("INBOX"))
        typ, data = m.copy("1", "foo")
        self.assertEqual(typ, "NO")
        self.assertIn(b"[TRYCREATE]", data[0])
        self.ok(m.copy("1", "foo/bar"))

        # LSUB with "%": a subscribed child shows its unsubscribed parent as \Noselect
        # (section 6.3.9).
        self.ok(m.unsubscribe("foo"))
        self.assertEqual(self.ok(m.lsub('""', "fo%"))[0], b'(\\Noselect) "/" "foo"')
        self.assertEqual(self.ok(m.lsub('""', "foo/%"))[0], b'() "/" "foo/bar"')

        # The child goes, the \Noselect name stays until deleted itself.
        self.ok(m.delete("foo/bar"))
        self.assertEqual([l.decode() for l in self.ok(m.list('""', "foo*"))],
                         ['(\\Noselect \\HasNoChildren) "/" "foo"'])
        self.ok(m.delete("foo"))
        self.assertEqual(self.ok(m.list('""', "foo*")), [None])

        # CREATE makes a \Noselect name a mailbox again, empty, with a new UIDVALIDITY.
        self.ok(m.create("bar/baz"))
        self.ok(m.append("bar", None, None, MESSAGE))
        old_validity = self.ok(m.status("bar", "(UIDVALIDITY)"))[0]
        self.ok(m.delete("bar"))
        self.ok(m.create("bar"))
        data = self.ok(m.status("bar", "(MESSAGES UIDNEXT UIDVALIDITY)"))[0]
        self.assertIn(b"MESSAGES 0 UIDNEXT 1", data)
        self.assertNotEqual(data, old_validity)
        self.ok(m.select("bar"))

    def test_rename_inbox_moves_its_messages(self):
        m = self.connect()
        for _ in range(2):
            self.ok(m.append("INBOX", None, None, MESSAGE))
        self.ok(m.rename("INBOX", "Old"))
        self.assertIn(b"MESSAGES 0", self.ok(m.status("INBOX", "(MESSAGES)"))[0])
        self.assertIn(b"MESSAGES 2", self.ok(m.status("Old", "(MESSAGES)"))[0])

    def test_subscribe_lsub_and_list_extended(self):
        m = self.connect()
        self.ok(m.create("Lists"))
        self.ok(m.unsubscribe("Lists"))
        subscribed = [l.decode() for l in self.ok(m.lsub('""', "*"))]
        self.assertFalse(any('"Lists"' in l for l in subscribed))
        self.assertTrue(any('"INBOX"' in l for l in subscribed))
        self.ok(m.subscribe("Lists"))
        self.assertTrue(any(b'"Lists"' in l for l in self.ok(m.lsub('""', "L*"))))
        self.assertEqual(m.subscribe("Missing")[0], "NO")

        typ, data = self.command(m, "LIST", "(SUBSCRIBED)", '""', "*", "RETURN", "(CHILDREN)")
        lines = [l.decode() for l in self.untagged(m, "LIST")]
        self.assertEqual(typ, "OK")
        self.assertTrue(all("\\Subscribed" in l for l in lines), lines)
        typ, data = self.command(m, "LIST", "(SPECIAL-USE)", '""', "*")
        lines = [l.decode() for l in self.untagged(m, "LIST")]
        self.assertEqual(sorted(l.rsplit(" ", 1)[1] for l in lines), ['"Drafts"', '"Junk"', '"Sent"', '"Trash"'])
        typ, data = self.command(m, "LIST", '""', '(INBOX "Sent")')
        self.assertEqual(len(self.untagged(m, "LIST")), 2)

    def test_list_wildcards_and_pattern_length(self):
        m = self.connect()
        for name in ("Work", "Work/Projects", "Work/Projects/Old", "Workshop"):
            self.ok(m.create(name))

        def listed(pattern):
            return sorted(l.decode().rsplit(" ", 1)[1].strip('"') for l in self.ok(m.list('""', pattern)) if l)

        # RFC 3501 section 6.3.8: '*' crosses the hierarchy delimiter, '%' does not.
        self.assertEqual(listed("Work*"), ["Work", "Work/Projects", "Work/Projects/Old", "Workshop"])
        self.assertEqual(listed("Work%"), ["Work", "Workshop"])
        self.assertEqual(listed("Work/%"), ["Work/Projects"])
        self.assertEqual(listed("%/%/%"), ["Work/Projects/Old"])
        self.assertEqual(listed("*a*a*a*a*a*a*a*a*b"), [])
        # A pattern longer than any name could need is refused, not matched at length.
        self.bad(m.list, '""', "*" * 1024 + "x")
        self.bad(m.lsub, '""', "%" * 1025)
        self.assertEqual(listed("*" * 1023 + "s"), ["Drafts", "Work/Projects"])

    def test_status(self):
        m = self.connect()
        self.ok(m.append("INBOX", "(\\Seen)", None, MESSAGE))
        self.ok(m.append("INBOX", None, None, MESSAGE))
        data = self.ok(m.status("INBOX", "(MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN SIZE)"))[0].decode()
        self.assertRegex(data, r"MESSAGES 2 RECENT 2 UIDNEXT 3 UIDVALIDITY \d+ UNSEEN 1 SIZE %d" % (2 * len(MESSAGE)))
        typ, data = m.status("Nowhere", "(MESSAGES)")
        self.assertEqual(typ, "NO")


class SelectAppendTest(ImapTest):
    def test_select_and_examine_responses(self):
        m = self.connect()
        self.ok(m.append("INBOX", "(\\Seen)", None, MESSAGE))
        self.ok(m.append("INBOX", None, None, MESSAGE))
        typ, data = m.select("INBOX")
        self.assertEqual((typ, data), ("OK", [b"2"]))
        self.assertEqual(self.untagged(m, "RECENT"), [b"2"])
        self.assertIn(b"\\Seen", self.untagged(m, "FLAGS")[0])
        self.assertEqual(self.untagged(m, "UNSEEN"), [b"2"])
        self.assertEqual(self.untagged(m, "UIDNEXT"), [b"3"])
        self.assertTrue(self.untagged(m, "UIDVALIDITY"))
        self.assertIn(b"\\*", self.untagged(m, "PERMANENTFLAGS")[0])
        self.assertEqual(self.untagged(m, "READ-WRITE"), [b""])
        typ, data = m.select("INBOX", readonly=True)
        self.assertEqual(typ, "OK")
        self.assertEqual(self.untagged(m, "READ-ONLY"), [b""])
        self.assertEqual(m.select("Nowhere")[0], "NO")
        self.assertEqual(m.state, "AUTH")  # a failed SELECT leaves no mailbox selected

    def test_append_flags_date_and_appenduid(self):
        m = self.connect()
        typ, data = m.append("Drafts", "(\\Draft $Important)", '"07-Feb-1994 21:52:25 -0800"', MESSAGE)
        self.assertEqual(typ, "OK")
        match = re.search(rb"\[APPENDUID (\d+) (\d+)\]", data[0])
        self.assertIsNotNone(match)
        self.assertEqual(match.group(2), b"1")
        self.ok(m.select("Drafts"))
        data = self.ok(m.fetch("1", "(FLAGS INTERNALDATE RFC822.SIZE)"))[0].decode()
        self.assertIn("\\Draft", data)
        self.assertIn("$Important", data)
        self.assertIn('INTERNALDATE "07-Feb-1994 21:52:25 -0800"', data)  # its zone kept
        self.assertIn(f"RFC822.SIZE {len(MESSAGE)}", data)
        typ, data = m.append("Nowhere", None, None, MESSAGE)
        self.assertEqual(typ, "NO")
        self.assertIn(b"TRYCREATE", data[0])
        self.bad(m.append, "INBOX", "(\\Recent)", None, MESSAGE)

    def test_append_to_the_selected_mailbox_reports_exists(self):
        m = self.connect()
        self.ok(m.select("INBOX"))
        self.ok(m.append("INBOX", None, None, MESSAGE))
        self.ok(m.noop())
        self.assertEqual(self.untagged(m, "EXISTS")[-1], b"1")

    def test_close_expunges_silently_unselect_does_not(self):
        m = self.connect()
        for _ in range(3):
            self.ok(m.append("INBOX", None, None, MESSAGE))
        self.ok(m.select("INBOX"))
        self.ok(m.store("1", "+FLAGS", "(\\Deleted)"))
        self.ok(self.command(m, "UNSELECT"))
        self.assertIn(b"MESSAGES 3", self.ok(m.status("INBOX", "(MESSAGES)"))[0])
        self.ok(m.select("INBOX"))
        self.ok(m.check())
        self.ok(m.close())
        self.assertEqual(m.state, "AUTH")
        self.assertIn(b"MESSAGES 2", self.ok(m.status("INBOX", "(MESSAGES)"))[0])
        # EXAMINE is read-only: CLOSE removes nothing, STORE and EXPUNGE are refused.
        self.ok(m.select("INBOX"))
        self.ok(m.store("1", "+FLAGS", "(\\Deleted)"))
        self.ok(m.select("INBOX", readonly=True))
        self.assertEqual(m.store("1", "+FLAGS", "(\\Seen)")[0], "NO")
        self.assertEqual(m.expunge()[0], "NO")
        self.ok(m.close())
        self.assertIn(b"MESSAGES 2", self.ok(m.status("INBOX", "(MESSAGES)"))[0])


class FetchTest(ImapTest):
    def setUp(self):
        self.m = self.connect()
        self.ok(self.m.append("INBOX", None, None, MESSAGE))
        self.ok(self.m.append("INBOX", None, None, MULTIPART))
        self.ok(self.m.select("INBOX"))

    def fetch(self, which, items, uid=False):
        typ, data = self.m.uid("FETCH", which, items) if uid else self.m.fetch(which, items)
        self.assertEqual(typ, "OK", data)
        return data

    def test_envelope_bodystructure_and_macros(self):
        data = self.fetch("1", "(ENVELOPE)")[0].decode()
        self.assertIn('"Lunch on Friday"', data)
        self.assertIn('(("Alice Example" NIL "alice" "example.test"))', data)
        self.assertIn('"<lunch-1@example.test>"', data)
        data = self.fetch("2", "(BODYSTRUCTURE)")[0].decode()
        self.assertIn('"mixed"', data)
        self.assertIn('"application" "octet-stream"', data)
        self.assertIn('("boundary" "b1")', data)
        data = self.fetch("2", "BODY")[0].decode()
        self.assertNotIn("boundary", data)  # BODY has no extension data
        for macro, words in (("ALL", ("FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE")),
                             ("FAST", ("FLAGS", "INTERNALDATE", "RFC822.SIZE")),
                             ("FULL", ("ENVELOPE", "BODY ("))):
            data = self.fetch("1", macro)[0].decode()
            for word in words:
                self.assertIn(word, data, macro)

    def test_body_sections_and_partial(self):
        data = self.fetch("1", "(BODY.PEEK[])")
        self.assertEqual(data[0][1], MESSAGE)
        data = self.fetch("1", "(BODY.PEEK[HEADER])")
        self.assertEqual(data[0][1], MESSAGE.split(b"\r\n\r\n")[0] + b"\r\n\r\n")
        data = self.fetch("1", "(BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)])")
        self.assertEqual(data[0][1],
                         b"From: Alice Example <alice@example.test>\r\nSubject: Lunch on Friday\r\n\r\n")
        data = self.fetch("1", "(BODY.PEEK[HEADER.FIELDS.NOT (SUBJECT FROM TO CC DATE)])")
        self.assertEqual(data[0][1], b"Message-ID: <lunch-1@example.test>\r\n\r\n")
        data = self.fetch("1", "(BODY.PEEK[TEXT]<6.7>)")
        self.assertIn(b"BODY[TEXT]<6>", data[0][0])
        self.assertEqual(data[0][1], b"we meet")
        data = self.fetch("2", "(BODY.PEEK[1])")
        self.assertEqual(data[0][1], b"Menu attached.")
        data = self.fetch("2", "(BODY.PEEK[2.MIME])")
        self.assertIn(b"Content-Transfer-Encoding: base64", data[0][1])
        data = self.fetch("2", "(BODY.PEEK[2])")
        self.assertEqual(data[0][1], b"AAECAw==")
        data = self.fetch("1", "(RFC822.HEADER)")
        self.assertTrue(data[0][1].startswith(b"From: Alice"))
        data = self.fetch("1", "(RFC822.SIZE RFC822.TEXT)")
        self.assertEqual(data[0][1], b"Shall we meet at the xylophone museum?\r\n")

    def test_body_fetch_sets_seen_unless_peek(self):
        self.fetch("1", "(BODY.PEEK[TEXT])")
        self.assertNotIn(b"\\Seen", self.fetch("1", "(FLAGS)")[0])
        data = self.fetch("1", "(BODY[TEXT])")
        flags = b"".join(x if isinstance(x, bytes) else x[0] for x in data)
        self.assertIn(b"\\Seen", flags)  # the FETCH reports the flag it set
        self.assertIn(b"\\Seen", self.fetch("1", "(FLAGS)")[0])
        self.fetch("2", "(RFC822)")
        self.assertIn(b"\\Seen", self.fetch("2", "(FLAGS)")[0])

    def test_uid_fetch_and_sequence_sets(self):
        data = self.fetch("1:*", "(FLAGS)", uid=True)
        self.assertEqual(len(data), 2)
        self.assertIn(b"UID 1", data[0])
        self.assertEqual(len(self.fetch("*:1", "(UID)")), 2)
        self.assertEqual(len(self.fetch("2,1", "(UID)")), 2)
        self.assertEqual(self.fetch("99:100", "(FLAGS)", uid=True), [None])  # no such UIDs: empty, OK
        self.bad(self.m.fetch, "3", "(FLAGS)")  # there is no message 3
        self.bad(self.m.fetch, "0", "(FLAGS)")


class LargeFetchTest(ImapTest):
    """A message above 1 MiB: its whole-message items go out in pieces read from the store;
    the client must see the same bytes as for any message, items around them intact."""

    def test_large_message_items(self):
        header = b"From: big@example.test\r\nSubject: large\r\n\r\n"
        body = b"".join(b"line %07d of a large message, with some text to fill it\r\n" % i for i in range(60000))
        message = header + body
        self.assertGreater(len(message), 3 * 1024 * 1024)
        m = self.connect()
        self.ok(m.append("INBOX", None, None, message))
        self.ok(m.select("INBOX"))
        typ, data = m.uid("FETCH", "1", "(RFC822.SIZE BODY.PEEK[] BODY.PEEK[TEXT] BODY.PEEK[]<1000.5000> "
                                        "BODY.PEEK[HEADER] RFC822.TEXT FLAGS)")
        self.assertEqual(typ, "OK")
        literals = [x for x in data if isinstance(x, tuple)]
        self.assertEqual(len(literals), 5, [x[0] for x in literals])
        self.assertRegex(literals[0][0], rb"^1 \(UID 1 RFC822\.SIZE %d BODY\[\] \{%d\}$" % (len(message), len(message)))
        self.assertEqual(literals[0][1], message)
        self.assertRegex(literals[1][0], rb"^ BODY\[TEXT\] \{%d\}$" % len(body))
        self.assertEqual(literals[1][1], body)
        self.assertRegex(literals[2][0], rb"^ BODY\[\]<1000> \{5000\}$")
        self.assertEqual(literals[2][1], message[1000:6000])
        self.assertEqual(literals[3][1], header)
        self.assertEqual(literals[4][1], body)
        self.assertIn(b"FLAGS (\\Seen \\Recent))", data[-1])  # RFC822.TEXT sets \Seen
        typ, data = m.fetch("1", "(BODY[]<3000000.999999>)")
        self.assertEqual(data[0][1], message[3000000:])


class StoreCopyMoveExpungeTest(ImapTest):
    def setUp(self):
        self.m = self.connect()
        for _ in range(4):
            self.ok(self.m.append("INBOX", None, None, MESSAGE))
        self.ok(self.m.select("INBOX"))

    def test_store_modes_and_keywords(self):
        m = self.m
        data = self.ok(m.store("1:2", "+FLAGS", "(\\Flagged $Work)"))
        self.assertEqual(len(data), 2)
        self.assertIn(b"\\Flagged", data[0])
        self.assertIn(b"$Work", data[0])
        data = self.ok(m.store("1", "-FLAGS", "($work)"))  # keywords are case-insensitive
        self.assertNotIn(b"$Work", data[0])
        data = self.ok(m.store("2", "FLAGS", "(\\Answered)"))
        self.assertIn(b"(\\Answered \\Recent)", data[0])
        self.assertEqual(self.ok(m.store("3", "+FLAGS.SILENT", "(\\Seen)")), [None])
        self.assertIn(b"\\Seen", self.ok(m.fetch("3", "FLAGS"))[0])
        data = self.ok(m.uid("STORE", "4", "+FLAGS", "(\\Draft)"))
        self.assertIn(b"UID 4", data[0])
        self.bad(m.store, "1", "+FLAGS", "(\\Recent)")
        self.bad(m.store, "1", "+FLAGS", "(\\Bogus)")
        self.bad(m.store, "9", "+FLAGS", "(\\Seen)")

    def test_copy_and_move_with_copyuid(self):
        m = self.m
        typ, data = m.copy("1:2", "Trash")
        self.assertEqual(typ, "OK")
        self.assertRegex(data[0].decode(), r"\[COPYUID \d+ 1:2 1:2\]")
        self.assertIn(b"MESSAGES 2", self.ok(m.status("Trash", "(MESSAGES)"))[0])
        typ, data = m.copy("1", "Nowhere")
        self.assertIn(b"TRYCREATE", data[0])

        typ, data = self.command(m, "MOVE", "3:4", "Junk")
        self.assertEqual(typ, "OK")
        self.assertRegex(self.untagged(m, "OK")[-1].decode(), r"\[COPYUID \d+ 3:4 1:2\]")
        self.assertEqual(self.untagged(m, "EXPUNGE"), [b"4", b"3"])
        m.untagged_responses.clear()
        typ, data = m._simple_command("UID", "MOVE", "2", "Junk")
        self.assertEqual(typ, "OK")
        self.assertEqual(self.untagged(m, "EXPUNGE"), [b"2"])
        self.assertIn(b"MESSAGES 3", self.ok(m.status("Junk", "(MESSAGES)"))[0])
        self.assertIn(b"MESSAGES 1", self.ok(m.status("INBOX", "(MESSAGES)"))[0])

    def test_expunge_and_uid_expunge(self):
        m = self.m
        self.ok(m.store("1,3,4", "+FLAGS.SILENT", "(\\Deleted)"))
        m.untagged_responses.clear()
        typ, data = m._simple_command("UID", "EXPUNGE", "4")
        self.assertEqual(typ, "OK")
        self.assertEqual(self.untagged(m, "EXPUNGE"), [b"4"])
        m.untagged_responses.clear()
        data = self.ok(m.expunge())
        self.assertEqual(data, [b"3", b"1"])
        self.assertEqual(self.ok(m.search(None, "ALL")), [b"1"])
        self.assertEqual(self.ok(m.uid("SEARCH", None, "ALL")), [b"2"])


class SearchTest(ImapTest):
    def setUp(self):
        self.m = self.connect()
        self.ok(self.m.append("INBOX", "(\\Seen)", '"01-Jan-2020 10:00:00 +0000"', MESSAGE))
        self.ok(self.m.append("INBOX", "(\\Flagged $Todo)", '"15-Jun-2021 10:00:00 +0000"', MULTIPART))
        self.ok(self.m.select("INBOX"))

    def search(self, *keys, uid=False):
        typ, data = self.m.uid("SEARCH", *keys) if uid else self.m.search(*keys)
        self.assertEqual(typ, "OK", data)
        return data[0].decode().split()

    def test_flag_size_date_and_set_keys(self):
        self.assertEqual(self.search(None, "ALL"), ["1", "2"])
        self.assertEqual(self.search(None, "SEEN"), ["1"])
        self.assertEqual(self.search(None, "UNSEEN"), ["2"])
        self.assertEqual(self.search(None, "FLAGGED"), ["2"])
        self.assertEqual(self.search(None, "KEYWORD", "$todo"), ["2"])
        self.assertEqual(self.search(None, "UNKEYWORD", "$Todo"), ["1"])
        self.assertEqual(self.search(None, "NEW"), ["2"])
        self.assertEqual(self.search(None, "RECENT"), ["1", "2"])
        self.assertEqual(self.search(None, "LARGER", str(len(MESSAGE))), ["2"])
        self.assertEqual(self.search(None, "SMALLER", str(len(MESSAGE) + 1)), ["1"])
        self.assertEqual(self.search(None, "BEFORE", "1-Jan-2021"), ["1"])
        self.assertEqual(self.search(None, "SINCE", "1-Jan-2021"), ["2"])
        self.assertEqual(self.search(None, "ON", "15-Jun-2021"), ["2"])
        self.assertEqual(self.search(None, "SENTON", "15-Jan-2008"), ["1"])
        self.assertEqual(self.search(None, "SENTSINCE", "16-Jan-2008"), ["2"])
        self.assertEqual(self.search(None, "2"), ["2"])
        self.assertEqual(self.search(None, "UID", "1"), ["1"])
        self.assertEqual(self.search(None, "*"), ["2"])
        self.assertEqual(self.search(None, "OR", "SEEN", "FLAGGED"), ["1", "2"])
        self.assertEqual(self.search(None, "NOT", "SEEN"), ["2"])
        self.assertEqual(self.search(None, "(SEEN UNFLAGGED)"), ["1"])
        self.assertEqual(self.search(None, "ALL", uid=True), ["1", "2"])

    def test_text_keys(self):
        self.assertEqual(self.search(None, "SUBJECT", "lunch"), ["1"])
        self.assertEqual(self.search(None, "FROM", "ALICE"), ["1"])
        self.assertEqual(self.search(None, "TO", "bob@"), ["1", "2"])
        self.assertEqual(self.search(None, "CC", "carol"), ["1"])
        self.assertEqual(self.search(None, "BODY", "xylophone"), ["1"])
        self.assertEqual(self.search(None, "TEXT", "Lunch"), ["1"])
        self.assertEqual(self.search(None, "HEADER", "Message-ID", "lunch-1"), ["1"])
        self.assertEqual(self.search(None, "HEADER", "MIME-Version", '""'), ["2"])
        # RFC 2047 encoded subject, searched in UTF-8 with a literal.
        self.m.literal = "Café".encode()
        typ, data = self.m.search("UTF-8", "SUBJECT")
        self.assertEqual((typ, data[0]), ("OK", b"2"))
        typ, data = self.m.search("KOI8-R", "ALL")
        self.assertEqual(typ, "NO")
        self.assertIn(b"BADCHARSET", data[0])


class CondstoreTest(ImapTest):
    """RFC 7162 CONDSTORE: mod-sequences in SELECT, FETCH, STORE, SEARCH and STATUS."""

    def fetch_lines(self, m):
        return [x.decode() if isinstance(x, bytes) else x[0].decode() for x in self.untagged(m, "FETCH")]

    def test_condstore(self):
        address = self.new_account()
        m = self.connect(address)
        self.assertIn(b"CONDSTORE", self.ok(m.capability())[0])
        for _ in range(3):
            self.ok(m.append("INBOX", None, None, MESSAGE))
        typ, data = self.command(m, "SELECT", "INBOX", "(CONDSTORE)")
        self.assertEqual(typ, "OK")
        m.state = "SELECTED"
        start = int(self.untagged(m, "HIGHESTMODSEQ")[0])

        # Enabled: FLAGS come with MODSEQ.
        typ, data = self.command(m, "FETCH", "1:3", "(FLAGS)")
        lines = self.fetch_lines(m)
        self.assertEqual(len(lines), 3)
        self.assertTrue(all(re.search(r"MODSEQ \(\d+\)", l) for l in lines), lines)

        typ, data = self.command(m, "STORE", "2", "+FLAGS", "(\\Flagged)")
        changed = int(re.search(r"MODSEQ \((\d+)\)", self.fetch_lines(m)[0]).group(1))
        self.assertGreater(changed, start)

        # CHANGEDSINCE: only what changed after that mod-sequence.
        typ, data = self.command(m, "UID", "FETCH", "1:*", "(FLAGS)", f"(CHANGEDSINCE {start})")
        lines = self.fetch_lines(m)
        self.assertEqual(len(lines), 1, lines)
        self.assertRegex(lines[0], r"^2 \(UID 2 FLAGS \(\\Flagged \\Recent\) MODSEQ \(%d\)\)$" % changed)

        # UNCHANGEDSINCE: message 2 changed after START, so it is left alone and named.
        typ, data = self.command(m, "STORE", "1:3", f"(UNCHANGEDSINCE {start})", "+FLAGS", "(\\Seen)")
        self.assertEqual(typ, "OK")
        self.assertIn(b"[MODIFIED 2]", data[0])
        typ, data = self.command(m, "UID", "STORE", "1:3", "(UNCHANGEDSINCE 0)", "+FLAGS.SILENT", "(\\Draft)")
        self.assertIn(b"[MODIFIED 1:3]", data[0])
        typ, data = self.command(m, "FETCH", "1:3", "(FLAGS)")
        flags = "".join(self.fetch_lines(m))
        self.assertNotIn("Draft", flags)
        self.assertEqual(flags.count("\\Seen"), 2)

        # SEARCH MODSEQ answers with the highest mod-sequence of what it found.
        typ, data = self.command(m, "SEARCH", "MODSEQ", str(changed))
        found = self.untagged(m, "SEARCH")[0].decode()
        match = re.fullmatch(r"([\d ]+) \(MODSEQ (\d+)\)", found)
        self.assertIsNotNone(match, found)
        self.assertEqual(sorted(match.group(1).split()), ["1", "2", "3"])
        highest = int(match.group(2))
        self.assertIn(f"HIGHESTMODSEQ {highest}".encode(), self.ok(m.status("INBOX", "(HIGHESTMODSEQ)"))[0])

        # Another session that enabled CONDSTORE sees changes with their MODSEQ.
        other = self.connect(address)
        typ, data = self.command(other, "ENABLE", "CONDSTORE")
        self.assertEqual(self.untagged(other, "ENABLED"), [b"CONDSTORE"])
        other.select("INBOX")
        self.ok(m.store("3", "-FLAGS", "(\\Seen)"))
        self.ok(other.noop())
        self.assertRegex(self.fetch_lines(other)[0], r"^3 \(UID 3 FLAGS \(.*\) MODSEQ \(\d+\)\)$")

    def test_without_condstore_nothing_changes(self):
        m = self.connect()
        self.ok(m.append("INBOX", None, None, MESSAGE))
        self.ok(m.select("INBOX"))
        self.assertEqual(len(self.untagged(m, "HIGHESTMODSEQ")), 1)  # sent on every SELECT
        typ, data = m.fetch("1", "(FLAGS)")
        self.assertNotIn(b"MODSEQ", data[0])
        self.bad(m.fetch, "1", "(FLAGS) (CHANGEDSINCE 0)")


class EsearchTest(ImapTest):
    """RFC 4731: SEARCH RETURN (MIN MAX COUNT ALL) answers with one ESEARCH line."""

    def test_esearch(self):
        m = self.connect()
        for _ in range(5):
            self.ok(m.append("INBOX", None, None, MESSAGE))
        self.ok(m.select("INBOX"))
        self.ok(m.store("2,3", "+FLAGS", "(\\Seen)"))
        typ, data = self.command(m, "SEARCH", "RETURN", "(MIN MAX COUNT ALL)", "UNSEEN")
        self.assertEqual(typ, "OK")
        self.assertEqual(self.untagged(m, "ESEARCH")[0].decode().split(" ", 2)[2], "MIN 1 MAX 5 COUNT 3 ALL 1,4:5")
        typ, data = self.command(m, "UID", "SEARCH", "RETURN", "()", "SEEN")
        self.assertRegex(self.untagged(m, "ESEARCH")[0].decode(), r'^\(TAG "\w+"\) UID ALL 2:3$')
        typ, data = self.command(m, "SEARCH", "RETURN", "(COUNT MIN)", "KEYWORD", "nothing")
        self.assertRegex(self.untagged(m, "ESEARCH")[0].decode(), r'^\(TAG "\w+"\) COUNT 0$')
        self.assertEqual(self.untagged(m, "SEARCH"), [])
        self.bad(m.search, None, "RETURN", "(SAVE)", "ALL")


class RestartTest(unittest.TestCase):
    """What must survive a restart of the daemon: \\Recent claims (RFC 3501 section 2.3.2:
    a message is recent in one session only) and the UIDs of a mailbox with gaps."""

    def test_recent_and_uids_after_restart(self):
        with harness.Carteiro() as c:
            c.add_account("rita@example.test", "secret")

            def session():
                m = imaplib.IMAP4("127.0.0.1", c.port["imap"], timeout=30)
                m.login("rita@example.test", "secret")
                return m

            m = session()
            for _ in range(5):
                m.append("INBOX", None, None, MESSAGE)
            m.select("INBOX")
            self.assertEqual(m.untagged_responses["RECENT"], [b"5"])
            m.store("2,4", "+FLAGS", "(\\Deleted)")
            m.expunge()
            m.logout()

            c.stop()
            c.start()
            m = session()
            m.append("INBOX", None, None, MESSAGE)
            typ, data = m.select("INBOX")
            self.assertEqual(data, [b"4"])
            self.assertEqual(m.untagged_responses["RECENT"], [b"1"])  # only the new one
            typ, data = m.uid("SEARCH", None, "ALL")
            self.assertEqual(data, [b"1 3 5 6"])
            typ, data = m.search(None, "RECENT")
            self.assertEqual(data, [b"4"])
            m.logout()


if __name__ == "__main__":
    unittest.main()
