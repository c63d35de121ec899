#include "rolls/roll_import.h"

#include <map>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rolls/tests/import_test_util.h"
#include "tests/support/pg_fixture.h"

namespace xmatch::rolls {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::IdNumber;
using testing::kRollHeader;
using testing::RollLine;
using testing::TempFile;
using testing::TestKeyring;

const ImportOptions kQuiet{.progress_out = nullptr};

class RollImportTest : public xmatch::testing::PgTest {
 protected:
  Result<ImportReport> Import(const std::string& contents) {
    TempFile file("roll.csv", contents);
    return ImportRoll(conn(), file.path(), keyring_, kQuiet);
  }
  // member_id -> change_xid
  std::map<std::string, std::string> ChangeXids() {
    pqxx::work tx(conn());
    std::map<std::string, std::string> out;
    for (const auto& r : tx.exec("SELECT member_id, change_xid::text FROM roll_members")) {
      out[r[0].c_str()] = r[1].c_str();
    }
    return out;
  }
  // Commits an empty transaction so that the next one gets a new xid.
  void BurnTransaction() {
    pqxx::work tx(conn());
    tx.exec("SELECT pg_current_xact_id()");
    tx.commit();
  }

  TokenKeyring keyring_ = TestKeyring();
};

TEST_F(RollImportTest, ImportsChineseNamesAndReadsThemBack) {
  const std::string legacy15 = IdNumber(1).substr(0, 6) + IdNumber(1).substr(8, 9);
  const Result<ImportReport> report = Import(
      std::string("\xEF\xBB\xBF") + kRollHeader +
      "M1,H1," + legacy15 + ",\"王 小明\",dibao_rural,110101001002,2021-05-01,650.5,active,\r\n" +
      "M2,H1," + IdNumber(2) + ",李四,tekun_dispersed,110101001002,2019-01-01,1200,exited,"
      "2023-06-30\r\n");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->rows, 2u);
  EXPECT_EQ(report->inserted, 2u);
  EXPECT_EQ(report->unchanged, 0u);

  pqxx::work tx(conn());
  const pqxx::row m1 = tx.exec1(
      "SELECT name, id_number, id_token, key_version, program, region_code, token_key, "
      "enrolled_on::text, monthly_amount::text, status, exited_on IS NULL "
      "FROM roll_members WHERE member_id = 'M1'");
  EXPECT_EQ(m1[0].as<std::string>(), "王 小明");
  EXPECT_EQ(m1[1].as<std::string>(), IdNumber(1));  // the legacy number, made 18 digits
  EXPECT_EQ(m1[2].as<std::string>(), keyring_.Tokenize(*ResidentId::Parse(IdNumber(1))));
  EXPECT_EQ(m1[3].as<int>(), keyring_.current_version());
  EXPECT_EQ(m1[4].as<std::string>(), "dibao_rural");
  EXPECT_EQ(m1[5].as<std::string>(), "110101001002");
  EXPECT_EQ(m1[6].as<int64_t>(), TokenKeyOfToken(m1[2].as<std::string>()));
  EXPECT_EQ(m1[7].as<std::string>(), "2021-05-01");
  EXPECT_EQ(m1[8].as<std::string>(), "650.50");
  EXPECT_EQ(m1[9].as<std::string>(), "active");
  EXPECT_TRUE(m1[10].as<bool>());
  const pqxx::row m2 =
      tx.exec1("SELECT name, exited_on::text FROM roll_members WHERE member_id = 'M2'");
  EXPECT_EQ(m2[0].as<std::string>(), "李四");
  EXPECT_EQ(m2[1].as<std::string>(), "2023-06-30");
}

TEST_F(RollImportTest, ImportingTheSameFileTwiceChangesNothing) {
  std::string file = kRollHeader;
  for (int i = 0; i < 50; ++i) file += RollLine(i);
  ASSERT_TRUE(Import(file).ok());
  const auto before = ChangeXids();
  BurnTransaction();

  const Result<ImportReport> again = Import(file);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->rows, 50u);
  EXPECT_EQ(again->inserted, 0u);
  EXPECT_EQ(again->updated, 0u);
  EXPECT_EQ(again->unchanged, 50u);
  EXPECT_EQ(ChangeXids(), before);
}

// A first import builds the indexes after the COPY (DeferredIndexes); the roll must end
// with exactly the indexes the migrations made, whether the import succeeds or fails.
TEST_F(RollImportTest, FirstImportIntoAnEmptyRollEndsWithEveryIndexAndConstraint) {
  const auto indexes = [&] {
    pqxx::work tx(conn());
    std::map<std::string, std::string> out;
    for (const auto& r : tx.exec("SELECT indexname, indexdef FROM pg_indexes "
                                 "WHERE tablename = 'roll_members'")) {
      out[r[0].c_str()] = r[1].c_str();
    }
    return out;
  };
  const auto before = indexes();
  ASSERT_TRUE(before.contains("roll_members_pkey"));

  std::string bad = std::string(kRollHeader) + RollLine(1);
  std::string bad_id = IdNumber(2);
  bad_id.back() = bad_id.back() == '0' ? '1' : '0';
  bad += "M2,H1," + bad_id + ",赵六,orphan,110101001001,2020-01-01,600,active,\n";
  EXPECT_FALSE(Import(bad).ok());
  EXPECT_EQ(indexes(), before);

  std::string file = kRollHeader;
  for (int i = 0; i < 50; ++i) file += RollLine(i);
  ASSERT_TRUE(Import(file).ok());
  EXPECT_EQ(indexes(), before);
}

