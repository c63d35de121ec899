// Token key rotation end to end, exactly as docs/runbook.md "Rotate token keys" tells
// the IT staff to do it: the real `xmatch` binary for every step (roll import, connect,
// match, roll retokenize), the broker as a separate `xmatch dev-kafka` process, the
// department messages from a separate producer process, and PostgreSQL.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/resident_id.h"
#include "common/token.h"
#include "connectors/tests/connect_env.h"
#include "tests/support/pg_fixture.h"

namespace xmatch::connectors {
namespace {

using ::testing::HasSubstr;
using testing::ConnectEnv;
using testing::DevKafkaProcess;
using testing::ProduceFile;
using testing::ReadFile;

// A valid resident ID: 17 digits and their check character.
std::string MakeId(const std::string& first17) {
  return first17 + ResidentIdCheckCharacter(first17);
}

// The people of the test. A..E and F are on the roll (F twice, in two townships); X is not.
const std::string kIdA = MakeId("41122219600101001");
const std::string kIdB = MakeId("41122219610202002");
const std::string kIdC = MakeId("41122219620303003");
const std::string kIdD = MakeId("41122219630404004");
const std::string kIdE = MakeId("41122219640505005");
const std::string kIdF = MakeId("41122219650606006");
const std::string kIdX = MakeId("41122219660707007");

const char kRunDate[] = "2026-07-01";

class KeyRotationTest : public xmatch::testing::PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    env_.set_log_level("info");  // the logs checked for ID numbers are the full ones
    WriteRollAndPayments();
  }

  std::string Path(const std::string& name) const { return env_.dir() + "/" + name; }

  // `xmatch ARGS...` with the current key versions; stdout to OUT; stderr collected in
  // xmatch.stderr, which the test scans for ID numbers at the end.
  int Xmatch(const std::vector<std::string>& args, const std::string& out = "out") {
    return env_.Run(args, dsn(), brokers_, Path(out), Path("xmatch.stderr"));
  }

  int ConnectUntilIdle() {
    return Xmatch({"connect", "--until-idle", "2", "--stats"}, "connect.out");
  }

  // Token of `id` under `version`, made from the same key files the children read.
  std::string Token(const std::string& id, int version) {
    auto keyring = TokenKeyring::Load({{version, env_.dir() + "/key" + std::to_string(version) + ".hex"}});
    EXPECT_TRUE(keyring.ok());
    return *keyring->Tokenize(*ResidentId::Parse(id), version);
  }

  // A public_security death record: the person by token (under `version`) or by ID.
  std::string Death(const std::string& record_id, const std::string& person_field,
                    const std::string& date) {
    return R"({"source":"public_security","record_id":")" + record_id +
           R"(","kind":"death","agreement_id":"ps-2026-001","schema_version":1,)" +
           person_field + R"(,"death_date":")" + date + "\"}";
  }
  std::string ByToken(const std::string& id, int version) {
    return R"("id_token":")" + Token(id, version) + R"(","key_version":)" +
           std::to_string(version);
  }
  static std::string ById(const std::string& id) { return R"("id_number":")" + id + "\""; }

  // Sends `lines` to `topic` through the producer process.
  void Produce(const std::string& topic, const std::vector<std::string>& lines) {
    const std::string file = Path("messages.jsonl");
    std::ofstream out(file, std::ios::trunc);
    for (const std::string& line : lines) out << line << "\n";
    out.close();
    ASSERT_EQ(ProduceFile(brokers_, topic, file), 0);
  }

  // Every clue as one comparable line: what the bureau sees of it.
  std::vector<std::string> Clues() {
    std::vector<std::string> clues;
    pqxx::nontransaction tx(conn());
    for (const auto& row : tx.exec(
             "SELECT rule || ' ' || member_id || ' ' || overpaid_periods || ' ' || "
             "overpaid_amount || ' ' || status || ' gone=' || evidence_gone || ' ' || "
             "evidence::text FROM clues ORDER BY rule, member_id, clue_key")) {
      clues.push_back(row[0].as<std::string>());
    }
    return clues;
  }

  int64_t Int(const std::string& query) {
    return pqxx::nontransaction(conn()).exec1(query)[0].as<int64_t>();
  }

  // Rows of `table` whose text contains one of the test's ID numbers.
  int64_t RowsWithAnId(const std::string& table) {
    return Int("SELECT count(*) FROM " + table + " t WHERE t::text ~ '" + kIdA + "|" + kIdB +
               "|" + kIdC + "|" + kIdD + "|" + kIdE + "|" + kIdF + "|" + kIdX + "'");
  }

  void WriteRollAndPayments() {
    std::ofstream roll(Path("roll.csv"));
    roll << "member_id,household_id,id_number,name,program,region_code,enrolled_on,"
            "monthly_amount,status,exited_on\n";
    const std::vector<std::pair<std::string, std::string>> members = {
        {"m-a", kIdA}, {"m-b", kIdB}, {"m-c", kIdC}, {"m-d", kIdD},
        {"m-e", kIdE}, {"m-f1", kIdF}, {"m-f2", kIdF}};
    std::ofstream payments(Path("payments.csv"));
    payments << "member_id,period,amount,paid_on\n";
    for (const auto& [member, id] : members) {
      const std::string village = member == "m-f2" ? "411222101001" : "411222100001";
      roll << member << ",h-" << member << "," << id << ",张三,dibao_rural," << village
           << ",2025-01-01,650.00,active,\n";
      for (int month = 1; month <= 6; ++month) {
        payments << member << ",2026-0" << month << ",650.00,2026-0" << month << "-05\n";
      }
    }
  }

  ConnectEnv env_;
  std::string brokers_;
};

