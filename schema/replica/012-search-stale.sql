-- Migration 12: records whose search entry a local save left to be brought up
-- to date.
--
-- A save commits the record, its change and its clock durably, and a row
-- here; the replica's worker then rewrites those records' search entries in
-- a transaction of their own, before it runs any other job, so every later
-- read (a search included) sees them.  Rewriting the entry inside the save
-- doubled the time a one-field edit took to be durable (the full-text index
-- writes a new segment, its prefix indexes and a document size each time).
-- A crash between the two leaves the rows here, and the next open indexes
-- them.
CREATE TABLE search_stale (
  record_id TEXT PRIMARY KEY NOT NULL,
  kind      TEXT NOT NULL
) WITHOUT ROWID;