TEST_F(RollImportTest, ChangedAndNewRowsAreUpsertedAndOnlyTheyGetANewChangeXid) {
  ASSERT_TRUE(Import(std::string(kRollHeader) + RollLine(1) + RollLine(2)).ok());
  const auto before = ChangeXids();
  BurnTransaction();

  const Result<ImportReport> report =
      Import(std::string(kRollHeader) + RollLine(1) + RollLine(2, "700") + RollLine(3));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->inserted, 1u);
  EXPECT_EQ(report->updated, 1u);
  EXPECT_EQ(report->unchanged, 1u);
  const auto after = ChangeXids();
  EXPECT_EQ(after.at("M1"), before.at("M1"));
  EXPECT_NE(after.at("M2"), before.at("M2"));
  pqxx::work tx(conn());
  EXPECT_EQ(tx.exec1("SELECT monthly_amount::text FROM roll_members WHERE member_id = 'M2'")[0]
                .as<std::string>(),
            "700.00");
}

TEST_F(RollImportTest, BadCheckCharacterRejectsTheWholeFileNamingLineAndColumn) {
  ASSERT_TRUE(Import(std::string(kRollHeader) + RollLine(1)).ok());
  const auto before = ChangeXids();

  // 20,000 good rows (megabytes, sent to the server in many batches) before the bad one,
  // with a changed amount for M1 among them.
  std::string file = std::string(kRollHeader) + RollLine(1, "999");
  for (int i = 2; i <= 20000; ++i) file += RollLine(i);
  std::string bad_id = IdNumber(20001);
  bad_id.back() = bad_id.back() == '0' ? '1' : '0';
  file += "M20001,H1," + bad_id + ",赵六,orphan,110101001001,2020-01-01,600,active,\n";
  const Result<ImportReport> report = Import(file);

  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), Status::Code::kInvalidArgument);
  EXPECT_THAT(report.status().message(), HasSubstr("line 20002, id_number: "));
  EXPECT_THAT(report.status().message(), HasSubstr("check character"));
  EXPECT_THAT(report.status().message(), HasSubstr("1 error, nothing was imported"));
  EXPECT_THAT(report.status().message(), Not(HasSubstr(bad_id.substr(0, 17))));
  EXPECT_EQ(Count("roll_members"), 1);
  EXPECT_EQ(ChangeXids(), before);
  pqxx::work tx(conn());
  EXPECT_EQ(tx.exec1("SELECT monthly_amount::text FROM roll_members")[0].as<std::string>(),
            "650.50");
}

TEST_F(RollImportTest, ListsTwentyErrorsAndCountsTheRest) {
  std::string file = kRollHeader;
  for (int i = 0; i < 30; ++i) file += RollLine(i, i % 6 == 5 ? "650.50" : "abc");
  // 25 bad amounts (lines where i % 6 != 5), 5 good rows.
  const Result<ImportReport> report = Import(file);
  ASSERT_FALSE(report.ok());
  const std::string& msg = report.status().message();
  EXPECT_THAT(msg, HasSubstr("25 errors, nothing was imported"));
  EXPECT_THAT(msg, HasSubstr("line 2, monthly_amount: amount"));
  EXPECT_THAT(msg, HasSubstr("and 5 more errors"));
  EXPECT_EQ(std::count(msg.begin(), msg.end(), '\n'), 21);  // 20 listed + the count
  EXPECT_EQ(Count("roll_members"), 0);
}

TEST_F(RollImportTest, RepeatedMemberIdIsAnErrorNamingBothLines) {
  const Result<ImportReport> report =
      Import(std::string(kRollHeader) + RollLine(1) + RollLine(2) + RollLine(1));
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().message(),
              HasSubstr("line 4, member_id: repeats the member_id of line 2"));
  EXPECT_EQ(Count("roll_members"), 0);
}

TEST_F(RollImportTest, HeaderNamesMissingAndUnknownColumns) {
  const Result<ImportReport> report = Import(
      "member_id,household_id,id_number,name,program,region_code,enrolled_on,monthly_amount,"
      "state,exited_on\n");
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().message(), HasSubstr("missing column(s): status"));
  EXPECT_THAT(report.status().message(), HasSubstr("unknown column(s): state"));
}

TEST_F(RollImportTest, ColumnsMayComeInAnyOrder) {
  const Result<ImportReport> report = Import(
      "name,member_id,household_id,id_number,program,region_code,enrolled_on,monthly_amount,"
      "status,exited_on\n张三,M1,H1," + IdNumber(1) +
      ",orphan,110101001001,2020-01-01,300,active,\n");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  pqxx::work tx(conn());
  EXPECT_EQ(tx.exec1("SELECT name FROM roll_members WHERE member_id = 'M1'")[0].as<std::string>(),
            "张三");
}

TEST_F(RollImportTest, WrongFieldCountAndBrokenQuotingNameTheirLines) {
  const Result<ImportReport> report = Import(std::string(kRollHeader) + "M1,H1\n" + RollLine(2) +
                                             "M3,\"unclosed\n");
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().message(), HasSubstr("line 2: expected 10 fields"));
  EXPECT_THAT(report.status().message(), HasSubstr("line 4: a quoted field is never closed"));
  EXPECT_EQ(Count("roll_members"), 0);
}

TEST_F(RollImportTest, MissingFileIsAnIoError) {
  const Result<ImportReport> report =
      ImportRoll(conn(), "/nonexistent/roll.csv", keyring_, kQuiet);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), Status::Code::kIoError);
}

TEST_F(RollImportTest, RefusesToImportWithoutATokenKey) {
  TempFile file("roll.csv", std::string(kRollHeader) + RollLine(1));
  const Result<ImportReport> report = ImportRoll(conn(), file.path(), TokenKeyring(), kQuiet);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), Status::Code::kFailedPrecondition);
}

}  // namespace
}  // namespace xmatch::rolls
