-- xmatch schema, version 15: roll_members keeps only the indexes something reads. Every
-- lookup of a roll row by token goes through the bigint token_key (roll_members_token_key,
-- 0006) and then compares the token (matcher/run/change_scope.h, kPersonInScope); the
-- review pages reach roll rows by member_id and filter clues, never roll rows, by
-- township. Building the two dropped indexes was 1.5 s of the server's 5 s in a first
-- import of 1,000,000 members (the 64-character token alone 1.2 s; bench/import_bench.cc).
DROP INDEX roll_members_token;
DROP INDEX roll_members_township;
