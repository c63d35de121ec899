// The queue's counts (review/clue_queue.h) against the real PostgreSQL: the summary
// clue_count_deltas (schemas/sql/0007) agrees with counting the clues themselves after
// every kind of change (inserts, status and region changes, deletes, TRUNCATE, folding),
// and filters the summary does not keep are counted up to kCountCap and then "capped".
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "review/clue_queue.h"
#include "tests/support/pg_fixture.h"

namespace xmatch::review {
namespace {

using Json = nlohmann::json;

Principal Reviewer(std::vector<std::string> codes) {
  Principal p;
  p.user_id = 1;
  p.username = "reviewer";
  p.role = Role::kCountyReviewer;
  p.region_codes = std::move(codes);
  return p;
}

class ClueCountsTest : public xmatch::testing::PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    Exec("INSERT INTO match_runs (id, run_date, mode, status) VALUES (1, '2026-10-01', 'full', 'succeeded')");
  }

  void Exec(const std::string& sql) {
    pqxx::work tx(conn());
    tx.exec(sql);
    tx.commit();
  }

  // `n` clues in townships 411222100 and 411222101 of county 411222 and in 411202001,
  // rules and statuses mixed, amounts 10.00 to n * 10.00.
  void AddClues(int n, const std::string& key_prefix) {
    pqxx::work tx(conn());
    tx.exec_params(
        "INSERT INTO clues (clue_key, rule, rule_version, member_id, household_id, region_code, "
        "program, overpaid_periods, overpaid_amount, evidence, evidence_hash, status, "
        "first_run_id, last_run_id) "
        "SELECT $2 || i, (ARRAY['deceased','imprisoned','pension_income','duplicate_enrollment'])[1 + i % 4], "
        "'2026.1', 'M' || i, 'H' || i, "
        "(ARRAY['411222100001', '411222101002', '411202001003'])[1 + i % 3], 'dibao_rural', "
        "1 + i % 5, i * 10.00, '{}'::jsonb, repeat('0', 64), "
        "(ARRAY['new','verifying','confirmed','dismissed','rectified','transferred'])[1 + i % 6], 1, 1 "
        "FROM generate_series(1, $1::int) AS i",
        n, key_prefix);
    tx.commit();
  }

  Json Queue(const Principal& who, std::map<std::string, std::string> params = {}) {
    Result<QueueQuery> query = ParseQueueQuery(params);
    EXPECT_TRUE(query.ok()) << query.status().ToString();
    pqxx::work tx(conn());
    return Json::parse(LoadQueue(tx, who, *query));
  }

  // The counts as the queue would show them, computed from the clues themselves.
  Json Counted(const std::string& where) {
    pqxx::work tx(conn());
    Json by_status = Json::object(), by_rule = Json::object();
    int64_t total = 0;
    for (const pqxx::row& r : tx.exec("SELECT status, rule, count(*) FROM clues c WHERE " + where +
                                      " GROUP BY status, rule")) {
      const int64_t n = r[2].as<int64_t>();
      total += n;
      by_status[r[0].c_str()] = by_status.value(r[0].c_str(), int64_t{0}) + n;
      by_rule[r[1].c_str()] = by_rule.value(r[1].c_str(), int64_t{0}) + n;
    }
    return {{"total", total}, {"by_status", by_status}, {"by_rule", by_rule}};
  }

  void ExpectCountsAgree(const std::string& when) {
    const Principal county = Reviewer({"411222"});
    const Principal two = Reviewer({"411222100", "411202"});
    for (const auto& [who, where] : {std::pair{&county, "c.county_code = '411222'"},
                                     std::pair{&two, "(c.township_code = '411222100' OR c.county_code = '411202')"}}) {
      const Json queue = Queue(*who);
      const Json expected = Counted(where);
      EXPECT_EQ(queue["total"], expected["total"]) << when << ", " << where;
      EXPECT_EQ(queue["counts"]["by_status"], expected["by_status"]) << when << ", " << where;
      EXPECT_EQ(queue["counts"]["by_rule"], expected["by_rule"]) << when << ", " << where;
      EXPECT_EQ(queue["capped"], false);
    }
    const Json filtered = Queue(county, {{"status", "new,confirmed"}, {"rule", "deceased"}, {"township", "411222101"}});
    EXPECT_EQ(filtered["total"], Counted("c.township_code = '411222101' AND c.rule = 'deceased' AND "
                                         "c.status IN ('new', 'confirmed')")["total"]) << when;
  }
};

