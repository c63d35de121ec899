#include "demo/county_generator.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "common/resident_id.h"

namespace xmatch::demo {
namespace {

const std::vector<County>& Counties() {
  static const std::vector<County> counties = [] {
    auto loaded = LoadCounties(std::string(XMATCH_SOURCE_DIR) + "/config/divisions/counties.json");
    EXPECT_TRUE(loaded.ok()) << loaded.status().message();
    return loaded.ok() ? *loaded : std::vector<County>{};
  }();
  return counties;
}

CountyData Generate(const std::string& code, int households, uint64_t seed = 7) {
  Result<County> county = FindCounty(Counties(), code);
  EXPECT_TRUE(county.ok()) << county.status().message();
  CountyOptions options{.seed = seed, .households = households,
                        .run_date = Date::FromValidYmd(2026, 11, 23)};
  Result<CountyData> data = GenerateCounty(*county, options);
  EXPECT_TRUE(data.ok()) << data.status().message();
  return std::move(*data);
}

TEST(Divisions, TheFiveCountiesOfTheNoticesWithTheirTownships) {
  ASSERT_EQ(Counties().size(), 5u);
  Result<County> shanzhou = FindCounty(Counties(), "411222");  // 陕县's code before 2015
  ASSERT_TRUE(shanzhou.ok());
  EXPECT_EQ(shanzhou->name, "陕州区");
  EXPECT_EQ(shanzhou->city, "三门峡市");
  Result<County> tongliang = FindCounty(Counties(), "500151");
  ASSERT_TRUE(tongliang.ok());
  bool qinglong = false;  // the township of the 2022 notice
  for (const Township& t : tongliang->townships) qinglong |= t.name == "庆隆镇";
  EXPECT_TRUE(qinglong);
  EXPECT_EQ(tongliang->city, "重庆市");
  EXPECT_FALSE(FindCounty(Counties(), "110101").ok());
}

TEST(Divisions, RegionNamesCoverTheCountyItsCityTownshipsAndVillages) {
  Result<County> shanzhou = FindCounty(Counties(), "411203");
  ASSERT_TRUE(shanzhou.ok());
  std::map<std::string, std::pair<std::string, std::string>> names;
  for (const rolls::RegionName& r : RegionNames(*shanzhou)) {
    EXPECT_TRUE(names.emplace(r.code, std::pair{r.name, r.city_name}).second) << r.code;
  }
  EXPECT_EQ(names["411200"], (std::pair<std::string, std::string>{"三门峡市", ""}));
  EXPECT_EQ(names["411203"], (std::pair<std::string, std::string>{"陕州区", "三门峡市"}));
  EXPECT_EQ(names["411203001"].first, "甘棠街道");
  EXPECT_EQ(names["411203001200"].first, "尤家湾村委会");
  EXPECT_EQ(names.count("411222"), 0u);  // the roll carries today's codes only
  size_t villages = 0;
  for (const Township& t : shanzhou->townships) villages += t.villages.size();
  EXPECT_EQ(names.size(), 2 + shanzhou->townships.size() + villages);
  // Every region code the generated roll uses has a name.
  const CountyData data = Generate("411203", 300);
  for (const RollRow& r : data.roll) {
    EXPECT_EQ(names.count(r.region_code), 1u) << r.region_code;
    EXPECT_EQ(names.count(r.region_code.substr(0, 9)), 1u) << r.region_code;
  }
}

TEST(CountyGenerator, SameSeedSameCountyOtherSeedOtherCounty) {
  CountyData a = Generate("640424", 120), b = Generate("640424", 120),
             c = Generate("640424", 120, 8);
  ASSERT_EQ(a.roll.size(), b.roll.size());
  for (size_t i = 0; i < a.roll.size(); ++i) EXPECT_EQ(a.roll[i].id_number, b.roll[i].id_number);
  EXPECT_EQ(a.records.at("pension").size(), b.records.at("pension").size());
  EXPECT_NE(a.roll.front().id_number, c.roll.front().id_number);
}

TEST(CountyGenerator, RollRowsAreValidAndInTheCountysRealVillages) {
  CountyData data = Generate("371724", 300);
  std::set<std::string> villages, members;
  for (const Township& t : data.county.townships) {
    for (const Village& v : t.villages) villages.insert(v.code);
  }
  std::map<std::string, int> programs;
  for (const RollRow& row : data.roll) {
    EXPECT_TRUE(ResidentId::Parse(row.id_number).ok()) << row.member_id;
    EXPECT_EQ(row.id_number.substr(0, 6), "371724");
    EXPECT_TRUE(villages.count(row.region_code)) << row.region_code;
    EXPECT_TRUE(members.insert(row.member_id).second) << "duplicate " << row.member_id;
    EXPECT_EQ(row.exited_on.has_value(), row.status == "exited") << row.member_id;
    ++programs[row.program];
  }
  EXPECT_GT(programs["dibao_rural"], programs["tekun_dispersed"]);
  EXPECT_GT(programs["tekun_dispersed"], 0);
  EXPECT_GT(programs["elderly_allowance"], 0);
  for (const PaymentRow& p : data.payments) {
    EXPECT_TRUE(members.count(p.member_id));
    EXPECT_LT(p.period, data.run_date.month_of());
    EXPECT_GE(p.period.index(), data.run_date.month_of().index() - 12);
  }
}

TEST(CountyGenerator, PlantsCasesAndControlsOfEveryRule) {
  CountyData data = Generate("141121", 150);
  std::map<std::string, std::pair<int, int>> by_rule;  // raising, controls
  for (const PlantedCase& c : data.planted) {
    (c.raises_clue ? by_rule[c.rule].first : by_rule[c.rule].second)++;
  }
  for (const char* rule : {"deceased", "imprisoned", "pension_income", "duplicate_enrollment"}) {
    EXPECT_GT(by_rule[rule].first, 0) << rule;
    EXPECT_GT(by_rule[rule].second, 0) << rule;
  }
  EXPECT_EQ(data.planted_rejects, 3);
  for (const char* source : {"public_security", "justice", "health", "pension"}) {
    ASSERT_TRUE(data.records.count(source)) << source;
    for (const auto& record : data.records.at(source)) EXPECT_EQ(record.at("source"), source);
  }
}

TEST(CountyGenerator, RefusesACountyTooSmallForItsCases) {
  Result<County> county = FindCounty(Counties(), "500151");
  ASSERT_TRUE(county.ok());
  EXPECT_FALSE(GenerateCounty(*county, {.households = 10}).ok());
}

}  // namespace
}  // namespace xmatch::demo
