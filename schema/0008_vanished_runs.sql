-- Expunged UIDs with the mod-sequence of their expunge, for QRESYNC's VANISHED (EARLIER)
-- (RFC 7162 sections 3.2.5 and 3.2.6). Kept as runs: a run covers UIDs FIRST_UID ..
-- LAST_UID, none of which exists any more, and MODSEQ is the mod-sequence of the latest
-- expunge inside it. An expunge extends the run below it when no message lies between,
-- so expunging a block of messages, or messages next to ones expunged earlier, costs one
-- row; a mailbox costs about one row per gap between its remaining messages.
--
-- The price of merging: a client asking what vanished since a mod-sequence may also be
-- told of UIDs of the same run that vanished before it, which RFC 7162 section 3.2.5.1
-- allows (it is told only of UIDs it no longer has).
--
-- messages::expunge raises the mailbox's HIGHESTMODSEQ before it deletes, so the trigger
-- records the HIGHESTMODSEQ after the expunge. A mailbox row already gone (a cascade)
-- records nothing.
CREATE TABLE vanished_runs (
  mailbox_id  INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
  first_uid   INTEGER NOT NULL,
  last_uid    INTEGER NOT NULL CHECK (last_uid >= first_uid),
  modseq      INTEGER NOT NULL,
  PRIMARY KEY (mailbox_id, first_uid)
) WITHOUT ROWID;

-- UIDs below UIDNEXT that no message holds now were expunged before this table existed:
-- they are recorded as vanished at the mailbox's current HIGHESTMODSEQ (the gaps between
-- the uid_runs rows, and after the last one up to UIDNEXT - 1).
WITH bounds AS (
  SELECT mailbox_id, first_uid, count FROM uid_runs
  UNION ALL
  SELECT id, uidnext, 0 FROM mailboxes
), gaps AS (
  SELECT mailbox_id,
         COALESCE(LAG(first_uid + count) OVER (PARTITION BY mailbox_id ORDER BY first_uid), 1) AS gap_first,
         first_uid - 1 AS gap_last
    FROM bounds
)
INSERT INTO vanished_runs (mailbox_id, first_uid, last_uid, modseq)
SELECT g.mailbox_id, g.gap_first, g.gap_last, m.highestmodseq
  FROM gaps g JOIN mailboxes m ON m.id = g.mailbox_id
 WHERE g.gap_first <= g.gap_last;

CREATE TRIGGER vanished_runs_delete AFTER DELETE ON messages BEGIN
  UPDATE vanished_runs
     SET last_uid = OLD.uid,
         modseq = (SELECT highestmodseq FROM mailboxes WHERE id = OLD.mailbox_id)
   WHERE mailbox_id = OLD.mailbox_id
     AND first_uid = (SELECT first_uid FROM vanished_runs
                       WHERE mailbox_id = OLD.mailbox_id AND first_uid < OLD.uid
                       ORDER BY first_uid DESC LIMIT 1)
     AND last_uid < OLD.uid
     AND NOT EXISTS (SELECT 1 FROM messages
                      WHERE mailbox_id = OLD.mailbox_id AND uid > vanished_runs.last_uid AND uid < OLD.uid)
     AND EXISTS (SELECT 1 FROM mailboxes WHERE id = OLD.mailbox_id);
  INSERT INTO vanished_runs (mailbox_id, first_uid, last_uid, modseq)
  SELECT OLD.mailbox_id, OLD.uid, OLD.uid, highestmodseq FROM mailboxes
   WHERE id = OLD.mailbox_id
     AND NOT EXISTS (SELECT 1 FROM vanished_runs WHERE mailbox_id = OLD.mailbox_id AND last_uid = OLD.uid);
END;

-- A mailbox made anew under an old name (a new UIDVALIDITY, UIDs from 1 again) has no
-- history.
CREATE TRIGGER vanished_runs_new_uidvalidity AFTER UPDATE OF uidvalidity ON mailboxes
WHEN NEW.uidvalidity <> OLD.uidvalidity BEGIN
  DELETE FROM vanished_runs WHERE mailbox_id = NEW.id;
END;
