-- A mailbox's UIDs as runs of consecutive numbers, kept by triggers in step with the
-- messages table whatever writes it. IMAP SELECT, STATUS and the sessions that learn of an
-- expunge read these few rows instead of every message: a mailbox whose UIDs have no gaps
-- is one row, however many messages it holds (RFC 3501 section 2.3.1.1: UIDs only grow,
-- so a new message extends the last run or starts a new one after it).
CREATE TABLE uid_runs (
  mailbox_id  INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
  first_uid   INTEGER NOT NULL,
  count       INTEGER NOT NULL CHECK (count > 0),
  PRIMARY KEY (mailbox_id, first_uid)
) WITHOUT ROWID;

INSERT INTO uid_runs (mailbox_id, first_uid, count)
SELECT mailbox_id, MIN(uid), COUNT(*)
  FROM (SELECT mailbox_id, uid, uid - ROW_NUMBER() OVER (PARTITION BY mailbox_id ORDER BY uid) AS run
          FROM messages)
 GROUP BY mailbox_id, run;

-- A new UID extends the run that ends just below it, or starts a run of its own.
CREATE TRIGGER uid_runs_insert AFTER INSERT ON messages BEGIN
  UPDATE uid_runs SET count = count + 1
   WHERE mailbox_id = NEW.mailbox_id AND first_uid + count = NEW.uid
     AND first_uid = (SELECT first_uid FROM uid_runs
                       WHERE mailbox_id = NEW.mailbox_id AND first_uid < NEW.uid
                       ORDER BY first_uid DESC LIMIT 1);
  INSERT INTO uid_runs (mailbox_id, first_uid, count)
  SELECT NEW.mailbox_id, NEW.uid, 1
   WHERE COALESCE((SELECT first_uid + count FROM uid_runs
                    WHERE mailbox_id = NEW.mailbox_id AND first_uid <= NEW.uid
                    ORDER BY first_uid DESC LIMIT 1), 0) <= NEW.uid;
END;

-- A removed UID splits its run in two: the part above it becomes a run of its own, the
-- run keeps the part below it, and a run left empty goes.
CREATE TRIGGER uid_runs_delete AFTER DELETE ON messages BEGIN
  INSERT INTO uid_runs (mailbox_id, first_uid, count)
  SELECT mailbox_id, OLD.uid + 1, first_uid + count - OLD.uid - 1 FROM uid_runs
   WHERE mailbox_id = OLD.mailbox_id AND first_uid + count - 1 > OLD.uid
     AND first_uid = (SELECT first_uid FROM uid_runs
                       WHERE mailbox_id = OLD.mailbox_id AND first_uid <= OLD.uid
                       ORDER BY first_uid DESC LIMIT 1);
  DELETE FROM uid_runs
   WHERE mailbox_id = OLD.mailbox_id AND first_uid = OLD.uid;
  UPDATE uid_runs SET count = OLD.uid - first_uid
   WHERE mailbox_id = OLD.mailbox_id AND first_uid + count > OLD.uid
     AND first_uid = (SELECT first_uid FROM uid_runs
                       WHERE mailbox_id = OLD.mailbox_id AND first_uid < OLD.uid
                       ORDER BY first_uid DESC LIMIT 1);
END;

-- What changed since a session last looked (flags, new messages): MODSEQ order per mailbox.
CREATE INDEX messages_modseq ON messages(mailbox_id, modseq);
