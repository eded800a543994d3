-- Journey effects find their ledger row by ref (the idempotency key) before posting again
-- after a crash: an index keeps that lookup independent of the ledger's history.
CREATE INDEX till_ledger_ref ON till_ledger(ref) WHERE ref IS NOT NULL;
-- The same for receipts: a journey's receipt job is found by its idempotency key (ref).
CREATE INDEX print_jobs_ref ON print_jobs(ref) WHERE ref IS NOT NULL;
