-- 001-server.sql: the SQLite server store.  The server keeps the ordered log
-- of accepted changes (clients merge), who may see which office, login
-- tokens (as hashes) and attachment bytes.  Times are Unix seconds.

-- "DoSv": tells a server store from any other SQLite file.
PRAGMA application_id = 1148146550;

CREATE TABLE offices (
  id         TEXT PRIMARY KEY,          -- UUID: the scope of the office's records
  name       TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE users (
  id            TEXT PRIMARY KEY,       -- UUID
  name          TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,          -- argon2id, in its encoded form
  created_at    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE memberships (
  user_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  office_id TEXT NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, office_id)
) WITHOUT ROWID;

-- Only the SHA-256 of a token is kept: a copy of this file logs nobody in.
CREATE TABLE tokens (
  hash       TEXT PRIMARY KEY,          -- hex SHA-256 of the token text
  user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  device     TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX tokens_by_expiry ON tokens (expires_at);

-- The first accepted change of a record fixes its scope.
CREATE TABLE records (
  id    TEXT PRIMARY KEY,
  kind  TEXT NOT NULL,
  scope TEXT NOT NULL
) WITHOUT ROWID;

-- The log.  AUTOINCREMENT: a sequence number is never handed out twice, even
-- if the newest rows were ever removed by hand, so no client cursor skips one.
CREATE TABLE changes (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  change_id   TEXT NOT NULL UNIQUE,     -- "<device>:<counter>", for duplicates
  scope       TEXT NOT NULL,            -- office UUID or '*'
  kind        TEXT NOT NULL,
  record_id   TEXT NOT NULL,
  field       TEXT NOT NULL,
  hlc         INTEGER NOT NULL,
  device      TEXT NOT NULL,
  user_id     TEXT NOT NULL,            -- who pushed it
  received_at INTEGER NOT NULL,
  body        TEXT NOT NULL             -- the change's JSON object, unknown members included
);

CREATE TABLE blobs (
  sha256     TEXT PRIMARY KEY,          -- lower-case hex
  size       INTEGER NOT NULL,
  received   INTEGER NOT NULL,
  complete   INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE blob_chunks (
  sha256 TEXT NOT NULL REFERENCES blobs (sha256) ON DELETE CASCADE,
  chunk_offset INTEGER NOT NULL,
  data   BLOB NOT NULL,
  PRIMARY KEY (sha256, chunk_offset)
);
