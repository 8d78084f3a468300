-- DKIM signing keys (RFC 6376; RFC 8463 for Ed25519), per local domain: the current pair
-- (one RSA, one Ed25519) signs outgoing mail; a rotation retires them. A retired key
-- signs nothing more but stays listed (its DNS record must stay published while mail it
-- signed is still in transit) until delete_at, then it is deleted.
-- private_pem is secret, like the password hashes: the database is 0600 in a 0700 data dir.
CREATE TABLE dkim_keys (
  id          INTEGER PRIMARY KEY,
  domain_id   INTEGER NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
  selector    TEXT NOT NULL,               -- e.g. rsa-20261203: <selector>._domainkey.<domain>
  algorithm   TEXT NOT NULL CHECK (algorithm IN ('rsa', 'ed25519')),
  private_pem TEXT NOT NULL,               -- PKCS#8 PEM
  created_at  INTEGER NOT NULL,            -- seconds since the epoch
  retired_at  INTEGER,                     -- NULL: current, signs
  delete_at   INTEGER,                     -- retired: deleted from this time on
  UNIQUE (domain_id, selector)
);
CREATE INDEX dkim_keys_domain ON dkim_keys(domain_id, retired_at);
