-- The hall server's schema: counters and their enrolment, the hall's TLS identity, the
-- replicated rows (one table, keyed by counter, stream and sequence number), the chain
-- witness's heads and findings, request nonces, the counters' latest state, and the hall's log.
-- Times are UTC epoch ms (bigint), as on the counters.

CREATE FUNCTION hall_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: rows are never changed or deleted', TG_TABLE_NAME;
END
$$;

-- The hall's own identity: its TLS certificate and key, made at first start. Kept in the
-- database so the hall presents the same fingerprint whichever machine runs the server.
CREATE TABLE hall_identity (
  id           int PRIMARY KEY CHECK (id = 1),
  hall_id      text   NOT NULL,
  cert_pem     text   NOT NULL,
  key_pem      text   NOT NULL,
  fingerprint  text   NOT NULL,             -- sha256 of the certificate (DER), hex
  created_at   bigint NOT NULL
);

-- A counter (台席) of this hall, by its number. The enrolment code is kept only until used (a new
-- code for an enrolled counter replaces its key when used: a new PC for that counter); the
-- counter's Ed25519 public key (SPKI, base64) authenticates every later request, and `source`
-- names the counter database that key belongs to.
CREATE TABLE counter (
  number            int    PRIMARY KEY CHECK (number BETWEEN 1 AND 999),
  label             text   NOT NULL,
  status            text   NOT NULL CHECK (status IN ('pending', 'active', 'revoked')),
  enrol_code        text,
  enrol_expires_at  bigint,
  public_key        text   UNIQUE,
  source            int,
  enrolled_at       bigint,
  created_at        bigint NOT NULL,
  CHECK (status <> 'pending' OR enrol_code IS NOT NULL),
  CHECK (status <> 'active' OR (public_key IS NOT NULL AND source IS NOT NULL))
);

-- Each counter database that ever enrolled as this counter (a replaced PC starts a new one):
-- its rows are numbered from 1 in their own sequence, so they are kept apart by source. The
-- same database enrolling again (a new key, a new hall address) keeps its source.
CREATE TABLE counter_source (
  counter      int    NOT NULL REFERENCES counter (number),
  source       int    NOT NULL CHECK (source >= 1),
  database_id  text   NOT NULL,
  enrolled_at  bigint NOT NULL,
  PRIMARY KEY (counter, source),
  UNIQUE (counter, database_id)
);

-- Every replicated row, append-only. hash: the row's own chain hash for chained streams
-- (ledger, audit), else sha256 of its canonical JSON (to tell a resend from a rewrite).
CREATE TABLE replica_row (
  counter      int    NOT NULL,
  source       int    NOT NULL,
  stream       text   NOT NULL,
  seq          bigint NOT NULL CHECK (seq >= 1),
  at           bigint NOT NULL,
  key          text,
  hash         text   NOT NULL,
  prev_hash    text,
  data         jsonb  NOT NULL,
  received_at  bigint NOT NULL,
  PRIMARY KEY (counter, source, stream, seq),
  FOREIGN KEY (counter, source) REFERENCES counter_source (counter, source)
);
CREATE INDEX replica_row_at ON replica_row (stream, at);
CREATE INDEX replica_row_key ON replica_row (stream, key) WHERE key IS NOT NULL;
CREATE TRIGGER replica_row_append_only BEFORE UPDATE OR DELETE ON replica_row
  FOR EACH ROW EXECUTE FUNCTION hall_refuse_change();

-- The last row held per counter database and stream: the next batch must start at seq + 1 (or resend).
CREATE TABLE stream_head (
  counter      int    NOT NULL,
  source       int    NOT NULL,
  stream       text   NOT NULL,
  seq          bigint NOT NULL,
  hash         text   NOT NULL,
  updated_at   bigint NOT NULL,
  PRIMARY KEY (counter, source, stream),
  FOREIGN KEY (counter, source) REFERENCES counter_source (counter, source)
);

-- What the chain witness found: a row whose prev_hash does not link to the row before it, or a
-- row resent with a seq the hall holds but a different hash (rewritten after it was sent).
CREATE TABLE witness_finding (
  id           bigserial PRIMARY KEY,
  counter      int    NOT NULL,
  source       int    NOT NULL,
  stream       text   NOT NULL,
  seq          bigint NOT NULL,
  kind         text   NOT NULL CHECK (kind IN ('link_break', 'rewritten')),
  held         text,                        -- the hash (or prev link) the hall expected
  sent         text   NOT NULL,             -- what the counter sent
  at           bigint NOT NULL,
  UNIQUE (counter, source, stream, seq, kind, sent),
  FOREIGN KEY (counter, source) REFERENCES counter_source (counter, source)
);
CREATE TRIGGER witness_finding_append_only BEFORE UPDATE OR DELETE ON witness_finding
  FOR EACH ROW EXECUTE FUNCTION hall_refuse_change();

-- Nonces of signed requests inside the replay window; older ones are pruned.
CREATE TABLE request_nonce (
  counter  int    NOT NULL,
  nonce    text   NOT NULL,
  at       bigint NOT NULL,
  PRIMARY KEY (counter, nonce)
);
CREATE INDEX request_nonce_at ON request_nonce (at);

-- Each counter's latest heartbeat: who is signed in, till, devices, unsent rows, its clock.
CREATE TABLE counter_state (
  counter      int    PRIMARY KEY REFERENCES counter (number),
  seq          bigint NOT NULL,
  state        jsonb  NOT NULL,
  counter_time bigint NOT NULL,
  received_at  bigint NOT NULL,
  skew_ms      bigint NOT NULL
);

-- The hall's own log: refusals (unknown counter, bad signature, replay, oversized or gapped
-- batch), enrolments, witness findings. Never personal data.
CREATE TABLE hall_log (
  id          bigserial PRIMARY KEY,
  at          bigint NOT NULL,
  level       text   NOT NULL CHECK (level IN ('info', 'warn', 'error')),
  code        text   NOT NULL,
  counter     int,
  remote      text,
  message_zh  text   NOT NULL,
  message_en  text   NOT NULL,
  detail      jsonb
);
CREATE INDEX hall_log_at ON hall_log (at);
CREATE INDEX hall_log_code ON hall_log (code, at);
