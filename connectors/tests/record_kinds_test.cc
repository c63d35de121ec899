#include "connectors/record_kinds.h"

#include <map>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "common/agreements.h"

namespace xmatch::connectors {
namespace {

TEST(RecordKinds, AreTheKindsTheAgreementsKnow) {
  std::map<std::string, std::set<std::string>> ours;
  for (const KindSpec& spec : AllKinds()) {
    ours[std::string(spec.source)].insert(std::string(spec.kind));
  }
  EXPECT_EQ(ours, KindsBySource());
}

TEST(RecordKinds, FindKindAnswersOnlyForItsOwnSource) {
  ASSERT_NE(FindKind("health", "death_certificate"), nullptr);
  EXPECT_EQ(FindKind("public_security", "death_certificate"), nullptr);
  EXPECT_EQ(FindKind("health", "death"), nullptr);
}

TEST(RecordKinds, EveryKindFillsTheEventDate) {
  for (const KindSpec& spec : AllKinds()) {
    int event_dates = 0;
    for (const FieldSpec& field : spec.fields) {
      if (field.column == Column::kEventDate) {
        ++event_dates;
        EXPECT_TRUE(field.required) << spec.kind;
      }
    }
    EXPECT_EQ(event_dates, 1) << spec.kind;
  }
}

}  // namespace
}  // namespace xmatch::connectors
