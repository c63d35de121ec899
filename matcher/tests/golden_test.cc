// The golden cases of CONTRACT §2: one folder per case under tests/golden/, each run in a
// fresh database through the real importers, the real record parser and RunMatch.
//
//   roll.csv, payments.csv   CONTRACT §1.1 and §1.2, imported with `xmatch roll/payments
//                            import`'s functions
//   records.jsonl            CONTRACT §1.3 messages (agreement_id test-<source>), parsed
//                            by the connectors' RecordParser and landed as dept_records
//   run_date.txt             R
//   expected_clues.csv       rule,member_id,anchor,overpaid_periods,overpaid_amount,records
//                            anchor: the clue key after rule and member_id (imprisoned:
//                            source:record_id of the custody start; duplicate_enrollment:
//                            the other member_ids); records: the evidence records as
//                            source:record_id, '|'-separated, in evidence order
//   about.txt                what the case checks
// Every clue raised must be expected and every expected clue raised.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include "common/agreements.h"
#include "connectors/record_parser.h"
#include "matcher/run/run_match.h"
#include "matcher/tests/run_test_support.h"
#include "rolls/payments_import.h"
#include "rolls/roll_import.h"
#include "tests/support/pg_fixture.h"

#ifndef XMATCH_GOLDEN_DIR
#error "XMATCH_GOLDEN_DIR must name tests/golden"
#endif

namespace xmatch::matcher::testing {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(XMATCH_GOLDEN_DIR)) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// One agreement per source, covering all its kinds, always in force.
AgreementRegistry TestAgreements() {
  std::vector<Agreement> all;
  for (const auto& [source, kinds] : KindsBySource()) {
    all.push_back(Agreement{"test-" + source, source, kinds, {"name"}, "golden tests",
                            Date::FromValidYmd(2000, 1, 1), Date::FromValidYmd(2199, 12, 31),
                            36500, "test-" + source + ".yaml"});
  }
  return *AgreementRegistry::FromAgreements(std::move(all));
}

// Parses every line of `path` and lands it as the connectors would; a reject fails the test.
void LandRecords(pqxx::connection& conn, const fs::path& path, Date received_on) {
  const AgreementRegistry agreements = TestAgreements();
  connectors::RecordParser parser(TestKeyring(), agreements);
  pqxx::work tx(conn);
  int line_no = 0;
  for (const std::string& line : Lines(ReadFile(path))) {
    ++line_no;
    connectors::ParseOutcome outcome = parser.Parse(line, {"", received_on});
    if (const auto* reject = std::get_if<connectors::Reject>(&outcome)) {
      ADD_FAILURE() << path << ":" << line_no << " rejected: " << reject->message;
      continue;
    }
    const auto& r = std::get<connectors::DepartmentRecord>(outcome);
    InsertRecord(tx, RecordRow{r.source, r.record_id, r.kind, r.id_token,
                               r.event_date ? r.event_date->ToString() : "",
                               r.end_date ? r.end_date->ToString() : "",
                               r.amount ? r.amount->ToString() : "", r.reason.value_or(""),
                               r.fields_json, path.filename().string(), line_no});
  }
  tx.commit();
}

class GoldenCase : public xmatch::testing::PgTest,
                   public ::testing::WithParamInterface<std::string> {};

TEST_P(GoldenCase, RaisesExactlyTheExpectedClues) {
  const fs::path dir = fs::path(XMATCH_GOLDEN_DIR) / GetParam();
  SCOPED_TRACE(ReadFile(dir / "about.txt"));
  const Date run_date = *Date::Parse(Lines(ReadFile(dir / "run_date.txt")).at(0));

  rolls::ImportOptions quiet;
  quiet.progress_out = nullptr;
  auto roll = rolls::ImportRoll(conn(), (dir / "roll.csv").string(), TestKeyring(), quiet);
  ASSERT_TRUE(roll.ok()) << roll.status().ToString();
  auto payments = rolls::ImportPayments(conn(), (dir / "payments.csv").string(), quiet);
  ASSERT_TRUE(payments.ok()) << payments.status().ToString();
  LandRecords(conn(), dir / "records.jsonl", run_date);

  RunOptions options;
  options.run_date = run_date;
  options.progress = nullptr;
  auto summary = RunMatch(conn(), options);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();

  std::vector<std::string> expected = Lines(ReadFile(dir / "expected_clues.csv"));
  expected.erase(expected.begin());  // header
  std::vector<std::string> raised;
  pqxx::work tx(conn());
  for (const auto& row : tx.exec(
           "SELECT rule, member_id, clue_key, overpaid_periods, overpaid_amount::text, "
           "  (SELECT coalesce(string_agg((e->>'source') || ':' || (e->>'record_id'), '|' "
           "                              ORDER BY n), '') "
           "   FROM jsonb_array_elements(evidence->'records') WITH ORDINALITY AS r(e, n)) "
           "FROM clues")) {
    const std::string prefix = std::string(row[0].c_str()) + ":" + row[1].c_str();
    std::string anchor = std::string(row[2].c_str()).substr(prefix.size());
    if (!anchor.empty()) anchor.erase(0, 1);  // the ':' after member_id
    raised.push_back(std::string(row[0].c_str()) + "," + row[1].c_str() + "," + anchor + "," +
                     row[3].c_str() + "," + row[4].c_str() + "," + row[5].c_str());
  }
  std::sort(expected.begin(), expected.end());
  std::sort(raised.begin(), raised.end());
  EXPECT_EQ(raised, expected);
}

INSTANTIATE_TEST_SUITE_P(Contract, GoldenCase, ::testing::ValuesIn(CaseNames()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace xmatch::matcher::testing