TEST_F(ClueCountsTest, SummaryAgreesWithTheCluesAfterEveryKindOfChange) {
  AddClues(300, "a:");
  ExpectCountsAgree("after inserts");
  Exec("UPDATE clues SET status = 'verifying' WHERE status = 'new' AND id % 2 = 0");
  ExpectCountsAgree("after status changes");
  Exec("UPDATE clues SET region_code = '411222101009' WHERE region_code = '411202001003' AND id % 5 = 0");
  ExpectCountsAgree("after region changes");
  Exec("UPDATE clues SET rule = 'deceased', last_run_id = 1 WHERE id % 7 = 0");
  ExpectCountsAgree("after rule changes");
  Exec("DELETE FROM clues WHERE id % 3 = 0");
  ExpectCountsAgree("after deletes");
  Exec("SELECT clue_count_compact()");
  ExpectCountsAgree("after folding");
  pqxx::work tx(conn());
  EXPECT_LE(tx.exec1("SELECT count(*) FROM clue_count_deltas")[0].as<int>(), 3 * 6 * 4);
  tx.commit();
  Exec("TRUNCATE clues CASCADE");
  ExpectCountsAgree("after truncate");
  EXPECT_EQ(Queue(Reviewer({"411222"}))["total"], 0);
}

TEST_F(ClueCountsTest, RolledBackChangesLeaveTheCountsAlone) {
  AddClues(60, "a:");
  {
    pqxx::work tx(conn());
    tx.exec("UPDATE clues SET status = 'dismissed'");
    tx.exec("DELETE FROM clues WHERE id % 2 = 0");
  }  // rolled back
  ExpectCountsAgree("after a rollback");
}

TEST_F(ClueCountsTest, FiltersOutsideTheSummaryAreCountedUpToTheCap) {
  AddClues(90, "a:");
  const Principal county = Reviewer({"411222"});
  const Json small = Queue(county, {{"min_amount", "300"}, {"max_amount", "600.00"}});
  EXPECT_EQ(small["capped"], false);
  EXPECT_EQ(small["total"], Counted("c.county_code = '411222' AND c.overpaid_amount BETWEEN 300 AND 600")["total"]);
  EXPECT_EQ(small["counts"], Json({{"by_status", Counted("c.county_code = '411222' AND c.overpaid_amount "
                                                         "BETWEEN 300 AND 600")["by_status"]},
                                   {"by_rule", Counted("c.county_code = '411222' AND c.overpaid_amount "
                                                       "BETWEEN 300 AND 600")["by_rule"]}}));

  AddClues(static_cast<int>(kCountCap) * 3 / 2 + 100, "b:");  // 2/3 of them in the county
  const Json big = Queue(county, {{"min_amount", "1"}});
  EXPECT_EQ(big["capped"], true);
  EXPECT_EQ(big["total"], kCountCap);
  EXPECT_TRUE(big["counts"]["by_status"].empty());
  EXPECT_EQ(big["items"].size(), 50u);
  // Without such a filter the same clues are counted exactly.
  const Json all = Queue(county);
  EXPECT_EQ(all["capped"], false);
  EXPECT_EQ(all["total"], Counted("c.county_code = '411222'")["total"]);
  EXPECT_GT(all["total"].get<int64_t>(), kCountCap);
}

TEST_F(ClueCountsTest, CreatedSortsFollowCreationTimeThenId) {
  AddClues(6, "a:");
  Exec("UPDATE clues SET created_at = timestamptz '2026-05-01 10:00+08' - id * interval '1 day'");
  const Principal county = Reviewer({"411222"});
  const Json newest = Queue(county);
  ASSERT_EQ(newest["items"].size(), 4u);  // ids 1, 3, 4, 6 are in the county; 1 is newest
  EXPECT_EQ(newest["items"][0]["id"], 1);
  EXPECT_EQ(newest["items"][3]["id"], 6);
  const Json range = Queue(county, {{"from", "2026-04-28"}, {"to", "2026-04-30"}, {"sort", "created_asc"}});
  ASSERT_EQ(range["items"].size(), 2u);  // 3 (04-28) and 1 (04-30); 2 (04-29) is elsewhere
  EXPECT_EQ(range["items"][0]["id"], 3);
  EXPECT_EQ(range["items"][1]["id"], 1);
  EXPECT_EQ(range["total"], 2);
}

}  // namespace
}  // namespace xmatch::review
