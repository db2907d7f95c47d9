-- The maintenance task (e.g. the stats rebuild) running now, one row per task, so that a second start of it,
-- in this process or another (the command line while the server's nightly job runs), refuses instead of
-- undoing the first. A row not renewed for a while is left by a process that died and may be taken over.
CREATE TABLE maintenance_claims (
  name       VARCHAR(100) PRIMARY KEY,
  holder     VARCHAR(200) NOT NULL,
  started_at BIGINT NOT NULL,
  renewed_at BIGINT NOT NULL
);
