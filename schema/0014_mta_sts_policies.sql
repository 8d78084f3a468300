-- MTA-STS policies (RFC 8461 section 5.1) the queue fetched, cached by recipient domain
-- until they expire, so that a restart keeps enforcing them even when the policy host is
-- unreachable. POLICY_ID is the id of the _mta-sts TXT record the policy was fetched for;
-- POLICY the policy file as served (parsed again when read).
CREATE TABLE mta_sts_policies (
  domain      TEXT PRIMARY KEY COLLATE NOCASE,
  policy_id   TEXT NOT NULL,
  policy      TEXT NOT NULL,
  fetched_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX mta_sts_policies_expiry ON mta_sts_policies(expires_at);
