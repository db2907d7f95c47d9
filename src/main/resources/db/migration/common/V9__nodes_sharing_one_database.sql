-- Several nodes on one database.

-- A scheduled run is unique per campaign and occurrence: should two nodes ever fire the same trigger (a node
-- taken for dead that was only slow), the second insert finds the first run and does nothing. Manual runs
-- may repeat; the deliveries' own unique key keeps them from sending anything twice.
CREATE UNIQUE INDEX runs_scheduled_once ON runs (campaign_id, occurrence_key)
  WHERE trigger_type = 'schedule' AND status <> 'failed';

-- The node planning a run, so that another node can finish the planning of a node that died.
ALTER TABLE runs ADD COLUMN planner VARCHAR(100);

-- The node whose worker sent a delivery: each node's share of a run, and where to look after a duplicate.
ALTER TABLE deliveries ADD COLUMN sent_by VARCHAR(100);
