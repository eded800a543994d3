-- 082: configuration flows down from the hall (electron/core/sync/hallConfig.ts).
--
-- Once this counter is enrolled and the hall manages staff, the hall is the source of staff
-- accounts: one password for a person at every counter of the hall. `hall_version` is the
-- hall's staff version of the account's last change (NULL: made at this counter); `locked` is
-- the administrator's hold set on the hall page: the right password is refused (STAFF_LOCKED).
ALTER TABLE staff ADD COLUMN locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1));
ALTER TABLE staff ADD COLUMN hall_version INTEGER CHECK (hall_version IS NULL OR hall_version >= 1);

-- The last good copy of each kind the hall sent (staff, catalog, calendar, till): its version,
-- who made it on the hall and when, and the document as applied (NULL for staff: the accounts
-- are the staff table). Written in the same transaction as what it describes, so the version
-- this counter reports to the hall is always the one it works with; without the hall it works
-- on with these.
CREATE TABLE hall_config (
  kind       TEXT PRIMARY KEY CHECK (kind IN ('staff', 'catalog', 'calendar', 'till')),
  version    INTEGER NOT NULL CHECK (version >= 1),
  made_at    INTEGER NOT NULL,          -- when the hall's administrator saved it (the hall's clock)
  made_by    TEXT    NOT NULL,          -- who saved it on the hall (a hall staff number, or admin-token)
  applied_at INTEGER NOT NULL,          -- when this counter applied it
  document   TEXT                       -- the catalog YAML, or the calendar / till settings as JSON
) STRICT;