TEST_F(KeyRotationTest, CluesAreTheSameBeforeDuringAndAfterTheRotation) {
  DevKafkaProcess kafka(2);
  ASSERT_FALSE(kafka.brokers().empty());
  brokers_ = kafka.brokers();

  // Before: key version 1 only. Records by token and by ID number land under version 1.
  ASSERT_EQ(Xmatch({"roll", "import", Path("roll.csv")}), 0) << ReadFile(Path("xmatch.stderr"));
  ASSERT_EQ(Xmatch({"payments", "import", Path("payments.csv")}), 0);
  Produce("public_security.records", {Death("a-death", ByToken(kIdA, 1), "2026-02-10"),
                                      Death("x-death", ByToken(kIdX, 1), "2026-02-11")});
  Produce("justice.records",
          {R"({"source":"justice","record_id":"b-prison","kind":"imprisonment",)"
           R"("agreement_id":"sf-2026-001","schema_version":1,)" +
           ById(kIdB) + R"(,"start_date":"2026-01-15"})"});
  ASSERT_EQ(ConnectUntilIdle(), 0) << ReadFile(Path("xmatch.stderr"));
  ASSERT_EQ(Xmatch({"match", "--run-date", kRunDate}), 0) << ReadFile(Path("xmatch.stderr"));
  const std::vector<std::string> before = Clues();
  ASSERT_EQ(before.size(), 4u);  // A deceased, B imprisoned, F's two rows duplicated
  EXPECT_EQ(Int("SELECT count(*) FROM dept_records WHERE key_version = 1"), 3);

  // Start: both versions loaded; the roll goes to version 2, and the stored records of
  // people on the roll with it. X is not on the roll: its record keeps version 1.
  env_.set_token_key_versions({1, 2});
  ASSERT_EQ(Xmatch({"roll", "retokenize"}, "retokenize.out"), 0)
      << ReadFile(Path("xmatch.stderr"));
  const std::string retokenized = ReadFile(Path("retokenize.out"));
  EXPECT_THAT(retokenized, HasSubstr("roll: 7 rows under token key version 2, 7 re-tokenized\n"));
  EXPECT_THAT(retokenized, HasSubstr("aliases from version 1: 6 people\n"));
  EXPECT_THAT(retokenized, HasSubstr("department records re-keyed: 2\n"));
  EXPECT_EQ(Int("SELECT count(*) FROM roll_members WHERE key_version <> 2"), 0);
  EXPECT_EQ(Int("SELECT count(*) FROM dept_records WHERE key_version = 1"), 1);
  // Each clue moves with its person to the matcher shard of the new token (shard.h).
  EXPECT_EQ(Int("SELECT count(*) FROM clues c JOIN roll_members m USING (member_id) "
                "WHERE c.token_key IS DISTINCT FROM m.token_key"),
            0);
  ASSERT_EQ(Xmatch({"roll", "retokenize"}, "retokenize-again.out"), 0);
  EXPECT_THAT(ReadFile(Path("retokenize-again.out")),
              HasSubstr("7 rows under token key version 2, 0 re-tokenized\n"));
  ASSERT_EQ(Xmatch({"match", "--run-date", kRunDate}), 0);
  EXPECT_EQ(Clues(), before);

  // During: a department not switched yet still sends version-1 tokens (C); one that
  // sends ID numbers gets them tokenized under version 2 (D). Both are matched.
  Produce("public_security.records", {Death("c-death", ByToken(kIdC, 1), "2026-03-03"),
                                      Death("d-death", ById(kIdD), "2026-03-20")});
  ASSERT_EQ(ConnectUntilIdle(), 0) << ReadFile(Path("xmatch.stderr"));
  EXPECT_EQ(Int("SELECT count(*) FROM dept_records d JOIN roll_members r USING (id_token) "
                "WHERE d.record_id IN ('c-death', 'd-death') AND d.key_version = 2"),
            2);
  ASSERT_EQ(Xmatch({"match", "--run-date", kRunDate}), 0);
  const std::vector<std::string> during = Clues();
  ASSERT_EQ(during.size(), 6u);
  for (const std::string& clue : before) EXPECT_THAT(during, ::testing::Contains(clue));
  EXPECT_EQ(Int("SELECT count(*) FROM clues WHERE member_id IN ('m-c', 'm-d') "
                "AND rule = 'deceased'"),
            2);

  // A configuration still holding only version 1 cannot take the roll back.
  env_.set_token_key_versions({1});
  EXPECT_NE(Xmatch({"roll", "import", Path("roll.csv")}), 0);
  EXPECT_THAT(ReadFile(Path("xmatch.stderr")),
              HasSubstr("the roll is tokenized under token key version 2, newer than"));

  // Finish: every department sends version 2 (E); version 1 is retired. A late
  // version-1 record is rejected, not silently dropped; nothing matched before is lost.
  env_.set_token_key_versions({2});
  ASSERT_EQ(Xmatch({"roll", "retokenize"}, "retire.out"), 0) << ReadFile(Path("xmatch.stderr"));
  const std::string retired = ReadFile(Path("retire.out"));
  EXPECT_THAT(retired, HasSubstr("aliases retired: 6\n"));
  EXPECT_THAT(retired, HasSubstr("department records under version 1: 1\n"));
  EXPECT_EQ(Int("SELECT count(*) FROM token_aliases"), 0);
  Produce("public_security.records", {Death("e-death", ByToken(kIdE, 2), "2026-04-01"),
                                      Death("a-late", ByToken(kIdA, 1), "2026-02-10")});
  ASSERT_EQ(ConnectUntilIdle(), 0) << ReadFile(Path("xmatch.stderr"));
  EXPECT_EQ(Int("SELECT count(*) FROM rejects WHERE reason_code = 'unknown_key_version'"), 1);
  ASSERT_EQ(Xmatch({"match", "--run-date", kRunDate}), 0);
  const std::vector<std::string> after = Clues();
  ASSERT_EQ(after.size(), 7u);
  for (const std::string& clue : during) EXPECT_THAT(after, ::testing::Contains(clue));
  EXPECT_EQ(Int("SELECT count(*) FROM clues WHERE member_id = 'm-e' AND rule = 'deceased'"), 1);

  // No ID number in any department-side table, nor in any log line of any step.
  for (const char* table : {"dept_records", "rejects", "token_aliases", "dropped_fields",
                            "consumer_offsets", "match_changes"}) {
    EXPECT_EQ(RowsWithAnId(table), 0) << table;
  }
  const std::string logs = ReadFile(Path("xmatch.stderr"));
  EXPECT_FALSE(logs.empty());
  for (const std::string& id : {kIdA, kIdB, kIdC, kIdD, kIdE, kIdF, kIdX}) {
    EXPECT_THAT(logs, ::testing::Not(HasSubstr(id)));
  }
}

}  // namespace
}  // namespace xmatch::connectors
