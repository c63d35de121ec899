#include "matcher/run/clue_writer.h"

#include <string>

#include "store/connection.h"
#include "store/copy_writer.h"

namespace xmatch::matcher {
namespace {

// $1 = run id, $2 = rule-set version.

// Evidence changed: replace it; a dismissed clue reopens. Runs before kCreate, which
// would otherwise make new clues look known.
constexpr const char* kChanged = R"sql(
WITH diff AS (
  SELECT c.id, c.rule, c.status, c.evidence_gone AS was_gone,
         c.overpaid_periods AS old_periods, c.overpaid_amount AS old_amount,
         c.evidence AS old_evidence,
         s.household_id, s.region_code, s.program, s.token_key, s.overpaid_periods,
         s.overpaid_amount, s.evidence, s.evidence_hash
  FROM match_stage s JOIN clues c USING (clue_key)
  WHERE c.evidence_hash <> s.evidence_hash AND %NOT_PURGED%
  FOR UPDATE OF c),
upd AS (
  UPDATE clues c
  SET rule_version = $2, household_id = d.household_id, region_code = d.region_code,
      program = d.program, token_key = d.token_key, overpaid_periods = d.overpaid_periods,
      overpaid_amount = d.overpaid_amount, evidence = d.evidence,
      evidence_hash = d.evidence_hash, evidence_gone = false,
      status = CASE WHEN d.status = 'dismissed' THEN 'new' ELSE d.status END,
      last_run_id = $1, updated_at = now()
  FROM diff d WHERE c.id = d.id),
ev AS (
  INSERT INTO clue_events (clue_id, actor, action, from_status, to_status, note, details, run_id)
  SELECT d.id, 'matcher',
         CASE WHEN d.status = 'dismissed' THEN 'reopened' ELSE 'evidence_changed' END,
         d.status,
         CASE WHEN d.status = 'dismissed' THEN 'new' ELSE d.status END,
         CASE WHEN d.status = 'dismissed'
              THEN 'reopened: the evidence changed after the clue was dismissed'
              ELSE 'the evidence changed' END,
         jsonb_build_object(
           'overpaid_periods', jsonb_build_object('from', d.old_periods, 'to', d.overpaid_periods),
           'overpaid_amount', jsonb_build_object('from', d.old_amount, 'to', d.overpaid_amount),
           'months_added', (SELECT coalesce(jsonb_agg(e), '[]') FROM jsonb_array_elements(d.evidence->'overpaid') e
                            WHERE NOT coalesce(d.old_evidence->'overpaid', '[]') @> jsonb_build_array(e)),
           'months_removed', (SELECT coalesce(jsonb_agg(e), '[]') FROM jsonb_array_elements(d.old_evidence->'overpaid') e
                              WHERE NOT coalesce(d.evidence->'overpaid', '[]') @> jsonb_build_array(e)),
           'records_added', (SELECT coalesce(jsonb_agg(e - 'origin'), '[]') FROM jsonb_array_elements(d.evidence->'records') e
                             WHERE NOT coalesce(d.old_evidence->'records', '[]') @> jsonb_build_array(e - 'origin')),
           'records_removed', (SELECT coalesce(jsonb_agg(e - 'origin'), '[]') FROM jsonb_array_elements(d.old_evidence->'records') e
                               WHERE NOT coalesce(d.evidence->'records', '[]') @> jsonb_build_array(e - 'origin')),
           'evidence_was_gone', d.was_gone),
         $1
  FROM diff d)
SELECT rule, count(*), count(*) FILTER (WHERE status = 'dismissed') FROM diff GROUP BY rule
)sql";

// Same evidence: only last_run_id moves (and the roll row's descriptive columns follow
// the roll). A clue that had been marked gone is restored. Clues of people this run did
// not re-examine are not written at all (0010: last_run_id is the last run that looked).
constexpr const char* kUnchanged = R"sql(
WITH same AS (
  SELECT c.id, c.rule, c.evidence_gone AS was_gone,
         s.household_id, s.region_code, s.program, s.token_key, s.evidence
  FROM match_stage s JOIN clues c USING (clue_key)
  WHERE c.evidence_hash = s.evidence_hash
  FOR UPDATE OF c),
upd AS (
  UPDATE clues c
  SET last_run_id = $1, rule_version = $2, household_id = m.household_id,
      region_code = m.region_code, program = m.program, token_key = m.token_key,
      evidence_gone = false,
      evidence = CASE WHEN c.evidence = m.evidence THEN c.evidence ELSE m.evidence END,
      updated_at = CASE WHEN (c.household_id, c.region_code, c.program, c.evidence_gone)
                             IS DISTINCT FROM (m.household_id, m.region_code, m.program, false)
                        THEN now() ELSE c.updated_at END
  FROM same m WHERE c.id = m.id),
ev AS (
  INSERT INTO clue_events (clue_id, actor, action, note, run_id)
  SELECT id, 'matcher', 'evidence_restored', 'raised again with the same evidence', $1
  FROM same WHERE was_gone)
SELECT rule, count(*), count(*) FILTER (WHERE was_gone) FROM same GROUP BY rule
)sql";

