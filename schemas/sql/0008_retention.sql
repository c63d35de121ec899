-- xmatch schema, version 8: the retention purge (`xmatch serve`, nightly/retention_purge.h).
--
-- Department records older than their agreement's retention_days are deleted. A purged
-- record is not a withdrawn one: the department did not take it back, we only stopped
-- keeping it. The matcher must tell the two apart, because a clue citing a record that
-- was withdrawn lost its evidence, while a clue citing a purged record keeps the
-- evidence it was raised on (clues.evidence holds the record's facts). purged_records
-- remembers which records left by retention: source and record_id only, no person.
CREATE TABLE purged_records (
  source        text NOT NULL,
  record_id     text NOT NULL,
  agreement_id  text NOT NULL,
  received_at   timestamptz NOT NULL,  -- when the record had landed
  purged_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source, record_id)
);
