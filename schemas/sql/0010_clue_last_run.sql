-- xmatch schema, version 10: a nightly run writes only the clues of the people it
-- re-examines.
--
-- clues.last_run_id is the latest run that examined the clue's person and raised the clue
-- again (or changed it). A full run examines everyone; an incremental run only the people
-- whose inputs changed, so a clue nobody touched keeps the run that last looked at it. It
-- is still current: every clue with evidence_gone = false holds as of the newest
-- succeeded run (match_runs). Until this version an incremental run moved last_run_id on
-- every clue, a write of the whole clue history each night (about 1 s for 12,000 clues,
-- minutes for a province's million), against the rule that a night's cost follows the
-- night's changes.
--
-- The index on last_run_id had no reader; it made each of those updates a non-HOT update
-- (a new entry in all twenty indexes of the table). Fillfactor 90 leaves room in each page
-- for the HOT updates of last_run_id that full runs still make.
DROP INDEX clues_last_run;
ALTER TABLE clues SET (fillfactor = 90);
COMMENT ON COLUMN clues.last_run_id IS
  'the latest run that examined this clue''s person and raised it again or changed it';
