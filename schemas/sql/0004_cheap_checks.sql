-- xmatch schema, version 4: cheaper CHECK constraints on the rows written by the million.
--
-- The regular-expression checks of 0001 cost 5 to 10 microseconds per row and column, most
-- of the time of a roll import (a million rows) and of landing department records.
-- Every writer validates these columns fully before it writes (rolls/roll_row.cc: ResidentId
-- with its check character, 12-digit region codes; tokens are made by common/token.h or
-- checked with LooksLikeToken and lowercased by connectors/record_parser.cc), and a regular
-- expression could not check an ID's check character anyway. What stays in the database is
-- the cheap part, the length in bytes: it still catches a shifted column or a value of the
-- wrong kind (an ID number where a token belongs), at about 0.2 microseconds per row.
-- Measured on 1M rows (id_number and id_token together): regex 19 us/row; length + `!~
-- '[^...]'` 3 us/row; ltrim/translate 9-13 us/row; octet_length only 0.4 us/row.

ALTER TABLE roll_members
  DROP CONSTRAINT roll_members_id_number_check,
  DROP CONSTRAINT roll_members_id_token_check,
  DROP CONSTRAINT roll_members_region_code_check,
  ADD CONSTRAINT roll_members_id_number_length CHECK (octet_length(id_number) = 18),
  ADD CONSTRAINT roll_members_id_token_length CHECK (octet_length(id_token) = 64),
  ADD CONSTRAINT roll_members_region_code_length CHECK (octet_length(region_code) = 12);

ALTER TABLE dept_records
  DROP CONSTRAINT dept_records_id_token_check,
  ADD CONSTRAINT dept_records_id_token_length CHECK (octet_length(id_token) = 64);
