-- noselect: a name kept only because it has children. RFC 3501 section 6.3.4: DELETE of a
-- mailbox with inferior names removes its messages and leaves the name with the \Noselect
-- attribute; it holds no messages and cannot be selected until created again.
ALTER TABLE mailboxes ADD COLUMN noselect INTEGER NOT NULL DEFAULT 0;
-- recent_uid: the highest UID some session has been told about (RFC 3501 section 2.3.2,
-- \Recent), so that messages are recent once across restarts as well.
ALTER TABLE mailboxes ADD COLUMN recent_uid INTEGER NOT NULL DEFAULT 0;
