-- Texts customers sent us (STOP, HELP, ...) and what was done about each. A provider's message id is
-- unique, so a webhook the provider delivers twice is acted on once.
CREATE TABLE sms_inbound (
  id          ${identity},
  provider_id VARCHAR(100) UNIQUE,
  from_number VARCHAR(32) NOT NULL,
  body        TEXT NOT NULL,
  action      VARCHAR(20) NOT NULL,
  customers   INTEGER NOT NULL DEFAULT 0,
  received_at BIGINT NOT NULL
);
CREATE INDEX sms_inbound_from ON sms_inbound (from_number, received_at);

-- The confirmation texted after an opt-in: at most one per consent record.
CREATE TABLE sms_optin_confirmations (
  consent_id  BIGINT PRIMARY KEY REFERENCES consents (id) ON DELETE CASCADE,
  customer_id BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  sent_at     BIGINT NOT NULL
);

-- A reply finds its customers by their number.
CREATE INDEX sms_customers_phone ON customers (phone);
