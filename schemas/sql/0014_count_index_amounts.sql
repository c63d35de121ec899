-- xmatch schema, version 14: the (region, status, rule) indexes also carry the amount and
-- the first run, so that a queue filtered by status and amount (or new=1) counts its
-- first kCountCap + 1 clues (review/clue_queue.h) from the index alone. Without them the
-- count visited one heap page per clue: 12.8 ms for a township of 50,000 clues against
-- 0.9 ms, the slowest of the load benchmark's queries (bench/review_load.sh).
DROP INDEX clues_township_counts;
DROP INDEX clues_county_counts;
CREATE INDEX clues_township_counts ON clues (township_code, status, rule)
  INCLUDE (overpaid_amount, first_run_id);
CREATE INDEX clues_county_counts ON clues (county_code, status, rule)
  INCLUDE (overpaid_amount, first_run_id);
