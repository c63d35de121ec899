-- xmatch schema, version 16: token_key is written by whoever writes the token, and
-- checked; roll_members loses its unread generated region columns.
--
-- A stored generated column makes PostgreSQL form every row twice: a fifth of the server's
-- time in a COPY of the roll (perf, 1,000,000 members on this project's 2-core machine:
-- 2.75 s with token_key, township_code and county_code generated, 2.2 s with token_key
-- written and checked). The importers and the connectors send TokenKeyOfToken(token)
-- (common/token.h), the number xmatch_token_key computes; statements that change a token
-- in place (rolls/retokenize.cc, the connectors' rekey) call xmatch_token_key. The CHECK
-- keeps the two equal whoever writes a row, SQL by hand included, so the matcher's key is
-- never out of step with the token.
-- Nothing reads roll_members.township_code or county_code (the review pages filter
-- clues, whose own generated columns stay; 0015).
ALTER TABLE roll_members
  DROP COLUMN township_code,
  DROP COLUMN county_code,
  ALTER COLUMN token_key DROP EXPRESSION,
  ALTER COLUMN token_key SET NOT NULL,
  ADD CONSTRAINT roll_members_token_key_of_token CHECK (token_key = xmatch_token_key(id_token));
ALTER TABLE dept_records
  ALTER COLUMN token_key DROP EXPRESSION,
  ALTER COLUMN token_key SET NOT NULL,
  ADD CONSTRAINT dept_records_token_key_of_token CHECK (token_key = xmatch_token_key(id_token));
