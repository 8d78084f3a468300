-- Storage quotas. Limits: an account's own (NULL: its domain's), a domain's default for
-- its accounts (NULL: unlimited). Storage counts octets, messages count placements.
ALTER TABLE domains ADD COLUMN quota_storage INTEGER CHECK (quota_storage > 0);
ALTER TABLE domains ADD COLUMN quota_messages INTEGER CHECK (quota_messages > 0);
ALTER TABLE accounts ADD COLUMN quota_storage INTEGER CHECK (quota_storage > 0);
ALTER TABLE accounts ADD COLUMN quota_messages INTEGER CHECK (quota_messages > 0);

-- Usage, kept by the triggers below in step with the messages table whatever writes it
-- (delivery, APPEND, COPY, MOVE, EXPUNGE, POP3 DELE, DELETE of a mailbox), in the same
-- transaction. As Dovecot counts it, a message's size counts once per mailbox that holds
-- it, though its bytes are stored once (RFC 9208 section 5.1: STORAGE is the "physical
-- space" the user is charged for; a copy is charged again).
ALTER TABLE accounts ADD COLUMN used_storage INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN used_messages INTEGER NOT NULL DEFAULT 0;

UPDATE accounts
   SET used_storage = (SELECT COALESCE(SUM(c.size), 0)
                         FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id JOIN contents c ON c.id = m.content_id
                        WHERE b.account_id = accounts.id),
       used_messages = (SELECT COUNT(*) FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id
                         WHERE b.account_id = accounts.id);

-- The content row is still there when a message goes (expunges delete the message, then
-- release the content); COALESCE keeps a sum even if it were not. A message removed by
-- the cascade of its account's removal finds no mailbox and changes nothing.
CREATE TRIGGER quota_usage_insert AFTER INSERT ON messages BEGIN
  UPDATE accounts
     SET used_storage = used_storage + COALESCE((SELECT size FROM contents WHERE id = NEW.content_id), 0),
         used_messages = used_messages + 1
   WHERE id = (SELECT account_id FROM mailboxes WHERE id = NEW.mailbox_id);
END;

CREATE TRIGGER quota_usage_delete AFTER DELETE ON messages BEGIN
  UPDATE accounts
     SET used_storage = used_storage - COALESCE((SELECT size FROM contents WHERE id = OLD.content_id), 0),
         used_messages = used_messages - 1
   WHERE id = (SELECT account_id FROM mailboxes WHERE id = OLD.mailbox_id);
END;
