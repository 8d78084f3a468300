-- Each account's Sieve scripts (RFC 5228), managed over ManageSieve (RFC 5804) and by
-- `carteiro sieve`. Names are case-sensitive (RFC 5804 section 1.6). At most one script of
-- an account is active: delivery runs it.
--
-- A script's id is its version: a new text gets a new row (AUTOINCREMENT ids are never
-- reused, not even after the account is gone), so the id of the active row changes
-- whenever the active script or its text changes, and a compiled script cached under it
-- can never be mistaken for another.
CREATE TABLE sieve_scripts (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  script      TEXT NOT NULL,
  active      INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
  updated_at  INTEGER NOT NULL,
  UNIQUE (account_id, name)
);
CREATE UNIQUE INDEX sieve_scripts_one_active ON sieve_scripts(account_id) WHERE active = 1;
