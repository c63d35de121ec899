-- xmatch schema, version 6: a compact 64-bit person key beside every id_token, for the
-- matcher's full runs and its shards (matcher/run/input_loader.h, matcher/run/shard.h).
--
-- token_key is the token's first 8 bytes read big-endian (common/token.h TokenKey64, the
-- matcher's join key) minus 2^63, so that bigint order is the order of the unsigned key:
-- a shard K/N, or one reader's slice of a full run, is a plain range of token_key, read
-- off a btree index. Tokens are HMAC digests, so ranges of equal width hold equal shares.
--
-- A full run first reads only keys, from index-only scans (instead of the 64-character
-- tokens and every wide column of every record): the roll's token_keys, the token_keys
-- of department records other than pension payments (any of them may be evidence), and
-- the people whose pension payments for one month total more than the lowest pension
-- threshold. Only those people (and people on two roll rows) can raise a clue; the full
-- rows of just those people are fetched after (matcher/run/input_loader.h).
CREATE FUNCTION xmatch_token_key(token text) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN ('x' || substr(token, 1, 16))::bit(64)::bigint # (-9223372036854775807 - 1);

ALTER TABLE roll_members
  ADD COLUMN token_key bigint GENERATED ALWAYS AS (xmatch_token_key(id_token)) STORED;
ALTER TABLE dept_records
  ADD COLUMN token_key bigint GENERATED ALWAYS AS (xmatch_token_key(id_token)) STORED;
CREATE INDEX roll_members_token_key ON roll_members (token_key);
CREATE INDEX dept_records_evidence_key ON dept_records (token_key)
  WHERE kind <> 'pension_payment';
CREATE INDEX dept_records_pension_key ON dept_records (token_key, event_date) INCLUDE (amount)
  WHERE kind = 'pension_payment';

-- The person a clue belongs to (the token_key of its roll row when it was last raised):
-- a shard speaks only for the clues in its range. Clues of rows already gone keep NULL
-- and belong to shard 1.
ALTER TABLE clues ADD COLUMN token_key bigint;
UPDATE clues c SET token_key = r.token_key FROM roll_members r WHERE r.member_id = c.member_id;
CREATE INDEX clues_token_key ON clues (token_key);
