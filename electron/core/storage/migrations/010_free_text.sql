-- Free text typed by people (reasons, notes) lives here and nowhere else, so that hash-chained
-- records (ledger, audit) can point at it by id while the text itself is purged after the
-- retention period: a chained row must never hold anything that may have to be erased.
-- Rows are never deleted; purging sets text to NULL and changes nothing else.
CREATE TABLE free_text (
  id        INTEGER PRIMARY KEY,
  at        INTEGER NOT NULL,
  purpose   TEXT NOT NULL,
  text      TEXT
) STRICT;

CREATE INDEX free_text_at ON free_text (at) WHERE text IS NOT NULL;

CREATE TRIGGER free_text_no_delete BEFORE DELETE ON free_text
BEGIN
  SELECT RAISE(ABORT, 'free_text rows are purged, never deleted');
END;

CREATE TRIGGER free_text_purge_only BEFORE UPDATE ON free_text
WHEN NEW.text IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.purpose IS NOT OLD.purpose
BEGIN
  SELECT RAISE(ABORT, 'free_text rows may only be purged');
END;
