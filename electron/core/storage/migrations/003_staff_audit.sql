-- Staff, sign-in lockout and the audit log.

-- Staff are never deleted (the audit log names them): leaving staff are deactivated.
-- secret_hash is "scrypt$N$r$p$salt$hash" (base64url): the parameters travel with each hash
-- so they can be raised later and old hashes upgraded at the next successful sign-in.
CREATE TABLE staff (
  staff_no    TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('clerk', 'duty_manager', 'admin')),
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  secret_kind TEXT NOT NULL CHECK (secret_kind IN ('pin', 'password')),
  secret_hash TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

-- Failed sign-ins per entered staff number (also unknown ones, so the answer does not reveal
-- which numbers exist). Persisted so restarting the app does not reset a lockout.
CREATE TABLE signin_failure (
  staff_no        TEXT PRIMARY KEY,
  failures        INTEGER NOT NULL CHECK (failures >= 0),
  last_failure_at INTEGER NOT NULL,
  locked_until    INTEGER NOT NULL
) STRICT;

-- Append-only, hash-chained (electron/core/storage/chain.ts). detail is canonical JSON and
-- never holds personal data (guarded in code). actor is a staff number or NULL (system, or a
-- sign-in attempt nobody has proven yet); deliberately no foreign key, see above.
CREATE TABLE audit_log (
  seq        INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  actor      TEXT,
  kind       TEXT NOT NULL,
  counter_id TEXT,
  detail     TEXT NOT NULL,
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL
) STRICT;

CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_kind ON audit_log (kind);
CREATE INDEX audit_log_actor ON audit_log (actor);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be deleted');
END;
