-- The SQL baseline's setup: the helper objects and the indexes a database engineer would
-- add for the four rule queries in rules.sql. Timed apart from the run ("SQL setup").
-- The benchmark has run VACUUM (ANALYZE) on the three input tables before this, for both
-- engines (visibility maps for index-only scans, fresh statistics).

-- A clue key part, escaped as matcher/clue.h MakeClueKey does: '\' and ':' get a '\'.
CREATE OR REPLACE FUNCTION sql_clue_part(text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT replace(replace($1, '\', '\\'), ':', '\:') $$;

-- duplicate_enrollment: programs that may not be held together (the default
-- match.incompatible_programs), both orders.
DROP TABLE IF EXISTS sql_incompatible_programs;
CREATE TABLE sql_incompatible_programs (a text NOT NULL, b text NOT NULL, PRIMARY KEY (a, b));
INSERT INTO sql_incompatible_programs
SELECT x, y
FROM (VALUES (1, 'dibao_urban'), (1, 'dibao_rural'), (1, 'tekun_centralized'),
             (1, 'tekun_dispersed'), (2, 'orphan'), (2, 'de_facto_orphan')) AS g1 (grp, x)
JOIN (VALUES (1, 'dibao_urban'), (1, 'dibao_rural'), (1, 'tekun_centralized'),
             (1, 'tekun_dispersed'), (2, 'orphan'), (2, 'de_facto_orphan')) AS g2 (grp, y)
  USING (grp)
WHERE x <> y;

-- deceased: the death evidence (a few per cent of all records), read index-only and in
-- token order, ready to merge with the roll's token index.
CREATE INDEX IF NOT EXISTS sql_dept_death ON dept_records (id_token)
  INCLUDE (event_date, source, record_id, kind)
  WHERE kind IN ('death', 'death_certificate')
     OR (kind IN ('deregistration', 'pension_stop') AND reason = 'death');

-- imprisoned: custody starts and releases, by person and date (the release lookup is
-- "the earliest release on or after the start").
CREATE INDEX IF NOT EXISTS sql_dept_custody ON dept_records (id_token, kind, event_date)
  INCLUDE (end_date, source, record_id)
  WHERE kind IN ('imprisonment', 'detention', 'release');

-- pension_income: pension payments by person and month with their amounts, index-only.
CREATE INDEX IF NOT EXISTS sql_dept_pension ON dept_records (id_token, event_date)
  INCLUDE (amount)
  WHERE kind = 'pension_payment';

-- The roll by person, covering what the joins read.
CREATE INDEX IF NOT EXISTS sql_roll_token ON roll_members (id_token)
  INCLUDE (member_id, program, status);

-- duplicate_enrollment: active rows by person, covering the conflict test.
CREATE INDEX IF NOT EXISTS sql_roll_active ON roll_members (id_token)
  INCLUDE (member_id, program, region_code)
  WHERE status = 'active';

-- A member's paid months with their amounts, index-only.
CREATE INDEX IF NOT EXISTS sql_payments_cover ON payments (member_id, period) INCLUDE (amount);
