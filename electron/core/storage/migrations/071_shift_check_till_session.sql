-- 班前准备 runs once per till session (not at every sign-in): each check names the cash session
-- it was run for. Checks from before this migration name none and count for no session.
ALTER TABLE shift_checks ADD COLUMN till_session_id INTEGER;
CREATE INDEX shift_checks_till_session ON shift_checks (counter_id, till_session_id);
-- 今日第 N 位: the day's closed journeys at a counter, counted by their closing time.
CREATE INDEX journeys_closed_at ON journeys (counter_id, closed_at) WHERE status = 'closed';
