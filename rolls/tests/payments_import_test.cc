#include "rolls/payments_import.h"

#include <map>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rolls/roll_import.h"
#include "rolls/tests/import_test_util.h"
#include "tests/support/pg_fixture.h"

namespace xmatch::rolls {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::kPaymentsHeader;
using testing::kRollHeader;
using testing::RollLine;
using testing::TempFile;

const ImportOptions kQuiet{.progress_out = nullptr};

class PaymentsImportTest : public xmatch::testing::PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    TempFile roll("roll.csv", std::string(kRollHeader) + RollLine(1) + RollLine(2));
    const Result<ImportReport> r = ImportRoll(conn(), roll.path(), testing::TestKeyring(), kQuiet);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  Result<ImportReport> Import(const std::string& contents) {
    TempFile file("payments.csv", contents);
    return ImportPayments(conn(), file.path(), kQuiet);
  }
  // "member_id period" -> "amount paid_on change_xid"
  std::map<std::string, std::string> Payments() {
    pqxx::work tx(conn());
    std::map<std::string, std::string> out;
    for (const auto& r : tx.exec("SELECT member_id || ' ' || to_char(period, 'YYYY-MM'), "
                                 "amount::text || ' ' || paid_on::text || ' ' || "
                                 "change_xid::text FROM payments")) {
      out[r[0].c_str()] = r[1].c_str();
    }
    return out;
  }
  void BurnTransaction() {
    pqxx::work tx(conn());
    tx.exec("SELECT pg_current_xact_id()");
    tx.commit();
  }
};

const std::string kThreeMonths = std::string(kPaymentsHeader) +
                                 "M1,2024-01,650.50,2024-01-08\n"
                                 "M1,2024-02,650.5,2024-02-08\n"
                                 "M2,2024-01,650,2024-01-09\n";

TEST_F(PaymentsImportTest, ImportsPaymentsAndReadsThemBack) {
  const Result<ImportReport> report = Import(kThreeMonths);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->rows, 3u);
  EXPECT_EQ(report->inserted, 3u);
  pqxx::work tx(conn());
  const pqxx::row r = tx.exec1(
      "SELECT period::text, amount::text, paid_on::text FROM payments "
      "WHERE member_id = 'M1' AND period = '2024-02-01'");
  EXPECT_EQ(r[0].as<std::string>(), "2024-02-01");
  EXPECT_EQ(r[1].as<std::string>(), "650.50");
  EXPECT_EQ(r[2].as<std::string>(), "2024-02-08");
}

TEST_F(PaymentsImportTest, ImportingTheSameFileTwiceChangesNothing) {
  ASSERT_TRUE(Import(kThreeMonths).ok());
  const auto before = Payments();
  BurnTransaction();
  const Result<ImportReport> again = Import(kThreeMonths);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->inserted, 0u);
  EXPECT_EQ(again->updated, 0u);
  EXPECT_EQ(again->unchanged, 3u);
  EXPECT_EQ(Payments(), before);
}

TEST_F(PaymentsImportTest, UpsertsByMemberAndPeriod) {
  ASSERT_TRUE(Import(kThreeMonths).ok());
  const auto before = Payments();
  BurnTransaction();
  const Result<ImportReport> report = Import(std::string(kPaymentsHeader) +
                                             "M1,2024-02,700.00,2024-02-10\n"  // changed
                                             "M2,2024-01,650,2024-01-09\n"     // same
                                             "M2,2024-02,650,2024-02-09\n");   // new
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->inserted, 1u);
  EXPECT_EQ(report->updated, 1u);
  EXPECT_EQ(report->unchanged, 1u);
  const auto after = Payments();
  EXPECT_EQ(after.size(), 4u);
  EXPECT_EQ(after.at("M1 2024-01"), before.at("M1 2024-01"));  // not in the file: kept
  EXPECT_EQ(after.at("M2 2024-01"), before.at("M2 2024-01"));
  EXPECT_THAT(after.at("M1 2024-02"), HasSubstr("700.00 2024-02-10"));
  EXPECT_NE(after.at("M1 2024-02"), before.at("M1 2024-02"));
}

TEST_F(PaymentsImportTest, MemberNotOnTheRollIsAnErrorNamingTheLine) {
  const Result<ImportReport> report = Import(std::string(kPaymentsHeader) +
                                             "M1,2024-01,650,2024-01-08\n"
                                             "M9,2024-01,650,2024-01-08\n"
                                             "M2,2024-01,650,2024-01-08\n");
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), Status::Code::kInvalidArgument);
  EXPECT_THAT(report.status().message(), HasSubstr("line 3, member_id: is not on the roll"));
  EXPECT_THAT(report.status().message(), HasSubstr("1 error"));
  EXPECT_EQ(Count("payments"), 0);
}

TEST_F(PaymentsImportTest, CountsMembersNotOnTheRollBeyondTheListed) {
  std::string file = kPaymentsHeader;
  for (int i = 0; i < 25; ++i) file += "X" + std::to_string(i) + ",2024-01,650,2024-01-08\n";
  const Result<ImportReport> report = Import(file);
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().message(), HasSubstr("25 errors"));
  EXPECT_THAT(report.status().message(), HasSubstr("line 21, member_id"));
  EXPECT_THAT(report.status().message(), Not(HasSubstr("line 22,")));
  EXPECT_THAT(report.status().message(), HasSubstr("and 5 more errors"));
}

TEST_F(PaymentsImportTest, RepeatedMemberAndPeriodIsAnError) {
  const Result<ImportReport> report = Import(std::string(kPaymentsHeader) +
                                             "M1,2024-01,650,2024-01-08\n"
                                             "M1,2024-02,650,2024-02-08\n"
                                             "M1,2024-01,650,2024-01-08\n");
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().message(), HasSubstr("line 4, period: "));
  EXPECT_EQ(Count("payments"), 0);
}

TEST_F(PaymentsImportTest, FindsMembersWhoseIdsNeedEscaping) {
  TempFile roll("roll2.csv", std::string(kRollHeader) + "M\\3" + RollLine(3).substr(2));
  ASSERT_TRUE(ImportRoll(conn(), roll.path(), testing::TestKeyring(), kQuiet).ok());
  const Result<ImportReport> report =
      Import(std::string(kPaymentsHeader) + "M\\3,2024-01,650,2024-01-08\n");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  pqxx::work tx(conn());
  EXPECT_EQ(tx.exec1("SELECT member_id FROM payments")[0].as<std::string>(), "M\\3");
}

TEST_F(PaymentsImportTest, BadFieldRejectsTheWholeFile) {
  ASSERT_TRUE(Import(kThreeMonths).ok());
  const auto before = Payments();
  const Result<ImportReport> report = Import(std::string(kPaymentsHeader) +
                                             "M1,2024-01,999,2024-01-08\n"
                                             "M2,2024-13,650,2024-01-08\n");
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().message(), HasSubstr("line 3, period: "));
  EXPECT_EQ(Payments(), before);
}

}  // namespace
}  // namespace xmatch::rolls
