// ComputeWarnings: which agreements and sources raise an operation warning, and what the
// warnings say (no database; the instants are injected).
#include "review/operation_warnings.h"

#include <chrono>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace xmatch::review {
namespace {

using std::chrono::hours;
using ::testing::HasSubstr;
using Kind = OperationWarning::Kind;

const Date kToday = Date::FromValidYmd(2026, 11, 23);
const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1795400000));

Agreement MakeAgreement(const std::string& id, const std::string& provider, Date from, Date to) {
  Agreement a;
  a.id = id;
  a.provider = provider;
  a.kinds = {provider == "justice" ? "imprisonment" : "death"};
  a.purpose = "test";
  a.valid_from = from;
  a.valid_to = to;
  a.retention_days = 1095;
  return a;
}

AgreementRegistry Registry() {
  const Date from = Date::FromValidYmd(2026, 1, 1);
  Result<AgreementRegistry> registry = AgreementRegistry::FromAgreements({
      MakeAgreement("ps-expiring", "public_security", from, Date::FromValidYmd(2026, 12, 23)),
      MakeAgreement("sf-long", "justice", from, Date::FromValidYmd(2027, 12, 31)),
      MakeAgreement("ps-old", "public_security", Date::FromValidYmd(2020, 1, 1),
                    Date::FromValidYmd(2020, 12, 31)),
  });
  EXPECT_TRUE(registry.ok()) << registry.status().ToString();
  return *registry;
}

TEST(OperationWarnings, AgreementInForceExpiringWithinThirtyDays) {
  const std::vector<OperationWarning> warnings =
      ComputeWarnings(Registry(), {{"public_security", kNow}, {"justice", kNow}}, kToday, kNow, 2);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].kind, Kind::kAgreementExpiring);
  EXPECT_EQ(warnings[0].kind_name(), "agreement_expiring");
  EXPECT_EQ(warnings[0].item, "ps-expiring");
  EXPECT_EQ(warnings[0].days, 30);
  EXPECT_THAT(warnings[0].message, HasSubstr("expires on 2026-12-23, in 30 day(s)"));
  EXPECT_THAT(warnings[0].message_zh, HasSubstr("剩 30 天"));
  // One day further away: no warning. The expired ps-old never warns.
  EXPECT_TRUE(ComputeWarnings(Registry(), {{"public_security", kNow}, {"justice", kNow}},
                              Date::FromDays(kToday.days() - 1), kNow, 2)
                  .empty());
}

TEST(OperationWarnings, SourceStaleAfterTheLimitOrNeverSent) {
  // justice: 3 days old with a 2-day limit; public_security: never sent.
  std::vector<OperationWarning> warnings =
      ComputeWarnings(Registry(), {{"justice", kNow - hours(24 * 3 + 1)}},
                      Date::FromValidYmd(2026, 6, 1), kNow, 2);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0].kind, Kind::kSourceStale);
  EXPECT_EQ(warnings[0].item, "justice");
  EXPECT_EQ(warnings[0].days, 3);
  EXPECT_THAT(warnings[0].message, HasSubstr("3 day(s) old (limit 2)"));
  EXPECT_EQ(warnings[1].item, "public_security");
  EXPECT_EQ(warnings[1].days, std::nullopt);
  EXPECT_THAT(warnings[1].message_zh, HasSubstr("尚未接收到任何数据"));

  // Exactly at the limit is not stale; a limit of 0 turns staleness off.
  warnings = ComputeWarnings(Registry(),
                             {{"justice", kNow - hours(48)}, {"public_security", kNow}},
                             Date::FromValidYmd(2026, 6, 1), kNow, 2);
  EXPECT_TRUE(warnings.empty());
  EXPECT_TRUE(ComputeWarnings(Registry(), {}, Date::FromValidYmd(2026, 6, 1), kNow, 0).empty());
}

TEST(OperationWarnings, JsonCarriesTheChineseMessage) {
  const nlohmann::json json = WarningsJson(
      ComputeWarnings(Registry(), {{"justice", kNow}}, kToday, kNow, 2));
  ASSERT_EQ(json.size(), 2u);
  EXPECT_EQ(json[0]["kind"], "agreement_expiring");
  EXPECT_EQ(json[0]["item"], "ps-expiring");
  EXPECT_EQ(json[1]["kind"], "source_stale");
  EXPECT_TRUE(json[1]["days"].is_null());
  EXPECT_THAT(json[1]["message"].get<std::string>(), HasSubstr("公安"));
}

}  // namespace
}  // namespace xmatch::review
