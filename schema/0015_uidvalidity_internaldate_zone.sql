-- last_uidvalidity: the highest UIDVALIDITY given to any mailbox of the account, kept when
-- the mailbox is deleted, so that a mailbox deleted and created again under the same name
-- gets a greater one even within the same second (RFC 3501 section 2.3.1.1).
ALTER TABLE accounts ADD COLUMN last_uidvalidity INTEGER NOT NULL DEFAULT 0;
UPDATE accounts SET last_uidvalidity = COALESCE((SELECT MAX(uidvalidity) FROM mailboxes WHERE account_id = accounts.id), 0);
-- internaldate_zone: the time zone of the INTERNALDATE an APPEND gave, in minutes east of
-- UTC, so that FETCH INTERNALDATE shows it as given (RFC 3501 section 2.3.3).
ALTER TABLE messages ADD COLUMN internaldate_zone INTEGER NOT NULL DEFAULT 0;
