-- The durable print queue: a job is written here (and committed) before its first byte goes
-- to the printer, so a crash never loses it. See electron/core/printing/queue.ts for the
-- states and the restart policy.
CREATE TABLE print_jobs (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  kind               TEXT    NOT NULL,                -- customer_receipt, settlement_report, test …
  ref                TEXT,                            -- transaction reference / report number
  title              TEXT    NOT NULL,                -- what the queue list shows
  doc_json           TEXT    NOT NULL,                -- the ReceiptDoc, without reprint marks
  state              TEXT    NOT NULL CHECK (state IN ('queued', 'printing', 'printed', 'failed')),
  reason_json        TEXT,                            -- ErrorShape: why failed, or why it waits
  reprint_of         INTEGER REFERENCES print_jobs (id),
  reprint_no         INTEGER NOT NULL DEFAULT 0 CHECK (reprint_no >= 0),
  possible_duplicate INTEGER NOT NULL DEFAULT 0 CHECK (possible_duplicate IN (0, 1)),
  attempts           INTEGER NOT NULL DEFAULT 0,
  requested_by       TEXT,                            -- staff number for reprints / cancels
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL,
  printed_at         INTEGER,
  CHECK ((reprint_of IS NULL) = (reprint_no = 0))
) STRICT;

CREATE INDEX print_jobs_open ON print_jobs (state, id);
CREATE INDEX print_jobs_reprints ON print_jobs (reprint_of, reprint_no);