// Not raised although in scope: evidence gone. %SCOPE% is replaced by the scope filter.
// The clues in scope that were not raised are found first (MATERIALIZED: an incremental
// run's scope is a few thousand people, found through clues_member), and only those few
// are checked against purged_records: left to the planner, the check of every clue's
// evidence documents came first, in a scan of the whole table (355 ms of an incremental
// run's 466 ms write phase at 12,000 clues, bench/match_bench.cc).
constexpr const char* kGone = R"sql(
WITH unraised AS MATERIALIZED (
  SELECT c.id FROM clues c
  WHERE NOT c.evidence_gone
    AND NOT EXISTS (SELECT 1 FROM match_stage s WHERE s.clue_key = c.clue_key)
    %SCOPE%),
gone AS (
  UPDATE clues c SET evidence_gone = true, updated_at = now()
  FROM unraised u
  WHERE c.id = u.id AND %NOT_PURGED%
  RETURNING c.id, c.rule, c.status),
ev AS (
  INSERT INTO clue_events (clue_id, actor, action, from_status, to_status, note, run_id)
  SELECT id, 'matcher', 'evidence_gone', status, status,
         'no longer raised: the records, roll rows or payments it rested on changed or are gone', $1
  FROM gone)
SELECT rule, count(*) FROM gone GROUP BY rule
)sql";

// Kept as they are: the clue cites a record the retention purge deleted (purged_records,
// 0008). Its evidence is still what it was raised on; the record left because we stopped
// keeping it, not because the department took it back.
constexpr const char* kNotPurged = R"sql(NOT EXISTS (
      SELECT 1 FROM jsonb_array_elements(c.evidence->'records') e
      JOIN purged_records p ON p.source = e->>'source' AND p.record_id = e->>'record_id'))sql";

// `sql` with its %NOT_PURGED% placeholder filled.
std::string WithPurgedKept(std::string sql) {
  return sql.replace(sql.find("%NOT_PURGED%"), 12, kNotPurged);
}

constexpr const char* kCreate = R"sql(
WITH ins AS (
  INSERT INTO clues (clue_key, rule, rule_version, member_id, household_id, region_code,
                     program, token_key, overpaid_periods, overpaid_amount, evidence,
                     evidence_hash, first_run_id, last_run_id)
  SELECT s.clue_key, s.rule, $2, s.member_id, s.household_id, s.region_code, s.program,
         s.token_key, s.overpaid_periods, s.overpaid_amount, s.evidence, s.evidence_hash, $1, $1
  FROM match_stage s
  WHERE NOT EXISTS (SELECT 1 FROM clues c WHERE c.clue_key = s.clue_key)
  RETURNING id, rule, overpaid_periods, overpaid_amount),
ev AS (
  INSERT INTO clue_events (clue_id, actor, action, to_status, details, run_id)
  SELECT id, 'matcher', 'created', 'new',
         jsonb_build_object('overpaid_periods', overpaid_periods,
                            'overpaid_amount', overpaid_amount), $1
  FROM ins)
SELECT rule, count(*) FROM ins GROUP BY rule
)sql";

Result<Rule> RuleOf(std::string_view name) {
  for (Rule r : {Rule::kDeceased, Rule::kImprisoned, Rule::kPensionIncome,
                 Rule::kDuplicateEnrollment}) {
    if (RuleName(r) == name) return r;
  }
  return Status::Internal("clues: unknown rule '" + std::string(name) + "'");
}

