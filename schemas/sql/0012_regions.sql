-- xmatch schema, version 12: the names of the administrative divisions, so that the
-- review pages, the monthly report and the ledger show 三门峡市, 陕州区, 甘棠街道 where
-- the clues and the roll carry only codes.
--
-- One row per division code (GB/T 2260 and the statistics bureau's division codes):
--   code       6 digits (a county, or a prefecture-level city such as 411200 三门峡市),
--              9 digits (a township / 乡镇 / 街道) or 12 digits (a village / 村（居）委会);
--              the same prefixes as roll_members.region_code, clues.township_code and
--              clues.county_code, so a name is found by a primary-key lookup.
--   name       the division's name as staff write it: 陕州区, 甘棠街道, 尤家湾村委会.
--   city_name  on a county row only: the prefecture-level city the ledger's 省辖市 column
--              names (三门峡市); NULL when unknown, and the ledger then uses the row of the
--              city's own code (the county code's first 4 digits and 00), else that code.
--   updated_at when the row was last inserted or changed.
-- Filled by `xmatch regions import FILE.csv` (code,name; rolls/region_import.h) and by
-- `xmatch demo` from config/divisions/counties.json. A code without a row is shown as the
-- code itself. Nothing references this table: names can be loaded before or after the
-- roll, and a renamed division is one upsert.
CREATE TABLE regions (
  code        text PRIMARY KEY
              CHECK (code ~ '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$'),
  name        text NOT NULL CHECK (name <> ''),
  city_name   text CHECK (city_name IS NULL OR (city_name <> '' AND length(code) = 6)),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE regions IS
  'names of division codes (6-digit county or city, 9-digit township, 12-digit village)';
COMMENT ON COLUMN regions.city_name IS
  'county rows: the prefecture-level city (the ledger''s 省辖市)';
