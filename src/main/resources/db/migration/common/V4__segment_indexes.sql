-- Indexes the built-in segments read through.

-- "purchase anniversary" looks up first purchases on this day in earlier years
CREATE INDEX customer_stats_first_purchase ON customer_stats (first_purchase_at);

-- "thank-you" and "after-sale" look up the purchases of a recent window
CREATE INDEX purchases_purchased_at ON purchases (purchased_at);
