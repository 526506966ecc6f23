-- 001-server.sql: the PostgreSQL server store, the same tables as the SQLite
-- one (schema/server/001-server.sql).  Several server processes may share
-- this database: pushes serialise on a lock of `changes`, so sequence numbers
-- become visible in order and no reader's cursor passes over one still
-- being written.

CREATE TABLE offices (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);

CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_at    BIGINT NOT NULL
);

CREATE TABLE memberships (
  user_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  office_id TEXT NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, office_id)
);

CREATE TABLE tokens (
  hash       TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  device     TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);

CREATE INDEX tokens_by_expiry ON tokens (expires_at);

CREATE TABLE records (
  id    TEXT PRIMARY KEY,
  kind  TEXT NOT NULL,
  scope TEXT NOT NULL
);

-- seq is assigned by the pushing transaction (max + 1) while it holds the
-- lock; a sequence object would hand out numbers that commit out of order.
CREATE TABLE changes (
  seq         BIGINT PRIMARY KEY,
  change_id   TEXT NOT NULL UNIQUE,
  scope       TEXT NOT NULL,
  kind        TEXT NOT NULL,
  record_id   TEXT NOT NULL,
  field       TEXT NOT NULL,
  hlc         BIGINT NOT NULL,
  device      TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  body        TEXT NOT NULL
);

CREATE TABLE blobs (
  sha256     TEXT PRIMARY KEY,
  size       BIGINT NOT NULL,
  received   BIGINT NOT NULL,
  complete   BOOLEAN NOT NULL DEFAULT FALSE,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE blob_chunks (
  sha256 TEXT NOT NULL REFERENCES blobs (sha256) ON DELETE CASCADE,
  chunk_offset BIGINT NOT NULL,
  data   BYTEA NOT NULL,
  PRIMARY KEY (sha256, chunk_offset)
);
