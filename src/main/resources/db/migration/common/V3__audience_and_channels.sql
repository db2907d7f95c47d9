-- Consent records: the proof of every grant and withdrawal, never a flag. The latest record
-- per customer and channel decides (ties broken by id).
CREATE TABLE consents (
  id          ${identity},
  customer_id BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  channel     VARCHAR(20) NOT NULL,
  granted     ${bool} NOT NULL,
  at          BIGINT NOT NULL,
  source      VARCHAR(200) NOT NULL,
  wording     TEXT,
  created_at  BIGINT NOT NULL
);
CREATE INDEX consents_customer ON consents (customer_id, channel, at, id);

-- Retention measures per customer, kept current on every purchase and rebuilt nightly.
-- Money in hundredths of the currency unit; instants in epoch milliseconds.
CREATE TABLE customer_stats (
  customer_id        BIGINT PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
  first_purchase_at  BIGINT,
  last_purchase_at   BIGINT,
  recency_days       INTEGER,
  purchase_count     INTEGER NOT NULL DEFAULT 0,
  frequency_12m      INTEGER NOT NULL DEFAULT 0,
  monetary_12m_cents BIGINT NOT NULL DEFAULT 0,
  lifetime_cents     BIGINT NOT NULL DEFAULT 0,
  median_gap_days    DOUBLE PRECISION,
  value_percentile   DOUBLE PRECISION,
  r_score            INTEGER,
  f_score            INTEGER,
  m_score            INTEGER,
  discount_share     DOUBLE PRECISION,
  computed_at        BIGINT NOT NULL
);
CREATE INDEX customer_stats_last_purchase ON customer_stats (last_purchase_at);
CREATE INDEX customer_stats_monetary ON customer_stats (monetary_12m_cents);

-- One row per CSV import (customers, purchases or consents), with live progress.
CREATE TABLE imports (
  id          ${identity},
  kind        VARCHAR(20) NOT NULL,
  file_name   VARCHAR(500),
  encoding    VARCHAR(40),
  status      VARCHAR(20) NOT NULL,
  rows_done   BIGINT NOT NULL DEFAULT 0,
  rows_stored BIGINT NOT NULL DEFAULT 0,
  rows_failed BIGINT NOT NULL DEFAULT 0,
  bytes_total BIGINT,
  bytes_done  BIGINT NOT NULL DEFAULT 0,
  error       TEXT,
  started_at  BIGINT NOT NULL,
  finished_at BIGINT
);

-- Each refused row of an import: where, which column, the value and why.
CREATE TABLE import_errors (
  id          ${identity},
  import_id   BIGINT NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  line        BIGINT NOT NULL,
  column_name VARCHAR(200),
  value       TEXT,
  reason      TEXT NOT NULL
);
CREATE INDEX import_errors_import ON import_errors (import_id, line);

-- What each contact cost (in millionths of the currency unit, so SMS segment prices stay exact).
ALTER TABLE deliveries ADD COLUMN cost_micros BIGINT;
