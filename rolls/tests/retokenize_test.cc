#include "rolls/retokenize.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rolls/roll_import.h"
#include "rolls/tests/import_test_util.h"
#include "tests/support/pg_fixture.h"

namespace xmatch::rolls {
namespace {

using ::testing::HasSubstr;
using testing::IdNumber;
using testing::kRollHeader;
using testing::RollLine;
using testing::TempFile;

const ImportOptions kQuiet{.progress_out = nullptr};

TokenKeyring Keyring(std::initializer_list<int> versions) {
  std::map<int, std::string> secrets;
  for (int v : versions) secrets[v] = std::string(32, char('a' + v));
  return TokenKeyring::FromSecrets(secrets);
}

std::string Token(int n, int version) {
  return *Keyring({version}).Tokenize(*ResidentId::Parse(IdNumber(n)), version);
}

class RetokenizeTest : public xmatch::testing::PgTest {
 protected:
  // M0..M2, M2 a second row of M1's person.
  Status ImportRoll(const TokenKeyring& keyring) {
    TempFile file("roll.csv", std::string(kRollHeader) + RollLine(0) + RollLine(1) +
                                  "M2,H9," + IdNumber(1) +
                                  ",李四,tekun_dispersed,110101002001,2020-01-01,500,active,\n");
    return rolls::ImportRoll(conn(), file.path(), keyring, kQuiet).status();
  }
  // A stored department record of person n under `version`.
  void StoreRecord(const std::string& record_id, int n, int version) {
    pqxx::nontransaction(conn()).exec_params0(
        "INSERT INTO dept_records (source, record_id, kind, agreement_id, schema_version, "
        "id_token, token_key, key_version, event_date, fields) VALUES ('health', $1, "
        "'death_certificate', 'wj-2026-001', 1, $2, xmatch_token_key($2), $3, '2026-01-01', "
        "'{}')",
        record_id, Token(n, version), version);
  }
  int64_t Int(const std::string& query) {
    return pqxx::nontransaction(conn()).exec1(query)[0].as<int64_t>();
  }
};

TEST_F(RetokenizeTest, MovesTheRollAndItsPeoplesRecordsToTheNewVersionOnce) {
  ASSERT_TRUE(ImportRoll(Keyring({1})).ok());
  StoreRecord("on-roll", 1, 1);
  StoreRecord("off-roll", 7, 1);

  Result<RetokenizeReport> report = RetokenizeRoll(conn(), Keyring({1, 2}), nullptr);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->current_version, 2);
  EXPECT_EQ(report->roll_rows, 3);
  EXPECT_EQ(report->roll_rows_retokenized, 3);
  EXPECT_EQ(report->aliases, (std::map<int, int64_t>{{1, 2}}));  // two people
  EXPECT_EQ(report->records_rekeyed, 1);
  EXPECT_EQ(report->records_by_version, (std::map<int, int64_t>{{1, 1}, {2, 1}}));
  EXPECT_EQ(Int("SELECT count(*) FROM roll_members WHERE key_version = 2 AND id_token = "
                "(SELECT id_token FROM dept_records WHERE record_id = 'on-roll')"),
            2);

  report = RetokenizeRoll(conn(), Keyring({1, 2}), nullptr);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->roll_rows_retokenized, 0);
  EXPECT_EQ(report->records_rekeyed, 0);

  report = RetokenizeRoll(conn(), Keyring({2}), nullptr);  // version 1 retired
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->aliases_retired, 2);
  EXPECT_EQ(Int("SELECT count(*) FROM token_aliases"), 0);
}

TEST_F(RetokenizeTest, ImportWithBothVersionsGivesNewMembersAliases) {
  ASSERT_TRUE(ImportRoll(Keyring({1})).ok());
  ASSERT_TRUE(ImportRoll(Keyring({1, 2})).ok());
  EXPECT_EQ(Int("SELECT count(*) FROM roll_members WHERE key_version = 2"), 3);
  EXPECT_EQ(Int("SELECT count(*) FROM token_aliases WHERE from_version = 1 AND to_version = 2"),
            2);
}

TEST_F(RetokenizeTest, ImportRefusesAKeyringWithoutTheRollsVersion) {
  ASSERT_TRUE(ImportRoll(Keyring({1})).ok());
  Status s = ImportRoll(Keyring({2}));
  EXPECT_EQ(s.code(), Status::Code::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("token key version 1, which is not loaded"));
  EXPECT_EQ(Int("SELECT count(*) FROM roll_members WHERE key_version = 1"), 3);

  ASSERT_TRUE(RetokenizeRoll(conn(), Keyring({1, 2}), nullptr).ok());
  s = ImportRoll(Keyring({1}));
  EXPECT_THAT(s.message(), HasSubstr("token key version 2, newer than"));
  Result<RetokenizeReport> back = RetokenizeRoll(conn(), Keyring({1}), nullptr);
  EXPECT_EQ(back.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_EQ(Int("SELECT count(*) FROM roll_members WHERE key_version = 2"), 3);
}

}  // namespace
}  // namespace xmatch::rolls
