-- Staff numbers are canonical: trimmed and upper case, so "C001" and "c001" are one person
-- (the till and the approvals always compared them so). Existing numbers are folded; two that
-- fold to the same number stop the migration with the database's own message — an
-- administrator must resolve that by hand. New rows are checked by a trigger.
UPDATE staff SET staff_no = upper(trim(staff_no)) WHERE staff_no <> upper(trim(staff_no));
CREATE UNIQUE INDEX staff_no_folded ON staff (upper(trim(staff_no)));
CREATE TRIGGER staff_no_canonical BEFORE INSERT ON staff
WHEN NEW.staff_no <> upper(trim(NEW.staff_no))
BEGIN SELECT RAISE(ABORT, 'staff: staff_no must be trimmed and upper case'); END;
DELETE FROM signin_failure WHERE staff_no <> upper(trim(staff_no));

-- Wrong passwords typed into an approval dialog are throttled per counter, apart from sign-in:
-- a clerk guessing at the duty manager's password slows that counter down and never locks the
-- duty manager out of their own sign-in.
CREATE TABLE approval_failure (
  counter_id      TEXT PRIMARY KEY,
  failures        INTEGER NOT NULL CHECK (failures >= 0),
  last_failure_at INTEGER NOT NULL,
  locked_until    INTEGER NOT NULL
) STRICT;
