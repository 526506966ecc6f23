-- Migration 9: the clocks of a record's fields in one row per record.
--
-- field_clocks held one row per field of every record: a first full sync of
-- 100,000 cases wrote 23.6 million of them (2.4 GB of a 4.2 GB replica, and
-- most of the time of the sync).  A record's fields are mostly written
-- together, by one device, with clocks a few ticks apart, so one row per
-- record keeps the record's first clock and device and, per field, only
-- what differs from them (sync/dossier-replica-clocks.c reads and writes it):
--
--   clocks: {"<field>": [dh], ...}          hlc = record hlc + dh, same device
--           [dh, "<device>"]                 written by another device
--           [dh, <device or null>, <base hlc>, "<base device>"]   with its base
--
-- field_clocks stays as a view with the columns it had, for reading.

CREATE TABLE record_clocks (
  record_id TEXT PRIMARY KEY NOT NULL,
  hlc       INTEGER NOT NULL,
  device    TEXT NOT NULL,
  clocks    TEXT NOT NULL          -- JSON object, see above
) WITHOUT ROWID;

-- The record's clock and device: those of its earliest field.
INSERT INTO record_clocks (record_id, hlc, device, clocks)
SELECT r.record_id, r.hlc, r.device,
       (SELECT json_group_object (f.field,
                 CASE
                   WHEN f.base_device IS NOT NULL THEN
                     json_array (f.hlc - r.hlc, CASE WHEN f.device = r.device THEN NULL ELSE f.device END,
                                 f.base_hlc, f.base_device)
                   WHEN f.device = r.device THEN json_array (f.hlc - r.hlc)
                   ELSE json_array (f.hlc - r.hlc, f.device)
                 END)
          FROM field_clocks f WHERE f.record_id = r.record_id)
  FROM (SELECT record_id, hlc, device,
               row_number () OVER (PARTITION BY record_id ORDER BY hlc, device) AS n
          FROM field_clocks) r
 WHERE r.n = 1;

DROP TABLE field_clocks;

CREATE VIEW field_clocks (record_id, field, hlc, device, base_hlc, base_device) AS
SELECT r.record_id, j.key, r.hlc + (j.value ->> 0), coalesce (j.value ->> 1, r.device),
       coalesce (j.value ->> 2, 0), j.value ->> 3
  FROM record_clocks r, json_each (r.clocks) j;
