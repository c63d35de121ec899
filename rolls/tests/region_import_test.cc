// `regions` from a code,name CSV (ImportRegions) and from a list (UpsertRegions): all rows
// or none, errors naming the line and the field, an upsert that leaves identical rows alone.
#include "rolls/region_import.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rolls/tests/import_test_util.h"
#include "tests/support/pg_fixture.h"

namespace xmatch::rolls {
namespace {

using ::testing::HasSubstr;
using testing::TempFile;

const ImportOptions kQuiet{.progress_out = nullptr};

class RegionImportTest : public xmatch::testing::PgTest {
 protected:
  Result<ImportReport> Import(const std::string& contents) {
    TempFile file("regions.csv", contents);
    return ImportRegions(conn(), file.path(), kQuiet);
  }
  // Every row as "code name city_name updated_at", in code order.
  std::string Snapshot() {
    pqxx::work tx(conn());
    std::string out;
    for (const auto& r : tx.exec("SELECT code || ' ' || name || ' ' || coalesce(city_name, '-') "
                                 "|| ' ' || updated_at::text FROM regions ORDER BY code")) {
      out += r[0].c_str() + std::string("\n");
    }
    return out;
  }
  std::string NameOf(const std::string& code) {
    pqxx::work tx(conn());
    const pqxx::result r = tx.exec_params(
        "SELECT name || '|' || coalesce(city_name, '') FROM regions WHERE code = $1", code);
    return r.empty() ? "" : r[0][0].c_str();
  }
};

const std::string kSanmenxia =
    "\xEF\xBB\xBF"
    "code,name\r\n"
    "411200,三门峡市\r\n"
    "411203,陕州区\r\n"
    "411203001,甘棠街道\r\n"
    "411203001200, 尤家湾村委会 \r\n";

TEST_F(RegionImportTest, ImportsCodesAndNamesAndReimportChangesNothing) {
  const Result<ImportReport> first = Import(kSanmenxia);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->rows, 4u);
  EXPECT_EQ(first->inserted, 4u);
  EXPECT_EQ(NameOf("411203001"), "甘棠街道|");
  EXPECT_EQ(NameOf("411203001200"), "尤家湾村委会|");  // spaces around the name dropped

  const std::string before = Snapshot();
  const Result<ImportReport> again = Import(kSanmenxia);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->inserted, 0u);
  EXPECT_EQ(again->updated, 0u);
  EXPECT_EQ(again->unchanged, 4u);
  EXPECT_EQ(Snapshot(), before);

  const Result<ImportReport> renamed = Import("name,code\n甘棠街道办事处,411203001\n");
  ASSERT_TRUE(renamed.ok()) << renamed.status().ToString();
  EXPECT_EQ(renamed->updated, 1u);
  EXPECT_EQ(NameOf("411203001"), "甘棠街道办事处|");
}

TEST_F(RegionImportTest, ABadLineIsReportedWithItsFieldAndNothingIsWritten) {
  ASSERT_TRUE(Import("code,name\n411203,陕州区\n").ok());
  const std::string before = Snapshot();
  const Result<ImportReport> r = Import(
      "code,name\n"
      "411203001,甘棠街道\n"
      "4112030,大营镇\n"     // line 3: seven digits
      "411203101,\n"         // line 4: no name
      "411203001,甘棠街道\n");  // line 5: repeated code
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  const std::string& message = r.status().message();
  EXPECT_THAT(message, HasSubstr("regions.csv: 3 errors, nothing was imported"));
  EXPECT_THAT(message, HasSubstr("line 3, code: must be 6 (county or city), 9 (township) or 12 "
                                 "(village) digits, got 7 characters"));
  EXPECT_THAT(message, HasSubstr("line 4, name: is empty"));
  EXPECT_THAT(message, HasSubstr("line 5, code: appears earlier in the file"));
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(NameOf("411203001"), "");
}

TEST_F(RegionImportTest, AWrongHeaderNamesTheColumns) {
  const Result<ImportReport> r = Import("code,name,city\n411203,陕州区,三门峡市\n");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("unknown column(s): city"));
  EXPECT_THAT(r.status().message(), HasSubstr("The header must be: code,name"));
}

TEST_F(RegionImportTest, UpsertKeepsTheCountysCityWhenAFileNamesTheCountyAgain) {
  const Result<ImportReport> demo = UpsertRegions(
      conn(), {{"411203", "陕州区", "三门峡市"}, {"411203001", "甘棠街道", ""}});
  ASSERT_TRUE(demo.ok()) << demo.status().ToString();
  EXPECT_EQ(demo->inserted, 2u);
  ASSERT_TRUE(Import("code,name\n411203,陕州区\n").ok());
  EXPECT_EQ(NameOf("411203"), "陕州区|三门峡市");

  const Result<ImportReport> bad =
      UpsertRegions(conn(), {{"411204", "湖滨区", ""}, {"411203001", "甘棠街道", "三门峡市"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("region 2 (411203001), city_name: is only for a "
                                                "6-digit county code"));
  EXPECT_EQ(NameOf("411204"), "");
}

}  // namespace
}  // namespace xmatch::rolls
