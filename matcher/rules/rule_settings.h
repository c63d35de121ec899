// RuleSettings: MatchConfig (common/config.h) checked and turned into the form the rules
// read in their inner loops: thresholds as Money, incompatible program pairs as a matrix.
#pragma once

#include <array>

#include "common/config.h"
#include "common/money.h"
#include "common/result.h"
#include "matcher/codes.h"

namespace xmatch::matcher {

struct RuleSettings {
  // pension_income: more than this in a month raises a clue.
  Money pension_threshold_dibao = Money::FromFen(100000);
  Money pension_threshold_tekun = Money::FromFen(100000);
  // duplicate_enrollment: incompatible[a][b] when programs a and b may not be held
  // together. Symmetric.
  std::array<std::array<bool, kProgramCount>, kProgramCount> incompatible{};

  // Fails with InvalidArgument, naming match.incompatible_programs, on an unknown program.
  static Result<RuleSettings> FromConfig(const MatchConfig& config);

  bool Incompatible(Program a, Program b) const {
    return incompatible[static_cast<size_t>(a)][static_cast<size_t>(b)];
  }
};

}  // namespace xmatch::matcher
