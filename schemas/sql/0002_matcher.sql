-- xmatch schema, version 2: what the incremental matcher needs beyond change_xid.
--
-- An incremental run recomputes only the people touched since the previous successful
-- run: rows with change_xid >= that run's snapshot_xmin (see 0001). Three things do not
-- show in change_xid, and this migration makes them visible:
--   1. an UPDATE that forgets to set change_xid: a trigger moves it on every update;
--   2. a DELETE (retention purges, withdrawn records, removed payments) and a row that
--      moves to another person (a corrected ID): match_changes keeps the person's token or
--      the roll row's member_id, with the xid of the deleting transaction;
--   3. a TRUNCATE: match_changes gets an `everything` row, and the next run is full.
-- Each successful run prunes match_changes below its own snapshot_xmin.

CREATE TABLE match_changes (
  id          bigserial PRIMARY KEY,
  change_xid  xid8 NOT NULL DEFAULT pg_current_xact_id(),
  id_token    text,     -- a person who lost a roll row or a department record
  member_id   text,     -- a roll row that lost payments, or was removed
  everything  boolean NOT NULL DEFAULT false  -- a table was truncated: recompute all
);
CREATE INDEX match_changes_xid ON match_changes (change_xid);

-- 1. change_xid moves with every update, whoever writes the row. (Writers update only
-- rows whose values differ, so this costs no extra matching.)
CREATE FUNCTION match_touch_change_xid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_xid := pg_current_xact_id();
  RETURN NEW;
END;
$$;
CREATE TRIGGER roll_members_touch BEFORE UPDATE ON roll_members
  FOR EACH ROW EXECUTE FUNCTION match_touch_change_xid();
CREATE TRIGGER payments_touch BEFORE UPDATE ON payments
  FOR EACH ROW EXECUTE FUNCTION match_touch_change_xid();
CREATE TRIGGER dept_records_touch BEFORE UPDATE ON dept_records
  FOR EACH ROW EXECUTE FUNCTION match_touch_change_xid();

-- 2. Removed rows and rows that left their person. Statement-level with transition
-- tables, so a purge of a million records costs one INSERT ... SELECT.
CREATE FUNCTION match_log_roll_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO match_changes (id_token, member_id) SELECT id_token, member_id FROM old_rows;
  ELSE
    INSERT INTO match_changes (id_token, member_id)
    SELECT o.id_token, o.member_id FROM old_rows o
    WHERE NOT EXISTS (SELECT 1 FROM new_rows n
                      WHERE n.member_id = o.member_id AND n.id_token = o.id_token);
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER roll_members_removed AFTER DELETE ON roll_members
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION match_log_roll_removed();
CREATE TRIGGER roll_members_moved AFTER UPDATE ON roll_members
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION match_log_roll_removed();

CREATE FUNCTION match_log_payments_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO match_changes (member_id) SELECT DISTINCT member_id FROM old_rows;
  ELSE
    INSERT INTO match_changes (member_id)
    SELECT DISTINCT o.member_id FROM old_rows o
    WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.member_id = o.member_id);
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER payments_removed AFTER DELETE ON payments
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION match_log_payments_removed();
CREATE TRIGGER payments_moved AFTER UPDATE ON payments
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION match_log_payments_removed();

CREATE FUNCTION match_log_records_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO match_changes (id_token) SELECT DISTINCT id_token FROM old_rows;
  ELSE
    INSERT INTO match_changes (id_token)
    SELECT DISTINCT o.id_token FROM old_rows o
    WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id_token = o.id_token);
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER dept_records_removed AFTER DELETE ON dept_records
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION match_log_records_removed();
CREATE TRIGGER dept_records_moved AFTER UPDATE ON dept_records
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION match_log_records_removed();

-- 3. TRUNCATE leaves no rows to name: the next run recomputes everything.
CREATE FUNCTION match_log_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO match_changes (everything) VALUES (true);
  RETURN NULL;
END;
$$;
CREATE TRIGGER roll_members_truncated AFTER TRUNCATE ON roll_members
  FOR EACH STATEMENT EXECUTE FUNCTION match_log_truncate();
CREATE TRIGGER payments_truncated AFTER TRUNCATE ON payments
  FOR EACH STATEMENT EXECUTE FUNCTION match_log_truncate();
CREATE TRIGGER dept_records_truncated AFTER TRUNCATE ON dept_records
  FOR EACH STATEMENT EXECUTE FUNCTION match_log_truncate();

-- Evidence that changes with the run date alone (CONTRACT §2): a death crossing the
-- 90-day line, open custody growing by a month. Incremental runs look these up by date.
CREATE INDEX dept_records_death_date ON dept_records (event_date)
  WHERE kind IN ('death', 'death_certificate')
     OR (kind IN ('deregistration', 'pension_stop') AND reason = 'death');
CREATE INDEX dept_records_custody_start ON dept_records (event_date)
  WHERE kind IN ('imprisonment', 'detention');

-- What a run's clues were computed with: an incremental run is only exact on top of a
-- run with the same rules and settings; otherwise the run is full.
ALTER TABLE match_runs ADD COLUMN rule_version text;
ALTER TABLE match_runs ADD COLUMN settings_hash text;
CREATE INDEX match_runs_succeeded ON match_runs (id) WHERE status = 'succeeded';
