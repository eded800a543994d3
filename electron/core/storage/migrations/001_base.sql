-- The base schema: key/value metadata. Each capability adds its own numbered file.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
