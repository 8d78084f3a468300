-- What Sieve scripts remember between messages, per account.

-- RFC 5230 section 4.2: a vacation reply goes to a sender at most once per period for
-- each :handle; "answered SENDER for HANDLE until EXPIRES".
CREATE TABLE sieve_vacation_replies (
  account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  handle      TEXT NOT NULL,
  sender      TEXT NOT NULL COLLATE NOCASE,
  expires     INTEGER NOT NULL,          -- seconds since the epoch
  PRIMARY KEY (account_id, handle, sender)
);
CREATE INDEX sieve_vacation_replies_expires ON sieve_vacation_replies(expires);

-- RFC 7352: the ids the `duplicate` test has seen, each until it expires.
CREATE TABLE sieve_duplicates (
  account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  key         TEXT NOT NULL,
  expires     INTEGER NOT NULL,
  PRIMARY KEY (account_id, key)
);
CREATE INDEX sieve_duplicates_expires ON sieve_duplicates(expires);
