-- Carteiro's first schema. Applied once, in a transaction, by store::migrate().

CREATE TABLE domains (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
  catch_all   TEXT,                      -- address that gets mail for unknown local parts
  created_at  INTEGER NOT NULL
);

CREATE TABLE accounts (
  id            INTEGER PRIMARY KEY,
  domain_id     INTEGER NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
  local_part    TEXT NOT NULL COLLATE NOCASE,
  address       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,           -- $scrypt$... never the password itself
  apop_secret   TEXT,                    -- RFC 1939 APOP shared secret (legacy lab exercise)
  created_at    INTEGER NOT NULL,
  UNIQUE (domain_id, local_part)
);
CREATE INDEX accounts_local_part ON accounts(local_part);

CREATE TABLE mailboxes (
  id             INTEGER PRIMARY KEY,
  account_id     INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name           TEXT NOT NULL,          -- modified UTF-7 as IMAP shows it, '/' delimited
  special_use    TEXT,                   -- RFC 6154: \Sent \Drafts \Trash \Junk
  subscribed     INTEGER NOT NULL DEFAULT 1,
  uidvalidity    INTEGER NOT NULL,
  uidnext        INTEGER NOT NULL DEFAULT 1,
  highestmodseq  INTEGER NOT NULL DEFAULT 1,
  UNIQUE (account_id, name)
);

-- A message's bytes, stored once and shared by every mailbox that holds it.
CREATE TABLE contents (
  id             INTEGER PRIMARY KEY,
  refcount       INTEGER NOT NULL,
  size           INTEGER NOT NULL,
  header_size    INTEGER NOT NULL,       -- octets up to and including the blank line
  envelope       TEXT NOT NULL DEFAULT '',   -- IMAP ENVELOPE, parsed once at delivery
  bodystructure  TEXT NOT NULL DEFAULT '',   -- IMAP BODYSTRUCTURE with extension data
  body           TEXT NOT NULL DEFAULT '',   -- IMAP BODY (no extension data)
  data           BLOB NOT NULL
);

CREATE TABLE messages (
  id            INTEGER PRIMARY KEY,
  mailbox_id    INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
  uid           INTEGER NOT NULL,
  content_id    INTEGER NOT NULL REFERENCES contents(id),
  flags         INTEGER NOT NULL DEFAULT 0,  -- bit set of store::Flag
  keywords      TEXT NOT NULL DEFAULT '',    -- space-separated IMAP keywords
  modseq        INTEGER NOT NULL,
  internaldate  INTEGER NOT NULL,
  UNIQUE (mailbox_id, uid)
);
CREATE INDEX messages_content ON messages(content_id);

-- One row per (alias, target): an alias may have many targets and a target many aliases.
CREATE TABLE aliases (
  id       INTEGER PRIMARY KEY,
  address  TEXT NOT NULL COLLATE NOCASE,
  target   TEXT NOT NULL COLLATE NOCASE,
  UNIQUE (address, target)
);

CREATE TABLE lists (
  id            INTEGER PRIMARY KEY,
  address       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  members_only  INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);

CREATE TABLE list_members (
  list_id  INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
  address  TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (list_id, address)
);

-- The outbound queue: one entry per message, with its remote recipients.
CREATE TABLE queue (
  id            INTEGER PRIMARY KEY,
  content_id    INTEGER NOT NULL REFERENCES contents(id),
  sender        TEXT NOT NULL,           -- envelope sender; '' is the null sender <>
  created_at    INTEGER NOT NULL,
  next_attempt  INTEGER NOT NULL,
  attempts      INTEGER NOT NULL DEFAULT 0,
  warned        INTEGER NOT NULL DEFAULT 0,   -- delay warning sent
  last_error    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX queue_next_attempt ON queue(next_attempt);

CREATE TABLE queue_recipients (
  id          INTEGER PRIMARY KEY,
  queue_id    INTEGER NOT NULL REFERENCES queue(id) ON DELETE CASCADE,
  address     TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'pending',  -- pending | sent | failed
  last_reply  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX queue_recipients_queue ON queue_recipients(queue_id);
