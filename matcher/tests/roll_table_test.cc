#include "matcher/roll_table.h"

#include <gtest/gtest.h>

#include "matcher/tests/scenario.h"

namespace xmatch::matcher {
namespace {

using testing::Fen;
using testing::M;
using testing::PersonNo;

RollEntry Entry(const std::string& member_id, const std::string& region = "410102001001") {
  return RollEntry{member_id, "H1", PersonNo(1), Program::kDibaoRural, region,
                   RollStatus::kActive};
}

TEST(RollTable, PaymentsComeBackByMonthWhateverTheOrderAdded) {
  RollTableBuilder b;
  ASSERT_TRUE(b.AddRow(Entry("M1")).ok());
  ASSERT_TRUE(b.AddRow(Entry("M2")).ok());
  ASSERT_TRUE(b.AddPayment("M2", M("2024-03"), Fen(300)).ok());
  ASSERT_TRUE(b.AddPayment("M1", M("2024-05"), Fen(500)).ok());
  ASSERT_TRUE(b.AddPayment("M2", M("2024-01"), Fen(100)).ok());
  ASSERT_TRUE(b.AddPayment("M2", M("2023-12"), Fen(1200)).ok());
  Result<RollTable> t = std::move(b).Build();
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->payments(0).size(), 1u);
  EXPECT_EQ(t->payments(0)[0].amount, Fen(500));
  ASSERT_EQ(t->payments(1).size(), 3u);
  EXPECT_EQ(t->payments(1)[0].period, M("2023-12"));
  EXPECT_EQ(t->payments(1)[1].period, M("2024-01"));
  EXPECT_EQ(t->payments(1)[2].amount, Fen(300));
}

TEST(RollTable, TownshipIsTheFirstNineDigitsOfTheRegion) {
  RollTableBuilder b;
  ASSERT_TRUE(b.AddRow(Entry("M1", "410102003017")).ok());
  Result<RollTable> t = std::move(b).Build();
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->township(0), 410102003u);
  EXPECT_EQ(t->region_code(0), "410102003017");
  EXPECT_EQ(t->member_id(0), "M1");
  EXPECT_EQ(t->household_id(0), "H1");
}

TEST(RollTable, TwoPaymentsForOneMonthAreRefusedNamingMemberAndMonth) {
  RollTableBuilder b;
  ASSERT_TRUE(b.AddRow(Entry("M1")).ok());
  ASSERT_TRUE(b.AddPayment("M1", M("2024-03"), Fen(300)).ok());
  ASSERT_TRUE(b.AddPayment("M1", M("2024-03"), Fen(300)).ok());
  Result<RollTable> t = std::move(b).Build();
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("M1"), std::string::npos);
  EXPECT_NE(t.status().message().find("2024-03"), std::string::npos);
}

TEST(RollTable, PaymentForSomeoneNotOnTheRollIsNotFound) {
  RollTableBuilder b;
  ASSERT_TRUE(b.AddRow(Entry("M1")).ok());
  EXPECT_EQ(b.AddPayment("M9", M("2024-03"), Fen(300)).code(), Status::Code::kNotFound);
}

TEST(RollTable, RepeatedMemberIdAndMalformedRegionAreRefused) {
  RollTableBuilder b;
  ASSERT_TRUE(b.AddRow(Entry("M1")).ok());
  EXPECT_EQ(b.AddRow(Entry("M1")).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(b.AddRow(Entry("M2", "4101020010")).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(b.AddRow(Entry("M3", "41010200100X")).code(), Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace xmatch::matcher
