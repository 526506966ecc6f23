-- Dossier local replica, migration 1: the whole case model of DESIGN.md section 1
-- and the sync bookkeeping (per-field clocks, outbox, cursor, conflicts, device).
--
-- Every record table has a UUID primary key and only columns that are
-- user-visible fields; each field is the unit of change for sync.  Dates are
-- ISO 8601 text (YYYY-MM-DD), timestamps ISO 8601 UTC, lists JSON arrays of
-- strings, booleans 0/1.  `updated_at` is local bookkeeping, never synced.

CREATE TABLE replica_meta (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE offices (
  id         TEXT PRIMARY KEY NOT NULL,
  name       TEXT,
  city       TEXT,
  country    TEXT,
  updated_at TEXT
);

CREATE TABLE applicants (
  id                     TEXT PRIMARY KEY NOT NULL,
  family_name            TEXT,      -- Latin letters, as in the passport MRZ
  given_names            TEXT,      -- Latin letters
  native_name            TEXT,      -- native script, e.g. 王小明
  birth_date             TEXT,
  birth_place            TEXT,
  sex                    TEXT,      -- F, M, X
  nationality            TEXT,      -- ISO 3166-1 alpha-3, as in the MRZ
  passport_number        TEXT,
  passport_issuing_state TEXT,
  passport_issue_date    TEXT,
  passport_expiry_date   TEXT,
  passport_blank_pages   INTEGER,
  photo_meets_spec       INTEGER,   -- 0/1, NULL = not checked
  email                  TEXT,
  phone                  TEXT,
  address                TEXT,
  employer               TEXT,
  occupation             TEXT,
  tier                   TEXT,      -- regular, business, vip
  notes                  TEXT,
  updated_at             TEXT
);
CREATE INDEX applicants_passport ON applicants (passport_number);
CREATE INDEX applicants_name_birth ON applicants (family_name, given_names, birth_date);

CREATE TABLE cases (
  id                   TEXT PRIMARY KEY NOT NULL,
  reference            TEXT,
  applicant_id         TEXT,
  office_id            TEXT,
  assignee             TEXT,
  destination          TEXT,      -- ISO 3166-1 alpha-2 of the destination country
  visa_type            TEXT,      -- tourist, business, student, work, family, transit
  purpose              TEXT,
  travel_from          TEXT,
  travel_to            TEXT,
  requested_entries    TEXT,      -- single, double, multiple
  requested_days       INTEGER,
  consulate            TEXT,      -- consulate or visa centre
  urgency              TEXT,      -- normal, urgent, express
  internal_stage       TEXT,      -- intake, documents, review, ready, submitted, decided, closed
  stage_since          TEXT,
  authority_status     TEXT,      -- as the authority reports it, kept apart from the stage
  authority_reference  TEXT,
  submitted_on         TEXT,
  decision             TEXT,      -- NULL, approved, refused, withdrawn
  decision_date        TEXT,
  visa_number          TEXT,
  visa_valid_from      TEXT,
  visa_valid_to        TEXT,
  visa_entries         TEXT,      -- single, double, multiple
  visa_days_of_stay    INTEGER,
  refusal_codes        TEXT,      -- JSON array of reason codes
  refusal_text         TEXT,
  withdrawal_reason    TEXT,
  notes                TEXT,
  updated_at           TEXT
);
CREATE INDEX cases_applicant ON cases (applicant_id);
CREATE INDEX cases_office ON cases (office_id);
CREATE INDEX cases_stage ON cases (internal_stage, destination);
CREATE INDEX cases_updated ON cases (updated_at);

-- Fees quoted and paid, one row per kind (service, consular, visa_centre, courier, other).
CREATE TABLE fees (
  id            TEXT PRIMARY KEY NOT NULL,
  case_id       TEXT,
  kind          TEXT,
  amount_quoted REAL,
  amount_paid   REAL,
  currency      TEXT,
  paid_on       TEXT,
  receipt       TEXT,
  updated_at    TEXT
);
CREATE INDEX fees_case ON fees (case_id);

-- Passports and documents moving by courier.
CREATE TABLE shipments (
  id              TEXT PRIMARY KEY NOT NULL,
  case_id         TEXT,
  carrier         TEXT,
  tracking_number TEXT,
  direction       TEXT,      -- to_consulate, from_consulate, to_client, from_client
  contents        TEXT,
  status          TEXT,      -- booked, in_transit, delivered, lost
  sent_on         TEXT,
  delivered_on    TEXT,
  updated_at      TEXT
);
CREATE INDEX shipments_case ON shipments (case_id);

CREATE TABLE checklist_items (
  id                   TEXT PRIMARY KEY NOT NULL,
  case_id              TEXT,
  kind                 TEXT,      -- passport, photo, invitation_letter, bank_statement, ...
  title                TEXT,
  requirement          TEXT,      -- required, optional, not_applicable
  state                TEXT,      -- requested, received, verified, rejected
  rejection_reason     TEXT,
  requested_on         TEXT,
  received_on          TEXT,
  verified_on          TEXT,
  due_date             TEXT,
  custody              TEXT,      -- client, office_safe, courier, consulate
  translation_needed   INTEGER,
  translation_language TEXT,
  translator           TEXT,
  translated_on        TEXT,
  reviewer             TEXT,      -- second person of the double review
  reviewed_on          TEXT,
  notarization_needed  INTEGER,
  notarized_on         TEXT,
  legalization         TEXT,      -- none, legalization, apostille
  legalized_on         TEXT,
  position             INTEGER,
  notes                TEXT,
  updated_at           TEXT
);
CREATE INDEX checklist_items_case ON checklist_items (case_id, position);
CREATE INDEX checklist_items_due ON checklist_items (due_date) WHERE due_date IS NOT NULL;

CREATE TABLE appointments (
  id                TEXT PRIMARY KEY NOT NULL,
  case_id           TEXT,
  kind              TEXT,      -- biometrics, interview
  starts_at         TEXT,
  location          TEXT,
  reminder_minutes  INTEGER,
  preparation_notes TEXT,
  status            TEXT,      -- scheduled, attended, missed, cancelled
  updated_at        TEXT
);
CREATE INDEX appointments_case ON appointments (case_id);
CREATE INDEX appointments_starts ON appointments (starts_at);

-- Append-only: the store refuses updates and deletes of these.
CREATE TABLE activity_entries (
  id          TEXT PRIMARY KEY NOT NULL,
  case_id     TEXT,
  kind        TEXT,      -- call, complaint, follow_up, visit, note
  author      TEXT,
  occurred_at TEXT,
  body        TEXT,
  updated_at  TEXT
);
CREATE INDEX activity_entries_case ON activity_entries (case_id, occurred_at);

-- Metadata only; the bytes live in the content-addressed blob store.
CREATE TABLE attachments (
  id                TEXT PRIMARY KEY NOT NULL,
  case_id           TEXT,
  checklist_item_id TEXT,
  sha256            TEXT,
  file_name         TEXT,
  content_type      TEXT,
  size              INTEGER,
  added_at          TEXT,
  updated_at        TEXT
);
CREATE INDEX attachments_item ON attachments (checklist_item_id);
CREATE INDEX attachments_case ON attachments (case_id);

CREATE TABLE policy_notes (
  id                       TEXT PRIMARY KEY NOT NULL,
  country                  TEXT,      -- ISO 3166-1 alpha-2
  visa_type                TEXT,
  title                    TEXT,
  body                     TEXT,
  requirements             TEXT,      -- JSON array of checklist item kinds
  passport_validity_months INTEGER,   -- passport valid this long beyond departure
  processing_days          INTEGER,
  fees_text                TEXT,
  effective_date           TEXT,
  source                   TEXT,
  version                  INTEGER,
  updated_at               TEXT
);
CREATE INDEX policy_notes_country ON policy_notes (country, visa_type);

-- Sync bookkeeping -----------------------------------------------------------

-- The winning clock of every field of every record (last writer wins by
-- hybrid logical clock, then device id).
CREATE TABLE field_clocks (
  record_id TEXT NOT NULL,
  field     TEXT NOT NULL,
  hlc       INTEGER NOT NULL,
  device    TEXT NOT NULL,
  PRIMARY KEY (record_id, field)
) WITHOUT ROWID;

-- Local changes not yet acknowledged by the server, in the order they were made.
CREATE TABLE outbox (
  seq       INTEGER PRIMARY KEY,
  change_id TEXT NOT NULL UNIQUE,   -- device:counter
  kind      TEXT NOT NULL,
  record_id TEXT NOT NULL,
  field     TEXT NOT NULL,          -- a field name, or _deleted for a tombstone
  value     TEXT,                   -- JSON
  hlc       INTEGER NOT NULL,
  device    TEXT NOT NULL,
  counter   INTEGER NOT NULL
);
CREATE INDEX outbox_record ON outbox (record_id);

CREATE TABLE tombstones (
  record_id TEXT PRIMARY KEY NOT NULL,
  kind      TEXT NOT NULL,
  hlc       INTEGER NOT NULL,
  device    TEXT NOT NULL
) WITHOUT ROWID;

-- The losing side of a concurrent edit, until the user resolves it.
CREATE TABLE conflicts (
  id            TEXT PRIMARY KEY NOT NULL,
  kind          TEXT NOT NULL,
  record_id     TEXT NOT NULL,
  field         TEXT NOT NULL,
  winner_value  TEXT,
  winner_hlc    INTEGER NOT NULL,
  winner_device TEXT NOT NULL,
  loser_value   TEXT,
  loser_hlc     INTEGER NOT NULL,
  loser_device  TEXT NOT NULL,
  detected_at   TEXT NOT NULL,
  resolved_at   TEXT
);
CREATE INDEX conflicts_open ON conflicts (record_id) WHERE resolved_at IS NULL;

-- Fields a newer peer sent that this version does not know: kept, not dropped.
CREATE TABLE unknown_fields (
  record_id TEXT NOT NULL,
  kind      TEXT NOT NULL,
  field     TEXT NOT NULL,
  value     TEXT,
  hlc       INTEGER NOT NULL,
  device    TEXT NOT NULL,
  PRIMARY KEY (record_id, field)
) WITHOUT ROWID;

-- Pull cursor, last successful sync and other sync state.
CREATE TABLE sync_state (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT
) WITHOUT ROWID;

-- Full-text search.  Text is prepared in C (lower case, CJK split into single
-- characters) so that a Chinese word is found inside a sentence written
-- without spaces; Latin prefixes use the prefix indexes.
CREATE TABLE search_docs (
  rowid     INTEGER PRIMARY KEY,
  kind      TEXT NOT NULL,
  record_id TEXT NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE search_fts USING fts5 (
  title, body,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);
