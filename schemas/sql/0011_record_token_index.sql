-- xmatch schema, version 11: department records lose their index on id_token.
--
-- A 64-character text key in random order is the dearest index a landed record pays for:
-- COPYing 1,000,000 records into a table that holds 1,000,000 took 14.8-15.5 s with it
-- and 9.7-10.0 s without (psql on this project's 2-core machine), a third of the
-- connectors' landing cost. Every reader that looked a person's records up by id_token
-- now goes through token_key (0006: the token's first 8 bytes, indexed by the two partial
-- indexes dept_records_evidence_key and dept_records_pension_key, which between them hold
-- every record) and then compares id_token.
DROP INDEX dept_records_token;
