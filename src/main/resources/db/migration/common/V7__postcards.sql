-- Postcards. A card is handed to the print step when the delivery workers queue it; the print step
-- puts cards into PDF batches per run and design. A batch row is written before its file is, so a
-- stop part-way through writing re-creates the same batch with the same cards under the same name.

-- One PDF batch of a run: 'writing' until its file is complete and in place, then 'printed'.
CREATE TABLE postcard_batches (
  id          ${identity},
  run_id      BIGINT NOT NULL REFERENCES runs (id),
  number      INTEGER NOT NULL,
  file_name   VARCHAR(200) NOT NULL,
  design      INTEGER NOT NULL,
  cards       INTEGER NOT NULL,
  status      VARCHAR(20) NOT NULL,
  created_at  BIGINT NOT NULL,
  printed_at  BIGINT,
  CONSTRAINT postcard_batches_once UNIQUE (run_id, number)
);
CREATE INDEX postcard_batches_status ON postcard_batches (status);

-- One card: its design (the rotation looks at a customer's previous one), the template and the data it
-- is rendered from (taken when it was queued, so a re-created batch prints the same card), and its place
-- in a batch once it has one.
CREATE TABLE postcards (
  delivery_id BIGINT PRIMARY KEY REFERENCES deliveries (id) ON DELETE CASCADE,
  run_id      BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  design      INTEGER NOT NULL,
  template    VARCHAR(200) NOT NULL,
  model       TEXT NOT NULL,
  batch_id    BIGINT REFERENCES postcard_batches (id),
  position    INTEGER,
  created_at  BIGINT NOT NULL
);
-- a customer's previous card, for the rotation
CREATE INDEX postcards_customer ON postcards (customer_id, delivery_id);
-- the cards of a run still waiting for a batch
CREATE INDEX postcards_waiting ON postcards (batch_id, run_id, design, delivery_id);
