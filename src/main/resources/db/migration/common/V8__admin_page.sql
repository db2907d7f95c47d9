-- The admin page: passwords and sessions for people (API tokens stay for scripts), templates edited in
-- the browser with their versions, and the audit log. Instants are epoch milliseconds.

-- A PHC string ($argon2id$v=19$m=...,t=...,p=...$salt$hash); NULL for users who only have API tokens.
ALTER TABLE users ADD COLUMN password_hash VARCHAR(200);
-- Where "send a test to me" goes.
ALTER TABLE users ADD COLUMN email VARCHAR(320);
-- The UI language the user chose (en, zh); NULL follows the browser.
ALTER TABLE users ADD COLUMN locale VARCHAR(10);

-- Signed-in browsers. Only a SHA-256 of the session cookie is stored, like API tokens.
CREATE TABLE sessions (
  id           ${identity},
  user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash   VARCHAR(64) NOT NULL UNIQUE,
  csrf_token   VARCHAR(64) NOT NULL,
  created_at   BIGINT NOT NULL,
  expires_at   BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Templates edited in the admin page, in front of the built-in ones: one row per channel and name,
-- its current version, and every version kept for history and restore.
CREATE TABLE templates (
  id         ${identity},
  channel    VARCHAR(20) NOT NULL,
  name       VARCHAR(100) NOT NULL,
  version    INTEGER NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by VARCHAR(100),
  CONSTRAINT templates_once UNIQUE (channel, name)
);

-- files: a JSON object of file name -> FreeMarker source (subject.ftl, html.ftlh, text.ftl, ...).
CREATE TABLE template_versions (
  id          ${identity},
  template_id BIGINT NOT NULL REFERENCES templates (id) ON DELETE CASCADE,
  version     INTEGER NOT NULL,
  files       TEXT NOT NULL,
  note        VARCHAR(300),
  created_at  BIGINT NOT NULL,
  created_by  VARCHAR(100),
  CONSTRAINT template_versions_once UNIQUE (template_id, version)
);

-- Who changed what, when, with the state before and after (JSON; NULL when created or deleted).
CREATE TABLE audit_log (
  id          ${identity},
  at          BIGINT NOT NULL,
  user_name   VARCHAR(100) NOT NULL,
  action      VARCHAR(40) NOT NULL,
  entity_type VARCHAR(40) NOT NULL,
  entity_id   VARCHAR(200) NOT NULL,
  before_json TEXT,
  after_json  TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, at);
