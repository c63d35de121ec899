// The ledger's description sentence, the queue's parameter checks and the CSV format:
// the parts of the exports and the queue that need no database.
#include <gtest/gtest.h>

#include "review/clue_queue.h"
#include "review/ledger_export.h"
#include "review/region_names.h"

namespace xmatch::review {
namespace {

using Json = nlohmann::json;

TEST(LedgerDescription, SaysWhoWhenHowMuchWhat) {
  const Json evidence = Json::parse(R"({"records": [{"source": "public_security", "kind": "death",
      "record_id": "PS-1", "death_date": "2026-05-03"}],
      "overpaid": [{"period": "2026-06", "amount": "650.00"}]})");
  EXPECT_EQ(DescribeClue("deceased", "张三", "dibao_rural", 3, "1950.00", evidence),
            "张三（农村低保）2026年5月3日死亡，死亡后仍发放3个月共1950.00元");
}

TEST(LedgerDescription, ImprisonedAndDuplicate) {
  const Json prison = Json::parse(R"({"records": [{"source": "justice", "kind": "imprisonment",
      "start_date": "2025-01-15"}]})");
  EXPECT_EQ(DescribeClue("imprisoned", "李四", "tekun_dispersed", 2, "1300.00", prison),
            "李四（分散供养特困）2025年1月15日起被羁押或服刑，期间仍发放2个月共1300.00元");
  const Json twice = Json::parse(R"({"records": [], "other_members": ["M2"],
      "overpaid": [{"period": "2026-02", "amount": "500.00"}]})");
  EXPECT_EQ(DescribeClue("duplicate_enrollment", "王五", "dibao_urban", 1, "500.00", twice),
            "王五（城市低保）自2026年2月起同时在名册记录M2中享受救助，重复发放1个月共500.00元");
}

TEST(LedgerRegions, ResponsibleUnitByNameElseByCode) {
  EXPECT_EQ(ResponsibleUnit("411203001", "甘棠街道"), "甘棠街道民政办");
  EXPECT_EQ(ResponsibleUnit("411203001", std::nullopt), "411203001乡镇（街道）民政办");
}

TEST(LedgerRegions, NamesFallBackToCodesAndCitiesToTheCityCode) {
  RegionNames names;
  names.names = {{"411203", "陕州区"}, {"411203001", "甘棠街道"}, {"411200", "三门峡市"}};
  EXPECT_EQ(names.NameOrCode("411203001"), "甘棠街道");
  EXPECT_EQ(names.NameOrCode("411203100"), "411203100");
  EXPECT_EQ(CityCodeOf("411203001200"), "411200");
  EXPECT_EQ(names.CityOf("411203001"), "三门峡市");  // through the city's own code
  names.city_names = {{"411203", "三门峡市（county row）"}};
  EXPECT_EQ(names.CityOf("411203001"), "三门峡市（county row）");  // the county row first
  EXPECT_EQ(names.CityOf("640424001"), std::nullopt);
}

TEST(LedgerCsv, HeaderAfterABomAndQuotedFields) {
  LedgerRow row;
  row.number = 1;
  row.description = "含逗号,和\"引号\"";
  row.measures = "=HYPERLINK(\"x\")";
  const std::string csv = LedgerCsv({row});
  ASSERT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0u);
  EXPECT_EQ(csv.substr(3, csv.find("\r\n") - 3),
            "序号,省辖市,乡镇(街道),线索类型,线索来源,问题描述,责任单位,整治措施,整治时限,整治结果");
  EXPECT_NE(csv.find("\"含逗号,和\"\"引号\"\"\""), std::string::npos);
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"x\"\")\""), std::string::npos);  // not a live formula
}

TEST(QueueQuery, DefaultsAndLimits) {
  Result<QueueQuery> q = ParseQueueQuery({});
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->page, 1);
  EXPECT_EQ(q->page_size, 50);
  EXPECT_TRUE(ParseQueueQuery({{"page_size", "200"}}).ok());
  EXPECT_FALSE(ParseQueueQuery({{"page_size", "201"}}).ok());
  EXPECT_FALSE(ParseQueueQuery({{"page", "0"}}).ok());
  Result<QueueQuery> statuses = ParseQueueQuery({{"status", "new,verifying"}});
  ASSERT_TRUE(statuses.ok());
  EXPECT_EQ(statuses->statuses, (std::vector<std::string>{"new", "verifying"}));
}

TEST(QueueQuery, EveryBadValueNamesItsParameter) {
  for (const std::string name : {"rule", "status", "township", "min_amount", "max_amount", "from",
                                 "to", "new", "sort", "page", "page_size"}) {
    Result<QueueQuery> q = ParseQueueQuery({{name, "1' OR '1'='1"}});
    ASSERT_FALSE(q.ok()) << name;
    EXPECT_EQ(q.status().message().rfind(name + ":", 0), 0u) << q.status().message();
  }
}

}  // namespace
}  // namespace xmatch::review
