-- Failed sign-ins to the admin page, kept for the throttle's window (a minute by default) so that every node
-- sharing the database counts the same failures. The key is "account:<name>" or "address:<ip>"; instants
-- are epoch milliseconds. Rows older than the window are deleted as new failures come in.
CREATE TABLE sign_in_failures (
  id        ${identity},
  throttle_key VARCHAR(300) NOT NULL,
  failed_at BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (throttle_key, failed_at);
CREATE INDEX sign_in_failures_time ON sign_in_failures (failed_at);
