-- Token key rotation (CONTRACT §1.5; docs/runbook.md "Rotate token keys").
--
-- Department records are stored with a token only, so they cannot be re-tokenized from
-- the ID; roll rows can. While an old and a new key version are both loaded,
-- `xmatch roll retokenize` (and `xmatch roll import`) put the roll under the newest
-- version and keep here, for every person on the roll, the person's token under each
-- older loaded version next to the token the roll now carries. Records that carry an
-- older token of a person on the roll are re-keyed through this table, both those
-- already stored (by the retokenize) and those landing afterwards (by the connectors, in
-- the landing transaction). So every record of a person on the roll carries the roll's
-- token and key version, and the match joins them as before. Only keyed tokens are
-- here, never an ID number or a key. A version that is no longer loaded at the next
-- retokenize loses its rows (the old key is retired).
CREATE TABLE token_aliases (
  from_version  integer NOT NULL,
  from_token    text NOT NULL CHECK (octet_length(from_token) = 64),
  to_version    integer NOT NULL,
  to_token      text NOT NULL CHECK (octet_length(to_token) = 64),
  PRIMARY KEY (from_version, from_token)
);

