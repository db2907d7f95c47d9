-- Segments a marketer builds in the admin page (or the API) and saves under a name: a built-in segment
-- ("custom" for a plain filter tree) and the parameters that make it theirs. Campaigns name one as
-- saved:<id> and read its definition at each run, so an edit reaches every campaign that uses it.
-- Instants are epoch milliseconds.
CREATE TABLE saved_segments (
  id          ${identity},
  name        VARCHAR(100) NOT NULL UNIQUE,
  description VARCHAR(500),
  base        VARCHAR(60) NOT NULL,
  -- a JSON object of the base segment's parameters, e.g. {"filter": {...}}
  params      TEXT NOT NULL,
  version     INTEGER NOT NULL,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  updated_by  VARCHAR(100)
);
