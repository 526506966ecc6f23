-- Migration 3: attachment bytes, content-addressed by SHA-256, inside the
-- encrypted replica.  Bytes are kept in chunks so that a download cut halfway
-- resumes where it stopped, and so that no single row holds a whole scan.

CREATE TABLE blobs (
  sha256    TEXT PRIMARY KEY NOT NULL,   -- lower-case hex of the whole content
  size      INTEGER NOT NULL,
  received  INTEGER NOT NULL DEFAULT 0,  -- bytes stored so far
  complete  INTEGER NOT NULL DEFAULT 0,  -- 1 once every byte is there and the hash checked
  uploaded  INTEGER NOT NULL DEFAULT 0,  -- 1 once the server has it
  added_at  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE blob_chunks (
  id     INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL,
  offset INTEGER NOT NULL,
  data   BLOB NOT NULL,
  UNIQUE (sha256, offset)
);
