-- Migration 2: version history of policy notes.  Every saved version of a note
-- is kept so a specialist can see what a requirement said on a given date.
-- Existing notes get their current text as their first recorded version.

CREATE TABLE policy_note_versions (
  note_id    TEXT NOT NULL,
  version    INTEGER NOT NULL,
  saved_at   TEXT NOT NULL,
  snapshot   TEXT NOT NULL,      -- JSON object of the note's fields at that version
  PRIMARY KEY (note_id, version)
) WITHOUT ROWID;

INSERT INTO policy_note_versions (note_id, version, saved_at, snapshot)
SELECT id,
       coalesce(version, 1),
       coalesce(updated_at, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
       json_object('country', country, 'visa_type', visa_type, 'title', title,
                   'body', body, 'requirements', json(coalesce(requirements, '[]')),
                   'passport_validity_months', passport_validity_months,
                   'processing_days', processing_days, 'fees_text', fees_text,
                   'effective_date', effective_date, 'source', source)
FROM policy_notes;

UPDATE policy_notes SET version = 1 WHERE version IS NULL;
