-- 063: what the complete retention purge (electron/core/privacy/places.ts) needs.

-- Receipts: the stored copy loses the lines its template marks personal. Receipts printed before
-- the templates marked them get their marks here: the ID row and the business's field notes
-- (the customer receipt's only lines indented by two spaces).
UPDATE print_jobs SET doc_json = json_set(doc_json, '$.blocks', json((
  SELECT json_group_array(
    CASE WHEN (json_extract(b.value, '$.kind') = 'row' AND json_extract(b.value, '$.left') = '证件号码')
           OR (json_extract(b.value, '$.kind') = 'text' AND substr(json_extract(b.value, '$.text'), 1, 2) = '  ')
         THEN json_set(b.value, '$.personal', json('true'))
         ELSE json(b.value) END
    ORDER BY b.key)
  FROM json_each(print_jobs.doc_json, '$.blocks') b)))
WHERE kind = 'customer_receipt' AND json_type(doc_json, '$.blocks') = 'array';
CREATE INDEX print_jobs_originals_at ON print_jobs (created_at) WHERE reprint_of IS NULL;

-- The hall link's outbox stays append-only, except that the purge may blank a journey record's
-- masked ID number after the retention period — and nothing else.
DROP TRIGGER sync_outbox_no_update;
CREATE TRIGGER sync_outbox_purge_only BEFORE UPDATE ON sync_outbox
WHEN NEW.stream IS NOT OLD.stream OR NEW.seq IS NOT OLD.seq OR NEW.source_key IS NOT OLD.source_key
  OR NEW.at IS NOT OLD.at OR NEW.captured_at IS NOT OLD.captured_at
  OR NEW.data IS NOT json_set(OLD.data, '$.id_masked', NULL)
BEGIN SELECT RAISE(ABORT, 'sync_outbox is append-only (the retention purge may only blank id_masked)'); END;
CREATE INDEX sync_outbox_at ON sync_outbox (stream, at);
