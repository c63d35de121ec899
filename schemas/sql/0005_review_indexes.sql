-- xmatch schema, version 5: indexes for the review queue (review/clue_queue.h), measured
-- with 1,000,000 clues by bench/review_queue_bench.cc.
--
-- Counts by status and rule come from index-only scans of (region, status, rule). A page
-- in creation (id), amount or overpaid-months order is read off (region, key, id) without
-- sorting, and without touching the heap for the rows skipped by OFFSET.
CREATE INDEX clues_township_counts ON clues (township_code, status, rule);
CREATE INDEX clues_county_counts ON clues (county_code, status, rule);
CREATE INDEX clues_township_order ON clues (township_code, id DESC);
CREATE INDEX clues_county_order ON clues (county_code, id DESC);
CREATE INDEX clues_township_amount ON clues (township_code, overpaid_amount DESC, id DESC);
CREATE INDEX clues_county_amount ON clues (county_code, overpaid_amount DESC, id DESC);
CREATE INDEX clues_township_periods ON clues (township_code, overpaid_periods DESC, id DESC);
CREATE INDEX clues_county_periods ON clues (county_code, overpaid_periods DESC, id DESC);
