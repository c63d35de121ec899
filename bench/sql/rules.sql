-- The four rules of CONTRACT §2 in PostgreSQL 15 SQL: the baseline bench/match_bench
-- compares the in-memory matcher with. It lands one row per clue in sql_clues, with the
-- same clue_key as matcher/clue.h (rule:member_id[:anchor...]), the same overpaid_periods
-- and overpaid_amount, the roll columns of the clues table and the evidence as jsonb.
--
-- Runs in psql as is:
--   psql -v run_date=2026-07-15 -v threshold_dibao=1000.00 -v threshold_tekun=1000.00 \
--        -f setup.sql -f rules.sql
--
-- How it is meant to run well: every department-record lookup is an index-only scan of a
-- partial covering index (setup.sql), in id_token order so that the joins with the roll's
-- token index can merge; payments are probed per candidate row through a covering
-- (member_id, period) index; the expensive parts (jsonb evidence, payments) are computed
-- only for rows that already matched. CREATE TABLE AS may use a parallel plan (INSERT ...
-- SELECT may not, in PostgreSQL 15).
SET max_parallel_workers_per_gather = 2;
SET work_mem = '256MB';
-- JIT compilation alone took ~4.7 s on this machine (measured at --scale 0.01, where the
-- whole query then runs in 0.36 s); the plan's time is in scans and joins, not in
-- expressions JIT could speed up.
SET jit = off;

DROP TABLE IF EXISTS sql_clues;

