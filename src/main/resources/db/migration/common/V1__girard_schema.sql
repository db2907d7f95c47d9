-- Girard's own tables. Portable SQL: what differs between SQLite and PostgreSQL
-- (identity columns, booleans) is a placeholder filled in by the dialect.
-- Instants are epoch milliseconds (BIGINT); calendar dates are ISO text.

-- One row per person, keyed by the shop's own id.
CREATE TABLE customers (
  id            ${identity},
  external_id   VARCHAR(200) NOT NULL UNIQUE,
  first_name    VARCHAR(200) NOT NULL DEFAULT '',
  last_name     VARCHAR(200) NOT NULL DEFAULT '',
  email         VARCHAR(320),
  phone         VARCHAR(32),
  address_line1 VARCHAR(300),
  address_line2 VARCHAR(300),
  city          VARCHAR(200),
  postal_code   VARCHAR(40),
  region        VARCHAR(200),
  country       VARCHAR(2),
  birthday      VARCHAR(10),
  birth_md      VARCHAR(5),
  locale        VARCHAR(35),
  time_zone     VARCHAR(64),
  attributes    TEXT NOT NULL DEFAULT '{}',
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL
);
-- "birthday today" looks up the month and day, not the year
CREATE INDEX customers_birth_md ON customers (birth_md);
CREATE INDEX customers_email ON customers (email);

-- Amounts in hundredths of the currency unit, so no rounding ever happens in storage.
CREATE TABLE purchases (
  id           ${identity},
  external_id  VARCHAR(200) NOT NULL UNIQUE,
  customer_id  BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  amount_cents BIGINT NOT NULL,
  currency     VARCHAR(3) NOT NULL,
  item         VARCHAR(500),
  category     VARCHAR(200),
  discounted   ${bool} NOT NULL DEFAULT FALSE,
  purchased_at BIGINT NOT NULL,
  created_at   BIGINT NOT NULL
);
CREATE INDEX purchases_customer ON purchases (customer_id, purchased_at, amount_cents);

CREATE TABLE users (
  id            ${identity},
  name          VARCHAR(100) NOT NULL UNIQUE,
  role          VARCHAR(20) NOT NULL,
  created_at    BIGINT NOT NULL
);

-- Only a SHA-256 of each token is stored; the token itself is shown once.
CREATE TABLE api_tokens (
  id           ${identity},
  user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash   VARCHAR(64) NOT NULL UNIQUE,
  label        VARCHAR(100),
  created_at   BIGINT NOT NULL,
  last_used_at BIGINT
);

CREATE TABLE campaigns (
  id             ${identity},
  name           VARCHAR(200) NOT NULL,
  segment        VARCHAR(100) NOT NULL,
  segment_params TEXT NOT NULL DEFAULT '{}',
  channel        VARCHAR(20) NOT NULL,
  template       VARCHAR(200) NOT NULL,
  cron           VARCHAR(120) NOT NULL,
  time_zone      VARCHAR(64) NOT NULL,
  status         VARCHAR(20) NOT NULL,
  holdout_percent INTEGER NOT NULL DEFAULT 0,
  cap_exempt     ${bool} NOT NULL DEFAULT FALSE,
  valid_days     INTEGER NOT NULL DEFAULT 7,
  version        INTEGER NOT NULL DEFAULT 1,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL
);

-- One row per firing of a campaign (scheduled, caught up after downtime, or started by hand).
CREATE TABLE runs (
  id             ${identity},
  campaign_id    BIGINT NOT NULL REFERENCES campaigns (id),
  occurrence_key VARCHAR(100) NOT NULL,
  trigger_type   VARCHAR(20) NOT NULL,
  status         VARCHAR(20) NOT NULL,
  fire_time      BIGINT NOT NULL,
  audience       INTEGER NOT NULL DEFAULT 0,
  planned        INTEGER NOT NULL DEFAULT 0,
  error          TEXT,
  paused_reason  TEXT,
  started_at     BIGINT NOT NULL,
  finished_at    BIGINT
);
CREATE INDEX runs_campaign ON runs (campaign_id, id);
CREATE INDEX runs_status ON runs (status);

-- The outbox: one row per campaign x customer x occurrence, written before the message goes out.
CREATE TABLE deliveries (
  id             ${identity},
  run_id         BIGINT NOT NULL REFERENCES runs (id),
  campaign_id    BIGINT NOT NULL REFERENCES campaigns (id),
  customer_id    BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  occurrence_key VARCHAR(100) NOT NULL,
  channel        VARCHAR(20) NOT NULL,
  status         VARCHAR(20) NOT NULL,
  attempts       INTEGER NOT NULL DEFAULT 0,
  not_before     BIGINT,
  lease_owner    VARCHAR(100),
  lease_until    BIGINT,
  address        VARCHAR(320),
  message_id     VARCHAR(300),
  last_error     TEXT,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL,
  sent_at        BIGINT,
  CONSTRAINT deliveries_once UNIQUE (campaign_id, customer_id, occurrence_key)
);
CREATE INDEX deliveries_run_status ON deliveries (run_id, status, id);
-- workers claim the oldest due rows
CREATE INDEX deliveries_status ON deliveries (status, not_before, id);
-- the frequency cap counts a customer's recent contacts
CREATE INDEX deliveries_customer ON deliveries (customer_id, status, sent_at);

-- Addresses that must not be contacted again on a channel: hard bounces, unsubscribes, complaints.
CREATE TABLE suppressions (
  id         ${identity},
  channel    VARCHAR(20) NOT NULL,
  address    VARCHAR(320) NOT NULL,
  reason     TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT suppressions_once UNIQUE (channel, address)
);
