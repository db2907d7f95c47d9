-- Every lease and every outcome of a delivery rewrites its index entries. The status index held every row,
-- so each outcome moved its row from the 'sending' part to the 'sent' part of one large index. The queue
-- indexes below hold only the rows workers look for: a lease moves a row from a due index to the leased one,
-- and an outcome takes it out of the leased one, one small index each time.
DROP INDEX deliveries_status;
-- workers claim the oldest due rows, retries first
CREATE INDEX deliveries_due_pending ON deliveries (not_before, id) WHERE status = 'pending';
CREATE INDEX deliveries_due_retry ON deliveries (not_before, id) WHERE status = 'retry';
-- a worker's leased rows, and the leases that ran out
CREATE INDEX deliveries_leased ON deliveries (lease_owner, id) WHERE status = 'sending';

-- The frequency cap (a customer's recent contacts) and a customer's history; without the status, a lease
-- leaves it alone.
DROP INDEX deliveries_customer;
CREATE INDEX deliveries_customer ON deliveries (customer_id, sent_at);