// Runs `sql` and calls add(outcome, row) for each (rule, counts...) row it returns.
template <typename Add>
Status Apply(pqxx::transaction_base& tx, const std::string& sql, int64_t run_id, RuleOutcomes* outcomes,
             Add&& add) {
  const bool uses_version = sql.find("$2") != std::string::npos;
  const pqxx::result result = uses_version
                                  ? tx.exec_params(sql, run_id, std::string(kRuleSetVersion))
                                  : tx.exec_params(sql, run_id);
  for (const pqxx::row& row : result) {
    XM_ASSIGN_OR_RETURN(Rule rule, RuleOf(row[0].c_str()));
    add((*outcomes)[static_cast<size_t>(rule)], row);
  }
  return Status::Ok();
}

}  // namespace

Result<RuleOutcomes> WriteClues(pqxx::transaction_base& tx, const std::vector<ClueRow>& rows, int64_t run_id,
                                InputScope scope, const Shard& shard) {
  RuleOutcomes outcomes{};
  for (const ClueRow& r : rows) {
    RuleOutcome& o = outcomes[static_cast<size_t>(r.rule)];
    ++o.raised;
    o.raised_amount += r.overpaid_amount;
  }
  std::string gone = WithPurgedKept(kGone);
  gone.replace(gone.find("%SCOPE%"), 7,
               "AND " + shard.OwnsClueSql("c.token_key") +
                   (scope == InputScope::kEverything
                        ? ""
                        : " AND c.member_id IN (SELECT member_id FROM match_members)"));
  try {
    tx.exec0(
        "CREATE TEMP TABLE match_stage (clue_key text PRIMARY KEY, rule text NOT NULL, "
        "member_id text NOT NULL, household_id text NOT NULL, region_code text NOT NULL, "
        "program text NOT NULL, token_key bigint NOT NULL, overpaid_periods integer NOT NULL, "
        "overpaid_amount numeric(14, 2) NOT NULL, evidence jsonb NOT NULL, "
        "evidence_hash text NOT NULL) ON COMMIT DROP");
    {
      store::CopyWriter stage(tx, "match_stage",
                              {"clue_key", "rule", "member_id", "household_id", "region_code",
                               "program", "token_key", "overpaid_periods", "overpaid_amount",
                               "evidence", "evidence_hash"});
      for (const ClueRow& r : rows) {
        stage.Field(r.clue_key);
        stage.PlainField(RuleName(r.rule));
        stage.Field(r.member_id);
        stage.Field(r.household_id);
        stage.Field(r.region_code);
        stage.PlainField(ProgramName(r.program));
        stage.IntField(r.token_key);
        stage.IntField(r.overpaid_periods);
        stage.PlainField(r.overpaid_amount.ToString());
        stage.Field(r.evidence);
        stage.PlainField(r.evidence_hash);
        stage.EndRow();
      }
      stage.Complete();
    }
    // The row count and the join key's statistics are what the plans below need; the
    // evidence column's would cost a pass over every document (168 of a full run's
    // 833 ms write phase at 11,594 clues, bench/match_bench.cc).
    tx.exec0("ANALYZE match_stage (clue_key)");
    XM_RETURN_IF_ERROR(Apply(tx, WithPurgedKept(kChanged), run_id, &outcomes, [](RuleOutcome& o, const pqxx::row& row) {
      o.changed += row[1].as<uint64_t>();
      o.reopened += row[2].as<uint64_t>();
    }));
    XM_RETURN_IF_ERROR(Apply(tx, kUnchanged, run_id, &outcomes, [](RuleOutcome& o, const pqxx::row& row) {
      o.unchanged += row[1].as<uint64_t>();
      o.restored += row[2].as<uint64_t>();
    }));
    XM_RETURN_IF_ERROR(Apply(tx, gone, run_id, &outcomes, [](RuleOutcome& o, const pqxx::row& row) {
      o.gone += row[1].as<uint64_t>();
    }));
    XM_RETURN_IF_ERROR(Apply(tx, kCreate, run_id, &outcomes, [](RuleOutcome& o, const pqxx::row& row) {
      o.created += row[1].as<uint64_t>();
    }));
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "writing clues");
  }
  return outcomes;
}

}  // namespace xmatch::matcher
