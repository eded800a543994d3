-- Configuration flows down (base/contract/hallConfig.ts): the hall's staff accounts, catalog,
-- calendar and till settings, each kind versioned with every change kept; the hall page's
-- sessions and sign-in lockout; what each counter fetched; and the hall's audit table.

-- The current version of each kind. Taking the next one is an UPDATE … RETURNING on this row,
-- so two administrators saving at once get two versions, never one.
CREATE TABLE config_head (
  kind     text PRIMARY KEY CHECK (kind IN ('staff', 'catalog', 'calendar', 'till')),
  version  int  NOT NULL CHECK (version >= 0)
);
INSERT INTO config_head (kind, version) VALUES ('staff', 0), ('catalog', 0), ('calendar', 0), ('till', 0);

-- Every change of every kind, append-only: who, what, when, and the document as it became.
-- catalog: {"yaml": "…"}; calendar: the calendar; till: the settings; staff: the account
-- without its hash and what changed ({"account": {…}, "secretChanged": true}).
CREATE TABLE config_change (
  kind     text   NOT NULL REFERENCES config_head (kind),
  version  int    NOT NULL CHECK (version >= 1),
  at       bigint NOT NULL,
  actor    text   NOT NULL,
  action   text   NOT NULL,
  subject  text,
  doc      jsonb  NOT NULL,
  PRIMARY KEY (kind, version)
);
CREATE TRIGGER config_change_append_only BEFORE UPDATE OR DELETE ON config_change
  FOR EACH ROW EXECUTE FUNCTION hall_refuse_change();

-- The hall's staff accounts as the counters receive them. Never deleted (records name people):
-- a departed person is inactive. version = the staff version of the account's last change.
CREATE TABLE hall_staff (
  staff_no     text    PRIMARY KEY CHECK (staff_no ~ '^[A-Z0-9]{3,16}$'),
  name         text    NOT NULL,
  role         text    NOT NULL CHECK (role IN ('clerk', 'duty_manager', 'admin')),
  active       boolean NOT NULL,
  locked       boolean NOT NULL DEFAULT false,
  secret_kind  text    NOT NULL CHECK (secret_kind IN ('pin', 'password')),
  secret_hash  text    NOT NULL CHECK (secret_hash LIKE 'scrypt$%'),
  version      int     NOT NULL CHECK (version >= 1),
  created_at   bigint  NOT NULL,
  updated_at   bigint  NOT NULL
);
CREATE INDEX hall_staff_version ON hall_staff (version);

-- What each counter last fetched: the versions it said it had and the versions it was given.
CREATE TABLE counter_config (
  counter     int    PRIMARY KEY REFERENCES counter (number),
  fetched_at  bigint NOT NULL,
  since       jsonb  NOT NULL,
  served      jsonb  NOT NULL
);

-- Hall page sessions: only the token's sha256 is kept (the token is in the browser's cookie).
-- In the database rather than in memory so several hall processes on one server share them.
CREATE TABLE hall_session (
  token_hash      text    PRIMARY KEY,
  staff_no        text    NOT NULL REFERENCES hall_staff (staff_no),
  created_at      bigint  NOT NULL,
  last_active_at  bigint  NOT NULL,
  locked          boolean NOT NULL DEFAULT false
);
CREATE INDEX hall_session_staff ON hall_session (staff_no);

-- Wrong passwords at the hall page's sign-in, per staff number (base/lockoutPolicy.ts).
CREATE TABLE hall_signin_failure (
  staff_no         text   PRIMARY KEY,
  failures         int    NOT NULL,
  last_failure_at  bigint NOT NULL,
  locked_until     bigint NOT NULL
);

-- The hall's audit table: every administrative change and every sign-in, append-only.
-- actor: a hall staff number, or 'admin-token' (the command line, the first administrator).
CREATE TABLE hall_audit (
  id       bigserial PRIMARY KEY,
  at       bigint NOT NULL,
  actor    text   NOT NULL,
  action   text   NOT NULL,
  subject  text,
  detail   jsonb  NOT NULL DEFAULT '{}'::jsonb,
  remote   text
);
CREATE INDEX hall_audit_at ON hall_audit (at);
CREATE TRIGGER hall_audit_append_only BEFORE UPDATE OR DELETE ON hall_audit
  FOR EACH ROW EXECUTE FUNCTION hall_refuse_change();
