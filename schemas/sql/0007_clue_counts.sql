-- xmatch schema, version 7: what the review queue needs to answer fast with 1,000,000
-- clues (review/clue_queue.h, bench/review_load.sh).
--
-- clue_count_deltas: the number of clues per (township, status, rule), kept exact by the
-- triggers below in the transaction of every change to clues, whoever makes it (matcher,
-- review actions, SQL by hand). The queue's counts sum these rows instead of counting a
-- million clues. Rows are only ever inserted (+n / -n), never updated, so concurrent
-- writers never wait for each other or deadlock on a counter row; now and then a writer
-- folds the rows into one per key (clue_count_compact), under an advisory lock so that
-- only one transaction folds at a time. Readers see exactly the clues of their snapshot.
CREATE TABLE clue_count_deltas (
  township_code text NOT NULL,
  county_code   text NOT NULL,
  status        text NOT NULL,
  rule          text NOT NULL,
  n             bigint NOT NULL
);
CREATE INDEX clue_count_deltas_township ON clue_count_deltas (township_code);
CREATE INDEX clue_count_deltas_county ON clue_count_deltas (county_code);

INSERT INTO clue_count_deltas (township_code, county_code, status, rule, n)
SELECT township_code, county_code, status, rule, count(*)
FROM clues GROUP BY township_code, county_code, status, rule;

-- One row per key; keys whose clues are all gone disappear.
CREATE FUNCTION clue_count_compact() RETURNS void LANGUAGE sql AS $$
  WITH folded AS (DELETE FROM clue_count_deltas RETURNING *)
  INSERT INTO clue_count_deltas (township_code, county_code, status, rule, n)
  SELECT township_code, county_code, status, rule, sum(n)
  FROM folded GROUP BY township_code, county_code, status, rule HAVING sum(n) <> 0;
$$;

CREATE FUNCTION clue_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO clue_count_deltas (township_code, county_code, status, rule, n)
  SELECT township_code, county_code, status, rule, count(*)
  FROM inserted_clues GROUP BY township_code, county_code, status, rule;
  RETURN NULL;
END $$;

CREATE FUNCTION clue_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO clue_count_deltas (township_code, county_code, status, rule, n)
  SELECT township_code, county_code, status, rule, -count(*)
  FROM deleted_clues GROUP BY township_code, county_code, status, rule;
  RETURN NULL;
END $$;

-- Per row, but only for rows whose key changed (the WHEN clause): the matcher's updates
-- of run ids and evidence over all clues call nothing.
CREATE FUNCTION clue_count_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO clue_count_deltas (township_code, county_code, status, rule, n)
  VALUES (OLD.township_code, OLD.county_code, OLD.status, OLD.rule, -1),
         (NEW.township_code, NEW.county_code, NEW.status, NEW.rule, 1);
  RETURN NULL;
END $$;

-- About one statement in 64 that changes clues folds the deltas, unless another
-- transaction is folding (the try-lock): the rows stay few, no writer ever waits.
CREATE FUNCTION clue_count_maybe_compact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF random() < 1.0 / 64 AND pg_try_advisory_xact_lock(hashtext('clue_count_compact')) THEN
    PERFORM clue_count_compact();
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION clue_count_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM clue_count_deltas;
  RETURN NULL;
END $$;

CREATE TRIGGER clue_count_insert AFTER INSERT ON clues
  REFERENCING NEW TABLE AS inserted_clues
  FOR EACH STATEMENT EXECUTE FUNCTION clue_count_inserted();
CREATE TRIGGER clue_count_delete AFTER DELETE ON clues
  REFERENCING OLD TABLE AS deleted_clues
  FOR EACH STATEMENT EXECUTE FUNCTION clue_count_deleted();
CREATE TRIGGER clue_count_update AFTER UPDATE ON clues
  FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.rule IS DISTINCT FROM NEW.rule OR
        OLD.region_code IS DISTINCT FROM NEW.region_code)
  EXECUTE FUNCTION clue_count_moved();
CREATE TRIGGER clue_count_compact AFTER INSERT OR UPDATE OR DELETE ON clues
  FOR EACH STATEMENT EXECUTE FUNCTION clue_count_maybe_compact();
CREATE TRIGGER clue_count_truncate AFTER TRUNCATE ON clues
  FOR EACH STATEMENT EXECUTE FUNCTION clue_count_truncated();

-- The created_* sorts order by (created_at, id): these serve them, a date range, and the
-- default page, for a township and for a county, without sorting. The included columns
-- let the queue's filters and its capped counts be answered from the index alone.
CREATE INDEX clues_township_created ON clues (township_code, created_at DESC, id DESC)
  INCLUDE (status, rule, overpaid_amount, first_run_id);
CREATE INDEX clues_county_created ON clues (county_code, created_at DESC, id DESC)
  INCLUDE (status, rule, overpaid_amount, first_run_id);
-- A status filter with the amount order: the page without visiting skipped rows.
CREATE INDEX clues_township_status_amount ON clues (township_code, status, overpaid_amount DESC, id DESC);
CREATE INDEX clues_county_status_amount ON clues (county_code, status, overpaid_amount DESC, id DESC);
