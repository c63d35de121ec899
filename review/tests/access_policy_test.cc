// Who sees which clue (review/API.md "Roles"), as the pure policy decides it.
#include "review/access_policy.h"

#include <gtest/gtest.h>

#include "review/id_masking.h"

namespace xmatch::review {
namespace {

Principal Make(Role role, std::vector<std::string> codes) {
  Principal p;
  p.username = "u";
  p.role = role;
  p.region_codes = std::move(codes);
  return p;
}

const ClueScope kOwn{"411222100", "411222", "new"};
const ClueScope kSameCountyOtherTownship{"411222101", "411222", "new"};
const ClueScope kOtherCounty{"411202001", "411202", "new"};

TEST(AccessPolicy, TownshipStaffSeeOnlyTheirTownships) {
  const Principal staff = Make(Role::kTownshipStaff, {"411222100"});
  EXPECT_EQ(CheckClueAccess(staff, kOwn), ClueAccess::kAllowed);
  EXPECT_EQ(CheckClueAccess(staff, kSameCountyOtherTownship), ClueAccess::kOtherRegion);
  EXPECT_EQ(CheckClueAccess(staff, kOtherCounty), ClueAccess::kOtherRegion);
}

TEST(AccessPolicy, TownshipStaffGainNothingFromACountyCode) {
  const Principal staff = Make(Role::kTownshipStaff, {"411222"});
  EXPECT_EQ(CheckClueAccess(staff, kOwn), ClueAccess::kOtherRegion);
  SqlParams params;
  EXPECT_EQ(ClueVisibilityPredicate(staff, params), "false");
}

TEST(AccessPolicy, CountyReviewersSeeTheirWholeCounty) {
  const Principal reviewer = Make(Role::kCountyReviewer, {"411222"});
  EXPECT_EQ(CheckClueAccess(reviewer, kOwn), ClueAccess::kAllowed);
  EXPECT_EQ(CheckClueAccess(reviewer, kSameCountyOtherTownship), ClueAccess::kAllowed);
  EXPECT_EQ(CheckClueAccess(reviewer, kOtherCounty), ClueAccess::kOtherRegion);
}

TEST(AccessPolicy, LiaisonsSeeOnlyTransferredClues) {
  const Principal liaison = Make(Role::kDisciplineLiaison, {"411222"});
  EXPECT_EQ(CheckClueAccess(liaison, kOwn), ClueAccess::kNotTransferred);
  EXPECT_EQ(CheckClueAccess(liaison, {"411222100", "411222", "transferred"}), ClueAccess::kAllowed);
  EXPECT_EQ(CheckClueAccess(liaison, {"411202001", "411202", "transferred"}), ClueAccess::kOtherRegion);
  SqlParams params;
  EXPECT_NE(ClueVisibilityPredicate(liaison, params).find("c.status = 'transferred'"), std::string::npos);
}

TEST(AccessPolicy, ItAdminsAndAuditorsSeeNoClues) {
  for (Role role : {Role::kItAdmin, Role::kAuditor}) {
    const Principal p = Make(role, {"411222100", "411222"});
    EXPECT_EQ(CheckClueAccess(p, kOwn), ClueAccess::kNoClueAccess);
    EXPECT_FALSE(MayAccessTownship(p, "411222100"));
    SqlParams params;
    EXPECT_EQ(ClueVisibilityPredicate(p, params), "false");
  }
}

// Codes are bound, never spliced: a code with SQL in it is not a code and is ignored.
TEST(AccessPolicy, MalformedRegionCodesAreIgnored) {
  const Principal staff = Make(Role::kTownshipStaff, {"41122210'", "411222100' OR '1'='1"});
  SqlParams params;
  EXPECT_EQ(ClueVisibilityPredicate(staff, params), "false");
  EXPECT_FALSE(MayAccessTownship(staff, "411222100"));
}

TEST(AccessPolicy, TownshipFilterMustLieInTheRegion) {
  EXPECT_TRUE(MayAccessTownship(Make(Role::kCountyReviewer, {"411222"}), "411222101"));
  EXPECT_FALSE(MayAccessTownship(Make(Role::kCountyReviewer, {"411222"}), "411202001"));
  EXPECT_TRUE(MayAccessTownship(Make(Role::kTownshipStaff, {"411222100"}), "411222100"));
  EXPECT_FALSE(MayAccessTownship(Make(Role::kTownshipStaff, {"411222100"}), "411222101"));
}

TEST(IdMasking, KeepsFourAndFour) {
  EXPECT_EQ(MaskIdNumber("41122219900101123X"), "4112**********123X");
  EXPECT_EQ(MaskIdNumber("411222900101123"), "***************");
  EXPECT_EQ(MaskIdNumber(""), "");
}

}  // namespace
}  // namespace xmatch::review
