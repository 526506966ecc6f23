-- Migration 4: record a policy note's version history however the note
-- changes, by a local edit or by a change pulled from the server.  Each
-- version number keeps the last text saved under it; raising `version`
-- starts a new entry, so earlier versions stay readable.

CREATE TRIGGER policy_notes_version_insert AFTER INSERT ON policy_notes
BEGIN
  INSERT OR REPLACE INTO policy_note_versions (note_id, version, saved_at, snapshot)
  VALUES (NEW.id, coalesce(NEW.version, 1),
          coalesce(NEW.updated_at, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
          json_object('country', NEW.country, 'visa_type', NEW.visa_type, 'title', NEW.title,
                      'body', NEW.body, 'requirements', json(coalesce(NEW.requirements, '[]')),
                      'passport_validity_months', NEW.passport_validity_months,
                      'processing_days', NEW.processing_days, 'fees_text', NEW.fees_text,
                      'effective_date', NEW.effective_date, 'source', NEW.source));
END;

CREATE TRIGGER policy_notes_version_update AFTER UPDATE ON policy_notes
BEGIN
  INSERT OR REPLACE INTO policy_note_versions (note_id, version, saved_at, snapshot)
  VALUES (NEW.id, coalesce(NEW.version, 1),
          coalesce(NEW.updated_at, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
          json_object('country', NEW.country, 'visa_type', NEW.visa_type, 'title', NEW.title,
                      'body', NEW.body, 'requirements', json(coalesce(NEW.requirements, '[]')),
                      'passport_validity_months', NEW.passport_validity_months,
                      'processing_days', NEW.processing_days, 'fees_text', NEW.fees_text,
                      'effective_date', NEW.effective_date, 'source', NEW.source));
END;

-- Deleting a note keeps its history: versions are what the office relied on.
