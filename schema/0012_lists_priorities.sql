-- Mailing lists: who may join by mail, and the tokens that confirm a request made by mail
-- to LIST-request (the confirmation is mailed to the address, so only its owner can
-- answer it: nobody subscribes or unsubscribes someone else).
ALTER TABLE lists ADD COLUMN subscription TEXT NOT NULL DEFAULT 'closed'
  CHECK (subscription IN ('open', 'closed'));

CREATE TABLE list_tokens (
  token       TEXT PRIMARY KEY,
  list_id     INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
  address     TEXT NOT NULL COLLATE NOCASE,
  action      TEXT NOT NULL CHECK (action IN ('subscribe', 'unsubscribe')),
  expires_at  INTEGER NOT NULL
);
CREATE INDEX list_tokens_expiry ON list_tokens(expires_at);

-- Message transfer priority (RFC 6710): -9 (lowest) .. 9 (highest), 0 normal. Due
-- entries are sent highest priority first (the next_attempt index finds them).
ALTER TABLE queue ADD COLUMN priority INTEGER NOT NULL DEFAULT 0 CHECK (priority BETWEEN -9 AND 9);