CREATE TABLE sql_clues AS
WITH
-- deceased: D = the earliest death date over all death evidence of the person; every
-- roll row of the person (any status); overpaid = paid months after D's month; raised
-- when there is one, or when the row is active and R - D > 90 days.
death AS (
  SELECT r.member_id, r.status, min(e.event_date) AS died_on,
         jsonb_agg(jsonb_build_object('source', e.source, 'record_id', e.record_id,
                                      'kind', e.kind, 'date', e.event_date)
                   ORDER BY e.source, e.record_id) AS evidence
  FROM roll_members r
  JOIN dept_records e ON e.id_token = r.id_token
  WHERE e.kind IN ('death', 'death_certificate')
     OR (e.kind IN ('deregistration', 'pension_stop') AND e.reason = 'death')
  GROUP BY r.member_id
),
deceased AS (
  SELECT 'deceased'::text AS rule, d.member_id,
         'deceased:' || sql_clue_part(d.member_id) AS clue_key,
         o.periods, o.amount, d.evidence
  FROM death d
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS periods, coalesce(sum(p.amount), 0) AS amount
    FROM payments p
    WHERE p.member_id = d.member_id
      AND p.period >= (date_trunc('month', d.died_on::timestamp) + interval '1 month')::date
  ) o
  WHERE o.periods > 0 OR (d.status = 'active' AND :'run_date'::date - d.died_on > 90)
),
-- imprisoned: custody intervals of the person — imprisonment until the earliest release
-- on or after its start (open: up to R), detention until end_date (open: up to R) —
-- and per roll row and interval the paid months lying wholly inside it, ends inclusive.
custody AS (
  SELECT r.member_id, s.source, s.record_id, s.kind, s.event_date AS start_date,
         CASE s.kind WHEN 'detention' THEN coalesce(s.end_date, :'run_date'::date)
                     ELSE coalesce(rel.event_date, :'run_date'::date) END AS end_date,
         rel.source AS release_source, rel.record_id AS release_id,
         rel.event_date AS release_date
  FROM roll_members r
  JOIN dept_records s ON s.id_token = r.id_token
  LEFT JOIN LATERAL (
    SELECT x.source, x.record_id, x.event_date
    FROM dept_records x
    WHERE s.kind = 'imprisonment' AND x.kind = 'release'
      AND x.id_token = s.id_token AND x.event_date >= s.event_date
    ORDER BY x.event_date, x.source, x.record_id
    LIMIT 1
  ) rel ON true
  WHERE s.kind IN ('imprisonment', 'detention')
),
imprisoned AS (
  SELECT 'imprisoned'::text AS rule, c.member_id,
         'imprisoned:' || sql_clue_part(c.member_id) || ':' || sql_clue_part(c.source) || ':'
           || sql_clue_part(c.record_id) AS clue_key,
         o.periods, o.amount,
         jsonb_build_array(jsonb_build_object('source', c.source, 'record_id', c.record_id,
                                              'kind', c.kind, 'date', c.start_date))
           || CASE WHEN c.release_id IS NULL THEN '[]'::jsonb
                   ELSE jsonb_build_array(jsonb_build_object(
                          'source', c.release_source, 'record_id', c.release_id,
                          'kind', 'release', 'date', c.release_date)) END AS evidence
  FROM custody c
  CROSS JOIN LATERAL (
    -- Month P lies wholly in [start, end] when P >= the first month starting on or after
    -- start and P <= the last month ending on or before end.
    SELECT count(*)::int AS periods, coalesce(sum(p.amount), 0) AS amount
    FROM payments p
    WHERE p.member_id = c.member_id
      AND p.period >= (date_trunc('month', (c.start_date - 1)::timestamp) + interval '1 month')::date
      AND p.period <= (date_trunc('month', (c.end_date + 1)::timestamp) - interval '1 month')::date
  ) o
  WHERE o.periods > 0
),
-- pension_income: dibao/tekun rows; months whose pension payments (all records, all
-- schemes) total more than the program group's threshold and that the row was paid for.
pension_month AS (
  -- Pension totals per person and month, only for people on the roll in those programs:
  -- the semi-join keeps the pension index's (id_token, event_date) order, so the totals
  -- stream out of a group aggregate without a sort or a hash table.
  SELECT e.id_token, e.event_date AS period, sum(e.amount) AS total
  FROM dept_records e
  WHERE e.kind = 'pension_payment'
    AND e.id_token IN (SELECT id_token FROM roll_members
                       WHERE program IN ('dibao_urban', 'dibao_rural', 'tekun_centralized',
                                         'tekun_dispersed'))
  GROUP BY e.id_token, e.event_date
  HAVING sum(e.amount) > least(:'threshold_dibao'::numeric, :'threshold_tekun'::numeric)
),
pension_rows AS (
  SELECT r.member_id, r.id_token, array_agg(m.period) AS months
  FROM pension_month m
  JOIN roll_members r ON r.id_token = m.id_token
  WHERE r.program IN ('dibao_urban', 'dibao_rural', 'tekun_centralized', 'tekun_dispersed')
    AND m.total > CASE WHEN r.program IN ('dibao_urban', 'dibao_rural')
                       THEN :'threshold_dibao'::numeric
                       ELSE :'threshold_tekun'::numeric END
  GROUP BY r.member_id, r.id_token
),
pension_income AS (
  SELECT 'pension_income'::text AS rule, m.member_id,
         'pension_income:' || sql_clue_part(m.member_id) AS clue_key,
         o.periods, o.amount,
         (SELECT jsonb_agg(jsonb_build_object('source', e.source, 'record_id', e.record_id,
                                              'kind', e.kind, 'period', e.event_date)
                           ORDER BY e.source, e.record_id)
          FROM dept_records e
          WHERE e.kind = 'pension_payment' AND e.id_token = m.id_token
            AND e.event_date = ANY (o.paid_months)) AS evidence
  FROM pension_rows m
  -- Payments probed per row through the (member_id, period) index: an aggregate keeps
  -- the planner from turning this into a join that scans all of payments.
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS periods, coalesce(sum(p.amount), 0) AS amount,
           array_agg(p.period) AS paid_months
    FROM payments p
    WHERE p.member_id = m.member_id AND p.period = ANY (m.months)
  ) o
  WHERE o.periods > 0
),
-- duplicate_enrollment: active rows of a person that are in different townships, in the
-- same program, or in incompatible programs; one clue per row naming the others (sorted
-- bytewise, as std::string compares); overpaid = its paid months another one was paid too.
active_shared AS (
  SELECT member_id, id_token, program, township_code
  FROM (SELECT member_id, id_token, program, substr(region_code, 1, 9) AS township_code,
               count(*) OVER (PARTITION BY id_token) AS rows_of_person
        FROM roll_members
        WHERE status = 'active') a
  WHERE rows_of_person > 1
),
conflicts AS (
  SELECT a.member_id,
         string_agg(sql_clue_part(b.member_id), ':' ORDER BY b.member_id COLLATE "C") AS others_key,
         array_agg(b.member_id ORDER BY b.member_id COLLATE "C") AS others
  FROM active_shared a
  JOIN active_shared b ON b.id_token = a.id_token AND b.member_id <> a.member_id
  WHERE a.township_code <> b.township_code
     OR a.program = b.program
     OR EXISTS (SELECT 1 FROM sql_incompatible_programs i WHERE i.a = a.program AND i.b = b.program)
  GROUP BY a.member_id
),
duplicate_enrollment AS (
  SELECT 'duplicate_enrollment'::text AS rule, c.member_id,
         'duplicate_enrollment:' || sql_clue_part(c.member_id) || ':' || c.others_key AS clue_key,
         o.periods, o.amount,
         jsonb_build_object('other_member_ids', to_jsonb(c.others)) AS evidence
  FROM conflicts c
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS periods, coalesce(sum(p.amount), 0) AS amount
    FROM payments p
    WHERE p.member_id = c.member_id
      AND EXISTS (SELECT 1 FROM payments q
                  WHERE q.member_id = ANY (c.others) AND q.period = p.period)
  ) o
),
found AS (
  SELECT * FROM deceased
  UNION ALL SELECT * FROM imprisoned
  UNION ALL SELECT * FROM pension_income
  UNION ALL SELECT * FROM duplicate_enrollment
)
SELECT f.clue_key, f.rule, f.member_id, r.household_id, r.region_code, r.program,
       f.periods AS overpaid_periods, f.amount::numeric(14, 2) AS overpaid_amount, f.evidence
FROM found f
JOIN roll_members r ON r.member_id = f.member_id;

-- clue_key is unique in the clues table; so it must be here.
ALTER TABLE sql_clues ADD PRIMARY KEY (clue_key);
