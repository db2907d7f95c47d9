-- A run's progress (GET /api/runs/{id}, polled by the admin page while the run goes on) counts its rows by
-- status, and its current rate counts the rows sent in the last seconds. With the index ending in the id,
-- that second count read every sent row of the run to look at its sent_at: at a million rows, a large part
-- of a second on each poll. Ending in sent_at, the index answers both counts on its own. An outcome rewrites
-- the row's entry either way (its status changes), so this costs the outcomes nothing more.
DROP INDEX deliveries_run_status;
CREATE INDEX deliveries_run_status ON deliveries (run_id, status, sent_at);
