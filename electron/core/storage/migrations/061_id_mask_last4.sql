-- 061: masked ID numbers keep the last 4 characters only (base/mask.ts says why). Numbers stored
-- under the old rule (first 4 + last 4: 1101**********002X) are masked again, wherever the journey
-- keeps one: its report column, its resumable state, its action rows and its effects. Receipts
-- already printed keep what their paper said until the retention purge takes the line away.
-- The expression: as many '*' as the value is long minus 4, then its last 4 characters.

UPDATE journeys
SET id_masked = substr('****************************************', 1, length(id_masked) - 4) || substr(id_masked, -4)
WHERE id_masked IS NOT NULL AND length(id_masked) >= 9 AND substr(id_masked, 1, length(id_masked) - 4) GLOB '*[^*]*';

UPDATE journeys
SET state_json = json_set(state_json, '$.customer.idMasked',
  substr('****************************************', 1, length(json_extract(state_json, '$.customer.idMasked')) - 4)
    || substr(json_extract(state_json, '$.customer.idMasked'), -4))
WHERE length(json_extract(state_json, '$.customer.idMasked')) >= 9;

UPDATE journey_actions
SET payload = json_set(payload, '$.idMasked',
  substr('****************************************', 1, length(json_extract(payload, '$.idMasked')) - 4)
    || substr(json_extract(payload, '$.idMasked'), -4))
WHERE type IN ('verifyCard', 'verifyManual') AND length(json_extract(payload, '$.idMasked')) >= 9;

UPDATE journey_effects
SET payload = json_set(payload, '$.data.idMasked',
  substr('****************************************', 1, length(json_extract(payload, '$.data.idMasked')) - 4)
    || substr(json_extract(payload, '$.data.idMasked'), -4))
WHERE kind = 'printReceipt' AND length(json_extract(payload, '$.data.idMasked')) >= 9;
