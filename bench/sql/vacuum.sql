-- After loading, before either engine runs: what autovacuum would do given time.
-- Visibility maps (index-only scans) and hint bits, and fresh planner statistics.
VACUUM (ANALYZE) roll_members;
VACUUM (ANALYZE) payments;
VACUUM (ANALYZE) dept_records;
