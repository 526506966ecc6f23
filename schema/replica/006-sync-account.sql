-- Migration 6: what the sync engine keeps beside the records.
--
-- record_scopes: the office each record belongs to as far as the server is
-- concerned ("*" for policy notes), learnt from pulled changes or fixed at the
-- first push, so that a deletion can still be routed after its row is gone
-- and an office's records can be removed when access to it is lost.
CREATE TABLE record_scopes (
  record_id TEXT PRIMARY KEY NOT NULL,
  scope     TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX record_scopes_scope ON record_scopes (scope);

-- Changes the server refused (an office this user may no longer write):
-- kept, with the reason, for the user to see; never silently dropped.
CREATE TABLE rejected_changes (
  change_id   TEXT PRIMARY KEY NOT NULL,
  kind        TEXT NOT NULL,
  record_id   TEXT NOT NULL,
  field       TEXT NOT NULL,
  value       TEXT,
  hlc         INTEGER NOT NULL,
  reason      TEXT NOT NULL,
  rejected_at TEXT NOT NULL
) WITHOUT ROWID;
