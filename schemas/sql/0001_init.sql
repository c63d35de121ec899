-- xmatch schema, version 1: the tables the whole product needs.
--
-- Change tracking for the incremental matcher: every row the matcher reads carries
-- change_xid, the id of the transaction that last inserted or changed it. A run records
-- the xmin of its snapshot; the next run reads rows with change_xid >= that xmin. No
-- transaction below a snapshot's xmin can still commit, so no change is missed, whatever
-- the commit order of concurrent imports and connectors.

-- Assistance roll (CONTRACT §1.1). Personal data: id_number is the canonical 18-character
-- resident ID; id_token is its HMAC under key_version (CONTRACT §1.5), the join key.
CREATE TABLE roll_members (
  member_id       text PRIMARY KEY,
  household_id    text NOT NULL,
  id_number       text NOT NULL CHECK (id_number ~ '^[0-9]{17}[0-9X]$'),
  id_token        text NOT NULL CHECK (id_token ~ '^[0-9a-f]{64}$'),
  key_version     integer NOT NULL,
  name            text NOT NULL,
  program         text NOT NULL CHECK (program IN (
                    'dibao_urban', 'dibao_rural', 'tekun_centralized', 'tekun_dispersed',
                    'orphan', 'de_facto_orphan', 'disability_living', 'disability_care',
                    'elderly_allowance', 'temp_relief')),
  region_code     text NOT NULL CHECK (region_code ~ '^[0-9]{12}$'),
  township_code   text GENERATED ALWAYS AS (substr(region_code, 1, 9)) STORED,
  county_code     text GENERATED ALWAYS AS (substr(region_code, 1, 6)) STORED,
  enrolled_on     date NOT NULL,
  monthly_amount  numeric(12, 2) NOT NULL,
  status          text NOT NULL CHECK (status IN ('active', 'suspended', 'exited')),
  exited_on       date,
  change_xid      xid8 NOT NULL DEFAULT pg_current_xact_id(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX roll_members_token ON roll_members (id_token);
CREATE INDEX roll_members_township ON roll_members (township_code);
CREATE INDEX roll_members_change ON roll_members (change_xid);

-- Payments (CONTRACT §1.2): one row per member and month paid. period is the first day
-- of the month paid for.
CREATE TABLE payments (
  member_id   text NOT NULL,
  period      date NOT NULL CHECK (extract(day FROM period) = 1),
  amount      numeric(12, 2) NOT NULL,
  paid_on     date NOT NULL,
  change_xid  xid8 NOT NULL DEFAULT pg_current_xact_id(),
  PRIMARY KEY (member_id, period)
);
CREATE INDEX payments_change ON payments (change_xid);

-- Department records (CONTRACT §1.3), minimized: the person is held by token only; the
-- raw ID number of a department record is never stored. The typed columns are what the
-- rules read; `fields` keeps the kind's fields and the optional fields the agreement
-- allows, exactly as received. Where the record came from: a Kafka topic/partition/offset
-- or a file and line.
CREATE TABLE dept_records (
  source            text NOT NULL CHECK (source IN ('public_security', 'justice', 'health', 'pension')),
  record_id         text NOT NULL,
  kind              text NOT NULL,
  agreement_id      text NOT NULL,
  schema_version    integer NOT NULL,
  id_token          text NOT NULL CHECK (id_token ~ '^[0-9a-f]{64}$'),
  key_version       integer NOT NULL,
  event_date        date,            -- death_date, date, start_date, release_date; period's first day
  end_date          date,            -- end_date or expected_release
  amount            numeric(12, 2),  -- pension_payment amount
  reason            text,            -- deregistration/pension_stop reason, pension scheme
  fields            jsonb NOT NULL,
  origin_topic      text,
  origin_partition  integer,
  origin_offset     bigint,
  origin_file       text,
  origin_line       integer,
  received_at       timestamptz NOT NULL DEFAULT now(),
  change_xid        xid8 NOT NULL DEFAULT pg_current_xact_id(),
  PRIMARY KEY (source, record_id)
);
CREATE INDEX dept_records_token ON dept_records (id_token);
CREATE INDEX dept_records_change ON dept_records (change_xid);
CREATE INDEX dept_records_received ON dept_records (source, received_at);

-- Records that failed validation, never silently dropped. payload has any ID number
-- replaced by its token.
CREATE TABLE rejects (
  id                bigserial PRIMARY KEY,
  source            text,
  agreement_id      text,
  reason_code       text NOT NULL,
  reason            text NOT NULL,
  origin_topic      text,
  origin_partition  integer,
  origin_offset     bigint,
  origin_file       text,
  origin_line       integer,
  payload           text NOT NULL,
  received_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX rejects_kafka_origin ON rejects (origin_topic, origin_partition, origin_offset)
  WHERE origin_topic IS NOT NULL;
CREATE INDEX rejects_reason ON rejects (source, reason_code);

-- Fields dropped because the record's agreement does not allow them, counted.
CREATE TABLE dropped_fields (
  agreement_id  text NOT NULL,
  field         text NOT NULL,
  count         bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (agreement_id, field)
);

-- Kafka consumer positions, advanced in the same transaction as the records they cover.
-- next_offset is the offset of the next message to read (last landed offset + 1).
CREATE TABLE consumer_offsets (
  consumer_group  text NOT NULL,
  topic           text NOT NULL,
  partition       integer NOT NULL,
  next_offset     bigint NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, topic, partition)
);

-- Offsets that were no longer on the broker when we asked for them: data never landed.
CREATE TABLE offset_gaps (
  id              bigserial PRIMARY KEY,
  consumer_group  text NOT NULL,
  topic           text NOT NULL,
  partition       integer NOT NULL,
  from_offset     bigint NOT NULL,  -- first offset missing
  to_offset       bigint NOT NULL,  -- first offset available again (exclusive end)
  detected_at     timestamptz NOT NULL DEFAULT now()
);

-- One row per match run.
CREATE TABLE match_runs (
  id              bigserial PRIMARY KEY,
  run_date        date NOT NULL,
  mode            text NOT NULL CHECK (mode IN ('full', 'incremental')),
  shard           text,                -- 'K/N' when sharded
  status          text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
  started_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz,
  snapshot_xmin   xid8,                -- changes with change_xid >= this are for the next run
  counts          jsonb NOT NULL DEFAULT '{}',  -- per rule: clues, new, reopened, amounts
  timings         jsonb NOT NULL DEFAULT '{}',  -- per phase, milliseconds
  data_as_of      jsonb NOT NULL DEFAULT '{}',  -- per source: newest record received
  error           text
);

-- Candidate clues (CONTRACT §3). clue_key is the stable identity: rule, roll row and the
-- evidence that defines the clue, so re-running the same data finds the same row.
CREATE TABLE clues (
  id                bigserial PRIMARY KEY,
  clue_key          text NOT NULL UNIQUE,
  rule              text NOT NULL CHECK (rule IN ('deceased', 'imprisoned', 'pension_income', 'duplicate_enrollment')),
  rule_version      text NOT NULL,
  member_id         text NOT NULL,
  household_id      text NOT NULL,
  region_code       text NOT NULL,
  township_code     text GENERATED ALWAYS AS (substr(region_code, 1, 9)) STORED,
  county_code       text GENERATED ALWAYS AS (substr(region_code, 1, 6)) STORED,
  program           text NOT NULL,
  overpaid_periods  integer NOT NULL,
  overpaid_amount   numeric(14, 2) NOT NULL,
  evidence          jsonb NOT NULL,
  evidence_hash     text NOT NULL,     -- changes when the evidence changes
  evidence_gone     boolean NOT NULL DEFAULT false,  -- its evidence no longer holds
  status            text NOT NULL DEFAULT 'new' CHECK (status IN (
                      'new', 'verifying', 'confirmed', 'dismissed', 'rectified', 'transferred')),
  dismiss_reason    text,
  measures          text,
  deadline          date,
  recovered_amount  numeric(14, 2),
  first_run_id      bigint NOT NULL REFERENCES match_runs (id),
  last_run_id       bigint NOT NULL REFERENCES match_runs (id),
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX clues_township_status ON clues (township_code, status, id DESC);
CREATE INDEX clues_county_status ON clues (county_code, status, id DESC);
CREATE INDEX clues_rule_status ON clues (rule, status);
CREATE INDEX clues_member ON clues (member_id);
CREATE INDEX clues_last_run ON clues (last_run_id);

-- The history of every clue: created, reopened, evidence gone, each staff action.
CREATE TABLE clue_events (
  id           bigserial PRIMARY KEY,
  clue_id      bigint NOT NULL REFERENCES clues (id),
  at           timestamptz NOT NULL DEFAULT now(),
  actor        text NOT NULL,        -- a username, or 'matcher'
  action       text NOT NULL,
  from_status  text,
  to_status    text,
  note         text,
  details      jsonb NOT NULL DEFAULT '{}',
  run_id       bigint REFERENCES match_runs (id)
);
CREATE INDEX clue_events_clue ON clue_events (clue_id, id);

-- Staff accounts for the review pages. region_codes: township (9-digit) or county
-- (6-digit) codes the user may see.
CREATE TABLE users (
  id             bigserial PRIMARY KEY,
  username       text NOT NULL UNIQUE,
  display_name   text NOT NULL,
  role           text NOT NULL CHECK (role IN (
                   'township_staff', 'county_reviewer', 'discipline_liaison', 'it_admin', 'auditor')),
  region_codes   text[] NOT NULL DEFAULT '{}',
  password_hash  text NOT NULL,
  disabled       boolean NOT NULL DEFAULT false,
  failed_logins  integer NOT NULL DEFAULT 0,
  last_login_at  timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  token_hash    text PRIMARY KEY,     -- SHA-256 of the cookie value; the value itself is not stored
  user_id       bigint NOT NULL REFERENCES users (id),
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  ended_at      timestamptz
);

-- Append-only audit log. Each row carries the hash of the previous row, so a changed or
-- removed row breaks the chain (`xmatch audit verify`). Updates and deletes are refused.
CREATE TABLE audit_log (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT now(),
  actor        text NOT NULL,
  actor_role   text,
  action       text NOT NULL,
  object_type  text,
  object_id    text,
  region_code  text,
  details      jsonb NOT NULL DEFAULT '{}',
  prev_hash    text NOT NULL,
  row_hash     text NOT NULL
);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
