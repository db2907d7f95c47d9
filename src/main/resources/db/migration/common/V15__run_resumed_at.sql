-- When a run was last resumed: a run pauses itself only for failures that began after that, so the last
-- failures of sends already under way when it was resumed do not pause it again.
ALTER TABLE runs ADD COLUMN resumed_at BIGINT;
