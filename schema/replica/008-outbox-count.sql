-- Migration 8: the number of changes not yet sent, kept as the outbox changes.
--
-- The header bar shows it after every sync step.  count(*) over the outbox
-- reads the whole table: after a long week offline, or on a replica filled
-- with sample data, seconds on the replica's one worker thread, during which
-- the case list waits.  Two triggers keep the count instead.

CREATE TABLE outbox_count (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n  INTEGER NOT NULL
);
INSERT INTO outbox_count (id, n) VALUES (1, (SELECT count(*) FROM outbox));

CREATE TRIGGER outbox_count_insert AFTER INSERT ON outbox
BEGIN
  UPDATE outbox_count SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER outbox_count_delete AFTER DELETE ON outbox
BEGIN
  UPDATE outbox_count SET n = n - 1 WHERE id = 1;
END;
