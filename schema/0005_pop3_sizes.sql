-- POP3 sizes (RFC 1939 sections 5 and 11): a message's octets as POP3 sends it, with every
-- line ending in CRLF. Computed once per content, the first time a POP3 session lists it;
-- contents never change, so neither does this. Removed with the content.
CREATE TABLE pop3_sizes (
  content_id  INTEGER PRIMARY KEY REFERENCES contents(id) ON DELETE CASCADE,
  octets      INTEGER NOT NULL
);
