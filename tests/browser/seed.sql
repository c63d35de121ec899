-- The browser test's data (tests/browser/review_flow.mjs): two townships of 陕州区,
-- 大营镇 (411203100) and 原店镇 (411203101), two match runs, and clues of every rule in
-- several states, written the way the matcher writes them (matcher/run/clue_row.h).
-- Users are added by the test itself with `xmatch users add`.
--
-- Clue ids are fixed so the test can name them: 1-5 in 大营镇, 6-7 in 原店镇.
-- The county and the two townships have names (regions, schemas/sql/0012); the villages
-- do not, so the pages show their codes.

INSERT INTO regions (code, name, city_name)
VALUES ('411203', '陕州区', '三门峡市'), ('411203100', '大营镇', NULL),
       ('411203101', '原店镇', NULL);

INSERT INTO match_runs (id, run_date, mode, status, started_at, finished_at, counts)
VALUES (1, current_date - 1, 'full', 'succeeded', now() - interval '1 day',
        now() - interval '1 day' + interval '3 minutes', '{"deceased": {"clues": 2, "new": 2}, "imprisoned": {"clues": 1, "new": 1}}'),
       (2, current_date, 'incremental', 'succeeded', now() - interval '2 hours',
        now() - interval '2 hours' + interval '40 seconds', '{"deceased": {"clues": 3, "new": 2}, "imprisoned": {"clues": 2, "new": 1}}');
SELECT setval('match_runs_id_seq', 2);

INSERT INTO roll_members (member_id, household_id, id_number, id_token, token_key, key_version,
                          name, program, region_code, enrolled_on, monthly_amount, status)
SELECT member_id, household_id, id_number,
       encode(sha256(convert_to(id_number, 'UTF8')), 'hex'),
       xmatch_token_key(encode(sha256(convert_to(id_number, 'UTF8')), 'hex')), 1, name, program,
       region_code,
       enrolled_on::date, monthly_amount, 'active'
FROM (VALUES
  ('M0101', 'H0101', '411203194803121048', '张秀英', 'dibao_rural',      '411203100001', '2021-03-01', 420.00),
  ('M0102', 'H0102', '411203195607212035', '王建国', 'dibao_rural',      '411203100001', '2022-01-01', 650.50),
  ('M0103', 'H0103', '41120319491105302X', '李桂兰', 'tekun_dispersed',  '411203100002', '2020-07-01', 980.00),
  ('M0104', 'H0104', '411203196202184085', '陈玉梅', 'dibao_rural',      '411203100002', '2023-05-01', 420.00),
  ('M0108', 'H0108', '411203196202184085', '陈玉梅', 'tekun_dispersed',  '411203100003', '2024-02-01', 980.00),
  ('M0105', 'H0105', '411203194009091152', '赵志强', 'dibao_rural',      '411203100003', '2019-09-01', 420.00),
  ('M0201', 'H0201', '411203193701012268', '杨春花', 'dibao_rural',      '411203101001', '2018-04-01', 420.00),
  ('M0202', 'H0202', '411203197006063336', '周国庆', 'dibao_urban',      '411203101001', '2022-08-01', 650.50)
) AS m (member_id, household_id, id_number, name, program, region_code, enrolled_on, monthly_amount);

INSERT INTO clues (id, clue_key, rule, rule_version, member_id, household_id, region_code,
                   program, overpaid_periods, overpaid_amount, evidence, evidence_hash, status,
                   dismiss_reason, first_run_id, last_run_id)
SELECT id, rule || ':' || member_id || ':' || id, rule, '2026.1', member_id, household_id,
       region_code, program, periods, amount, evidence::jsonb,
       encode(sha256(convert_to(evidence, 'UTF8')), 'hex'), status, dismiss_reason, first_run,
       2
