// The done-when checks of the foundation issue, through the real `xmatch` binary as a user
// runs it: `xmatch db migrate` twice, `xmatch roll import` of the same file twice, and a
// roll file with a bad check character on line 7342; `xmatch regions import`.
#include <cstdlib>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rolls/tests/import_test_util.h"
#include "store/subprocess.h"
#include "tests/support/pg_fixture.h"

#ifndef XMATCH_BINARY
#error "XMATCH_BINARY must be defined by the build"
#endif

namespace xmatch::rolls {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::IdNumber;
using testing::kRollHeader;
using testing::RollLine;
using testing::TempFile;

class CliImportTest : public xmatch::testing::PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    // The child inherits this process's environment.
    setenv("XMATCH_PG", dsn().c_str(), 1);
    setenv("XMATCH_TOKEN_KEYS", ("1=" + key_file_.path()).c_str(), 1);
    setenv("XMATCH_LOG_LEVEL", "warn", 1);
  }

  store::ProcessOutput Xmatch(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {XMATCH_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    Result<store::ProcessOutput> out = store::RunProcess(argv, std::nullopt);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? *out : store::ProcessOutput{.exit_code = -1, .output = ""};
  }

  // Every roll row as text, with its change_xid: equal before and after means no row
  // was written.
  std::string RollSnapshot() {
    pqxx::work tx(conn());
    std::string out;
    for (const auto& r : tx.exec("SELECT roll_members::text, change_xid::text FROM roll_members "
                                 "ORDER BY member_id")) {
      out += r[0].c_str() + std::string(" ") + r[1].c_str() + "\n";
    }
    return out;
  }

  // Commits an empty transaction so that the next one gets a new xid.
  void BurnTransaction() {
    pqxx::work tx(conn());
    tx.exec("SELECT pg_current_xact_id()");
    tx.commit();
  }

  TempFile key_file_{"key1.hex", std::string(64, 'a') + "\n"};
};

TEST_F(CliImportTest, DbMigrateTwiceTheSecondDoesNothing) {
  // The fixture's database was migrated once already.
  const auto applied = [&] {
    pqxx::work tx(conn());
    const pqxx::row r =
        tx.exec1("SELECT count(*)::text || ' ' || max(applied_at)::text FROM schema_migrations");
    return r[0].as<std::string>();
  };
  const std::string before = applied();
  for (int run = 0; run < 2; ++run) {
    const store::ProcessOutput out = Xmatch({"db", "migrate"});
    EXPECT_EQ(out.exit_code, 0) << out.output;
    EXPECT_THAT(out.output, HasSubstr("schema is up to date"));
    EXPECT_THAT(out.output, Not(HasSubstr("applied")));
  }
  EXPECT_EQ(applied(), before);
}

TEST_F(CliImportTest, SameRollFileTwiceSameRowCountAndTheSecondChangesNoRow) {
  std::string file = kRollHeader;
  for (int i = 1; i <= 500; ++i) file += RollLine(i);
  TempFile roll("cli_roll.csv", file);

  const store::ProcessOutput first = Xmatch({"roll", "import", roll.path()});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_THAT(first.output, HasSubstr("500 rows: 500 new, 0 changed, 0 unchanged"));
  const std::string before = RollSnapshot();
  BurnTransaction();

  const store::ProcessOutput second = Xmatch({"roll", "import", roll.path()});
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_THAT(second.output, HasSubstr("500 rows: 0 new, 0 changed, 500 unchanged"));
  EXPECT_EQ(Count("roll_members"), 500);
  EXPECT_EQ(RollSnapshot(), before);
}

TEST_F(CliImportTest, BadCheckCharacterOnLine7342FailsNamingLineAndFieldAndWritesNothing) {
  TempFile base("cli_base.csv", std::string(kRollHeader) + RollLine(1) + RollLine(2));
  ASSERT_EQ(Xmatch({"roll", "import", base.path()}).exit_code, 0);
  const std::string before = RollSnapshot();

  // Line 1 is the header: members 1..7340 are lines 2..7341, with a changed amount for
  // member 1 and new members after it; the bad row is line 7342, good rows follow.
  std::string file = std::string(kRollHeader) + RollLine(1, "999");
  for (int i = 2; i <= 7340; ++i) file += RollLine(i);
  std::string bad_id = IdNumber(7341);
  bad_id.back() = bad_id.back() == '0' ? '1' : '0';
  file += "M7341,H1," + bad_id + ",赵六,orphan,110101001001,2020-01-01,600,active,\n";
  for (int i = 7342; i <= 7400; ++i) file += RollLine(i);
  TempFile roll("cli_bad_roll.csv", file);

  const store::ProcessOutput out = Xmatch({"roll", "import", roll.path()});
  EXPECT_NE(out.exit_code, 0);
  EXPECT_THAT(out.output, HasSubstr("line 7342, id_number: "));
  EXPECT_THAT(out.output, HasSubstr("check character"));
  const size_t named_at = out.output.find(roll.path());
  ASSERT_NE(named_at, std::string::npos) << out.output;
  EXPECT_EQ(out.output.find(roll.path(), named_at + 1), std::string::npos)
      << "the file is named once: " << out.output;
  EXPECT_THAT(out.output, Not(HasSubstr(bad_id.substr(0, 17))));
  EXPECT_EQ(Count("roll_members"), 2);
  EXPECT_EQ(RollSnapshot(), before);
}

TEST_F(CliImportTest, RegionsImportLoadsNamesAndABadLineFailsNamingLineAndFieldWritingNothing) {
  TempFile names("cli_regions.csv", "code,name\n411203,陕州区\n411203001,甘棠街道\n");
  const store::ProcessOutput first = Xmatch({"regions", "import", names.path()});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_THAT(first.output, HasSubstr("2 rows: 2 new, 0 changed, 0 unchanged"));
  EXPECT_EQ(Count("regions"), 2);

  TempFile bad("cli_bad_regions.csv", "code,name\n411203100,大营镇\n41120310x,原店镇\n");
  const store::ProcessOutput out = Xmatch({"regions", "import", bad.path()});
  EXPECT_NE(out.exit_code, 0);
  EXPECT_THAT(out.output, HasSubstr("cli_bad_regions.csv: 1 error, nothing was imported"));
  EXPECT_THAT(out.output, HasSubstr("line 3, code: must be 6 (county or city), 9 (township) or "
                                    "12 (village) digits"));
  EXPECT_EQ(Count("regions"), 2);  // 大营镇 on line 2 was not written either
}

}  // namespace
}  // namespace xmatch::rolls
