-- Sealed chains (electron/core/storage/sealedChain.ts): the ledger and the audit log are keyed
-- (HMAC) from here on, each with a head carrying a MAC. The audit log gets its head like the
-- ledger's, so a deleted tail or a wholesale deletion is seen. Where each chain's keyed part
-- starts is noted here and sealed with the key at the first start that has it.
CREATE TABLE audit_head (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  seq  INTEGER NOT NULL,
  hash TEXT    NOT NULL,
  mac  TEXT
) STRICT;

ALTER TABLE till_ledger_head ADD COLUMN mac TEXT;

INSERT INTO meta (key, value) SELECT 'chain.ledger.keyed_from', CAST(COALESCE(MAX(seq), 0) + 1 AS TEXT) FROM till_ledger;
INSERT INTO meta (key, value) SELECT 'chain.audit.keyed_from', CAST(COALESCE(MAX(seq), 0) + 1 AS TEXT) FROM audit_log;
