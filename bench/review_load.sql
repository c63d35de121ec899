-- The load benchmark's data (bench/review_load.sh): 1,000,000 roll rows and one clue for
-- each, over the 20 townships 411203100-411203119 of 陕州区 (50,000 clues each), every rule
-- and status, created over the last year, all from one successful run. Names are drawn
-- from common surnames and given names; ID numbers are synthetic (not valid check
-- characters) and tokens are stand-ins: nothing here is matched, only listed.
INSERT INTO match_runs (id, run_date, mode, status, finished_at)
VALUES (1, current_date, 'full', 'succeeded', now());
SELECT setval('match_runs_id_seq', 1);

INSERT INTO roll_members (member_id, household_id, id_number, id_token, token_key,
                          key_version, name, program, region_code, enrolled_on,
                          monthly_amount, status)
SELECT 'M' || lpad(g::text, 7, '0'),
       'H' || lpad((g / 3)::text, 7, '0'),
       '41120319' || lpad(g::text, 10, '0'),
       md5(g::text) || md5((-g)::text),
       xmatch_token_key(md5(g::text) || md5((-g)::text)),
       1,
       (ARRAY['王','李','张','刘','陈','杨','赵','黄','周','吴','徐','孙','胡','朱','高','林','何','郭','马','罗'])[1 + g % 20]
         || (ARRAY['秀英','建国','桂兰','玉梅','志强','春花','国庆','淑珍','文华','丽娟','红梅','德明',
                   '桂芳','海燕','永刚','金凤','晓东','玉兰','长青','素芳','卫东','凤英','建华','秋菊',
                   '明亮','翠花','振华','月娥','宏伟','喜梅'])[1 + (g / 20) % 30],
       (ARRAY['dibao_rural', 'dibao_urban', 'tekun_dispersed', 'tekun_centralized'])[1 + g % 4],
       '411203' || (100 + g % 20)::text || lpad((1 + (g / 20) % 15)::text, 3, '0'),
       date '2018-01-01' + (g % 2500),
       (ARRAY[420.00, 650.50, 980.00, 1230.00])[1 + g % 4],
       'active'
FROM generate_series(1, 1000000) AS g;

INSERT INTO clues (clue_key, rule, rule_version, member_id, household_id, region_code, program,
                   overpaid_periods, overpaid_amount, evidence, evidence_hash, status,
                   first_run_id, last_run_id, created_at, updated_at)
SELECT 'bench:' || m.member_id,
       (ARRAY['deceased', 'imprisoned', 'pension_income', 'duplicate_enrollment'])[1 + n % 4],
       '2026.1', m.member_id, m.household_id, m.region_code, m.program,
       n % 12, (n % 12) * m.monthly_amount,
       '{"rule_version": "2026.1", "records": [], "overpaid": []}',
       md5(m.member_id) || md5(m.household_id),
       (ARRAY['new', 'new', 'new', 'verifying', 'confirmed', 'dismissed', 'rectified', 'transferred'])[1 + (n / 7) % 8],
       1, 1,
       now() - (1000000 - n) * interval '31.5 seconds',  -- ids grow with time, as runs add them
       now()
FROM (SELECT m.*, substr(m.member_id, 2)::bigint AS n FROM roll_members m) AS m;

ANALYZE roll_members;
ANALYZE clues;
