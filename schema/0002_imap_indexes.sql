-- IMAP SELECT and STATUS without a scan of the mailbox: the first unseen message
-- (RFC 3501 section 6.3.1, [UNSEEN n]) and the keywords in use (the FLAGS response) come
-- from partial indexes that hold only the rows they are about. The expressions match the
-- queries in libs/store/src/imap_queries.cpp exactly, so SQLite can use them.
CREATE INDEX IF NOT EXISTS messages_unseen ON messages(mailbox_id, uid) WHERE (flags & 1) = 0;
CREATE INDEX IF NOT EXISTS messages_keywords ON messages(mailbox_id, keywords) WHERE keywords != '';
