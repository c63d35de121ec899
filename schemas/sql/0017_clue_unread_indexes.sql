-- xmatch schema, version 17: clues keeps only the indexes something reads. Every clue the
-- matcher creates enters each index of the table: about 5 µs per index and clue on the
-- 2-core development machine, three quarters of the INSERT (psql, 3,000 clues: 200-250
-- ms with the 15 non-unique indexes of version 16, 30-80 ms without).
-- (code, id DESC) and (code, status, id DESC), at both region levels, served the queue's
-- id order; since version 7 the queue sorts by (created_at, id) on (code, created_at,
-- id), which also takes a status filter from its INCLUDE columns, and nothing reads the
-- four (pg_stat_user_indexes after bench/review_load.sh and review_queue_bench: 0 scans).
-- (rule, status) served /metrics' clues by rule and status, which sums clue_count_deltas
-- instead (review/metrics.cc).
DROP INDEX clues_township_order;
DROP INDEX clues_county_order;
DROP INDEX clues_township_status;
DROP INDEX clues_county_status;
DROP INDEX clues_rule_status;