FROM (VALUES
  (1, 'deceased', 'M0101', 'H0101', '411203100001', 'dibao_rural', 3, 1260.00,
   '{"rule": "deceased", "rule_version": "2026.1",
     "records": [{"source": "public_security", "record_id": "PS-2026-0001", "kind": "death",
                  "death_date": "2026-06-14",
                  "origin": {"topic": "public_security.records", "partition": 0, "offset": 41}},
                 {"source": "health", "record_id": "HC-2026-0107", "kind": "death_certificate",
                  "death_date": "2026-06-14",
                  "origin": {"file": "health-2026-06.jsonl", "line": 7}}],
     "overpaid": [{"period": "2026-07", "amount": "420.00"}, {"period": "2026-08", "amount": "420.00"},
                  {"period": "2026-09", "amount": "420.00"}]}',
   'new', NULL, 2),
  (2, 'imprisoned', 'M0102', 'H0102', '411203100001', 'dibao_rural', 2, 1301.00,
   '{"rule": "imprisoned", "rule_version": "2026.1",
     "records": [{"source": "justice", "record_id": "SF-2026-0033", "kind": "imprisonment",
                  "start_date": "2026-03-02", "expected_release": "2028-03-01",
                  "origin": {"topic": "justice.records", "partition": 1, "offset": 12}}],
     "overpaid": [{"period": "2026-04", "amount": "650.50"}, {"period": "2026-05", "amount": "650.50"}]}',
   'new', NULL, 1),
  (3, 'pension_income', 'M0103', 'H0103', '411203100002', 'tekun_dispersed', 2, 1960.00,
   '{"rule": "pension_income", "rule_version": "2026.1",
     "records": [{"source": "pension", "record_id": "RS-2026-05-88", "kind": "pension_payment",
                  "period": "2026-05", "amount": "1850.00", "scheme": "enterprise_employee",
                  "origin": {"topic": "pension.records", "partition": 0, "offset": 903}},
                 {"source": "pension", "record_id": "RS-2026-06-88", "kind": "pension_payment",
                  "period": "2026-06", "amount": "1850.00", "scheme": "enterprise_employee",
                  "origin": {"topic": "pension.records", "partition": 0, "offset": 1207}}],
     "overpaid": [{"period": "2026-05", "amount": "980.00"}, {"period": "2026-06", "amount": "980.00"}]}',
   'verifying', NULL, 1),
  (4, 'duplicate_enrollment', 'M0104', 'H0104', '411203100002', 'dibao_rural', 4, 1680.00,
   '{"rule": "duplicate_enrollment", "rule_version": "2026.1", "records": [],
     "overpaid": [{"period": "2026-03", "amount": "420.00"}, {"period": "2026-04", "amount": "420.00"},
                  {"period": "2026-05", "amount": "420.00"}, {"period": "2026-06", "amount": "420.00"}],
     "other_members": ["M0108"]}',
   'confirmed', NULL, 1),
  (5, 'deceased', 'M0105', 'H0105', '411203100003', 'dibao_rural', 0, 0.00,
   '{"rule": "deceased", "rule_version": "2026.1",
     "records": [{"source": "pension", "record_id": "RS-STOP-5521", "kind": "pension_stop",
                  "date": "2026-08-20", "reason": "death",
                  "origin": {"topic": "pension.records", "partition": 2, "offset": 77}}],
     "overpaid": []}',
   'dismissed', 'already_stopped', 1),
  (6, 'deceased', 'M0201', 'H0201', '411203101001', 'dibao_rural', 2, 840.00,
   '{"rule": "deceased", "rule_version": "2026.1",
     "records": [{"source": "public_security", "record_id": "PS-2026-0412", "kind": "deregistration",
                  "date": "2026-07-03", "reason": "death",
                  "origin": {"topic": "public_security.records", "partition": 1, "offset": 5}}],
     "overpaid": [{"period": "2026-08", "amount": "420.00"}, {"period": "2026-09", "amount": "420.00"}]}',
   'new', NULL, 2),
  (7, 'imprisoned', 'M0202', 'H0202', '411203101001', 'dibao_urban', 1, 650.50,
   '{"rule": "imprisoned", "rule_version": "2026.1",
     "records": [{"source": "public_security", "record_id": "PS-DET-0090", "kind": "detention",
                  "start_date": "2026-05-01", "end_date": "2026-06-30",
                  "origin": {"topic": "public_security.records", "partition": 0, "offset": 230}}],
     "overpaid": [{"period": "2026-05", "amount": "650.50"}]}',
   'new', NULL, 2)
) AS c (id, rule, member_id, household_id, region_code, program, periods, amount, evidence,
        status, dismiss_reason, first_run);
SELECT setval('clues_id_seq', 7);

INSERT INTO clue_events (clue_id, at, actor, action, from_status, to_status, run_id)
SELECT id, created_at, 'matcher', 'created', NULL, 'new', first_run_id FROM clues;
INSERT INTO clue_events (clue_id, actor, action, from_status, to_status, note)
VALUES (3, 'dy_staff', 'start_verification', 'new', 'verifying', NULL),
       (4, 'dy_staff', 'start_verification', 'new', 'verifying', NULL),
       (4, 'dy_staff', 'confirm', 'verifying', 'confirmed', '入户核实：同一人同时享受农村低保和分散供养特困'),
       (5, 'dy_staff', 'dismiss', 'new', 'dismissed', '该对象已于 2026 年 8 月停发');
