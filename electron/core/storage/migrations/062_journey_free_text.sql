-- 062: the journey keeps no typed text. The manual-entry reason, the cancel reason and a
-- recommendation's reason go to the purgeable free_text table (010) and the journey cites them by
-- id: in its report columns, its resumable state and its action rows. Texts stored before are
-- moved there (kept as long as the retention period says, counted from when they were typed),
-- and the columns that held them are dropped.

ALTER TABLE journeys ADD COLUMN manual_reason_id INTEGER REFERENCES free_text (id);
ALTER TABLE journeys ADD COLUMN cancel_reason_id INTEGER REFERENCES free_text (id);
ALTER TABLE journey_recommendations ADD COLUMN reason_id INTEGER REFERENCES free_text (id);

CREATE TEMP TABLE moved_text (
  kind          TEXT NOT NULL,
  journey_id    TEXT NOT NULL,
  product_code  TEXT,
  at            INTEGER NOT NULL,
  text          TEXT NOT NULL,
  ft_id         INTEGER
);
INSERT INTO moved_text (kind, journey_id, at, text)
  SELECT 'manual', journey_id, coalesce(json_extract(state_json, '$.customer.verifiedAt'), opened_at), manual_reason FROM journeys WHERE manual_reason IS NOT NULL;
INSERT INTO moved_text (kind, journey_id, at, text)
  SELECT 'cancel', journey_id, coalesce(json_extract(state_json, '$.cancel.at'), opened_at), cancel_reason FROM journeys WHERE cancel_reason IS NOT NULL;
INSERT INTO moved_text (kind, journey_id, product_code, at, text)
  SELECT 'recommend', journey_id, product_code, at, reason FROM journey_recommendations WHERE reason IS NOT NULL;
UPDATE moved_text SET ft_id = (SELECT coalesce(max(id), 0) FROM free_text) + rowid;
INSERT INTO free_text (id, at, purpose, text)
  SELECT ft_id, at, CASE kind WHEN 'manual' THEN 'journey.manual_reason' WHEN 'cancel' THEN 'journey.cancel_reason' ELSE 'journey.recommend_reason' END, text
  FROM moved_text;

UPDATE journeys SET manual_reason_id = (SELECT ft_id FROM moved_text m WHERE m.kind = 'manual' AND m.journey_id = journeys.journey_id)
  WHERE manual_reason IS NOT NULL;
UPDATE journeys SET cancel_reason_id = (SELECT ft_id FROM moved_text m WHERE m.kind = 'cancel' AND m.journey_id = journeys.journey_id)
  WHERE cancel_reason IS NOT NULL;
UPDATE journey_recommendations SET reason_id = (
  SELECT ft_id FROM moved_text m WHERE m.kind = 'recommend' AND m.journey_id = journey_recommendations.journey_id AND m.product_code = journey_recommendations.product_code)
  WHERE reason IS NOT NULL;

-- The resumable state: each text replaced by its id.
UPDATE journeys SET state_json = json_set(state_json, '$.customer.manualReason', NULL, '$.customer.manualReasonId', manual_reason_id)
  WHERE json_extract(state_json, '$.customer') IS NOT NULL;
UPDATE journeys SET state_json = json_set(state_json, '$.cancel.reason', NULL, '$.cancel.reasonId', cancel_reason_id)
  WHERE json_extract(state_json, '$.cancel') IS NOT NULL;
-- json(…): a subquery's result loses its JSON type, and would be stored as a quoted string.
UPDATE journeys SET state_json = json_set(state_json, '$.recommendations', json((
  SELECT json_group_array(json_set(r.value, '$.reason', NULL, '$.reasonId', (
    SELECT jr.reason_id FROM journey_recommendations jr
    WHERE jr.journey_id = journeys.journey_id AND jr.product_code = json_extract(r.value, '$.productCode'))))
  FROM json_each(journeys.state_json, '$.recommendations') r)))
  WHERE json_array_length(state_json, '$.recommendations') > 0;

-- The action rows: the text replaced by its id.
UPDATE journey_actions SET payload = json_set(json_remove(payload, '$.reason'), '$.reasonId',
  (SELECT manual_reason_id FROM journeys j WHERE j.journey_id = journey_actions.journey_id))
  WHERE type = 'verifyManual';
UPDATE journey_actions SET payload = json_set(json_remove(payload, '$.reason'), '$.reasonId',
  (SELECT cancel_reason_id FROM journeys j WHERE j.journey_id = journey_actions.journey_id))
  WHERE type = 'cancel';
UPDATE journey_actions SET payload = json_set(payload, '$.offers', json((
  SELECT json_group_array(json_set(json_remove(o.value, '$.reason'), '$.reasonId', (
    SELECT jr.reason_id FROM journey_recommendations jr
    WHERE jr.journey_id = journey_actions.journey_id AND jr.product_code = json_extract(o.value, '$.productCode'))))
  FROM json_each(journey_actions.payload, '$.offers') o)))
  WHERE type = 'recommend';

DROP TABLE moved_text;

ALTER TABLE journeys DROP COLUMN manual_reason;
ALTER TABLE journeys DROP COLUMN cancel_reason;
ALTER TABLE journey_recommendations DROP COLUMN reason;
