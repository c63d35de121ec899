// The clue state machine of review/API.md, checked as a table: every (action, status)
// pair is either the one transition API.md allows or refused with 409.
#include "review/clue_actions.h"

#include <gtest/gtest.h>

namespace xmatch::review {
namespace {

const std::vector<std::string> kStatuses = {"new",       "verifying", "confirmed",
                                            "dismissed", "rectified", "transferred"};

// A request carrying every field any action needs, so that only the status decides.
ActionRequest Complete(std::string action) {
  return {std::move(action), "核实无误", "already_stopped", "停发并追回", "2026-12-31", "1950.00"};
}

TEST(ClueActions, ExactlyTheTransitionsOfTheApiTable) {
  const std::map<std::pair<std::string, std::string>, std::string> allowed = {
      {{"start_verification", "new"}, "verifying"}, {{"confirm", "verifying"}, "confirmed"},
      {{"dismiss", "new"}, "dismissed"},            {{"dismiss", "verifying"}, "dismissed"},
      {{"rectify", "confirmed"}, "rectified"},      {{"transfer", "confirmed"}, "transferred"}};
  for (const std::string action : {"start_verification", "confirm", "dismiss", "rectify", "transfer"}) {
    for (const std::string& from : kStatuses) {
      Result<std::string> to = CheckAction(from, Complete(action));
      auto it = allowed.find({action, from});
      if (it != allowed.end()) {
        ASSERT_TRUE(to.ok()) << action << " from " << from << ": " << to.status().ToString();
        EXPECT_EQ(*to, it->second) << action << " from " << from;
      } else {
        ASSERT_FALSE(to.ok()) << action << " from " << from << " must be refused";
        EXPECT_EQ(to.status().code(), Status::Code::kFailedPrecondition) << action << " from " << from;
      }
    }
  }
}

TEST(ClueActions, FinalStatusesAllowNothing) {
  EXPECT_TRUE(AllowedActions("dismissed").empty());
  EXPECT_TRUE(AllowedActions("rectified").empty());
  EXPECT_TRUE(AllowedActions("transferred").empty());
  EXPECT_EQ(AllowedActions("new"), (std::vector<std::string>{"start_verification", "dismiss"}));
  EXPECT_EQ(AllowedActions("confirmed"), (std::vector<std::string>{"rectify", "transfer"}));
}

TEST(ClueActions, UnknownActionIsABadRequest) {
  Result<std::string> to = CheckAction("new", Complete("delete"));
  ASSERT_FALSE(to.ok());
  EXPECT_EQ(to.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(to.status().message().find("action"), std::string::npos);
}

// Each required field, left out, is named in the 400 message.
TEST(ClueActions, MissingRequiredFieldsAreNamed) {
  struct Case {
    std::string from;
    ActionRequest request;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"verifying", {"confirm", "", "", "", "", ""}, "note"},
      {"confirmed", {"transfer", "  ", "", "", "", ""}, "note"},
      {"new", {"dismiss", "说明", "", "", "", ""}, "reason"},
      {"new", {"dismiss", "说明", "because", "", "", ""}, "reason"},
      {"verifying", {"dismiss", "", "other", "", "", ""}, "note"},
      {"confirmed", {"rectify", "", "", "", "2026-12-31", "0"}, "measures"},
      {"confirmed", {"rectify", "", "", "停发", "2026-13-01", "0"}, "deadline"},
      {"confirmed", {"rectify", "", "", "停发", "2026-12-31", ""}, "recovered_amount"},
      {"confirmed", {"rectify", "", "", "停发", "2026-12-31", "-5.00"}, "recovered_amount"},
      {"confirmed", {"rectify", "", "", "停发", "2026-12-31", "1e3"}, "recovered_amount"},
  };
  for (const Case& c : cases) {
    Result<std::string> to = CheckAction(c.from, c.request);
    ASSERT_FALSE(to.ok()) << c.request.action << " without " << c.field;
    EXPECT_EQ(to.status().code(), Status::Code::kInvalidArgument);
    EXPECT_EQ(to.status().message().rfind(c.field + ":", 0), 0u) << to.status().message();
  }
}

TEST(ClueActions, EveryDismissReasonOfTheListIsAccepted) {
  for (const DismissReason& reason : DismissReasons()) {
    ActionRequest r{"dismiss", "说明", std::string(reason.code), "", "", ""};
    EXPECT_TRUE(CheckAction("new", r).ok()) << reason.code;
  }
  EXPECT_EQ(DismissReasons().size(), 4u);
}

}  // namespace
}  // namespace xmatch::review
