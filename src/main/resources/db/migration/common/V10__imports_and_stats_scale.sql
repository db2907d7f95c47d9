-- Of the rows an import stored, those that created or changed something (the rest were already as in the file).
ALTER TABLE imports ADD COLUMN rows_changed BIGINT NOT NULL DEFAULT 0;

-- The stats rebuild reads every purchase in customer order: this index covers all it reads.
DROP INDEX purchases_customer;
CREATE INDEX purchases_customer ON purchases (customer_id, purchased_at, amount_cents, discounted);

-- Where each measure stood at the last stats rebuild: the value at every whole percentile (position
-- 1..100 is the highest value of the lowest position% of customers). A purchase between rebuilds ranks
-- its customer against these, so percentiles and RFM scores stay comparable to everyone else's.
CREATE TABLE customer_stats_scale (
  measure  VARCHAR(20) NOT NULL,
  position INTEGER NOT NULL,
  value    DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (measure, position)
);
