-- Migration 7: a policy note pulled from the server keeps its history.
--
-- Applying a pulled change writes the note with an upsert, and SQLite lets
-- the outer statement's conflict policy override a trigger's OR REPLACE: a
-- second change to the same note under the same version number failed with
-- "UNIQUE constraint failed: policy_note_versions".  The triggers now say
-- what they mean with an upsert of their own, which no outer policy changes.

DROP TRIGGER policy_notes_version_insert;
DROP TRIGGER policy_notes_version_update;

CREATE TRIGGER policy_notes_version_insert AFTER INSERT ON policy_notes
BEGIN
  INSERT INTO policy_note_versions (note_id, version, saved_at, snapshot)
  VALUES (NEW.id, coalesce(NEW.version, 1),
          coalesce(NEW.updated_at, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
          json_object('country', NEW.country, 'visa_type', NEW.visa_type, 'title', NEW.title,
                      'body', NEW.body, 'requirements', json(coalesce(NEW.requirements, '[]')),
                      'passport_validity_months', NEW.passport_validity_months,
                      'processing_days', NEW.processing_days, 'fees_text', NEW.fees_text,
                      'effective_date', NEW.effective_date, 'source', NEW.source))
  ON CONFLICT (note_id, version) DO UPDATE SET saved_at = excluded.saved_at,
                                               snapshot = excluded.snapshot;
END;

CREATE TRIGGER policy_notes_version_update AFTER UPDATE ON policy_notes
BEGIN
  INSERT INTO policy_note_versions (note_id, version, saved_at, snapshot)
  VALUES (NEW.id, coalesce(NEW.version, 1),
          coalesce(NEW.updated_at, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
          json_object('country', NEW.country, 'visa_type', NEW.visa_type, 'title', NEW.title,
                      'body', NEW.body, 'requirements', json(coalesce(NEW.requirements, '[]')),
                      'passport_validity_months', NEW.passport_validity_months,
                      'processing_days', NEW.processing_days, 'fees_text', NEW.fees_text,
                      'effective_date', NEW.effective_date, 'source', NEW.source))
  ON CONFLICT (note_id, version) DO UPDATE SET saved_at = excluded.saved_at,
                                               snapshot = excluded.snapshot;
END;

-- "Needs attention" asks for a case's open required documents with a due
-- date; without this index it read every checklist item (1.7 s on 100,000
-- cases, 0.7 s with it).
CREATE INDEX checklist_items_open ON checklist_items (case_id, due_date)
  WHERE requirement = 'required' AND state IS NOT 'verified' AND due_date IS NOT NULL;
