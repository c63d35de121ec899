#include "matcher/rules/rule_settings.h"

#include <string>
#include <vector>

namespace xmatch::matcher {

Result<RuleSettings> RuleSettings::FromConfig(const MatchConfig& config) {
  RuleSettings s;
  s.pension_threshold_dibao = Money::FromFen(config.pension_threshold_dibao_fen);
  s.pension_threshold_tekun = Money::FromFen(config.pension_threshold_tekun_fen);
  for (size_t g = 0; g < config.incompatible_programs.size(); ++g) {
    std::vector<Program> group;
    for (const std::string& name : config.incompatible_programs[g]) {
      Result<Program> program = ParseProgram(name);
      if (!program.ok()) {
        return program.status().WithContext("match.incompatible_programs[" +
                                            std::to_string(g) + "]");
      }
      group.push_back(*program);
    }
    for (Program a : group) {
      for (Program b : group) {
        if (a != b) s.incompatible[static_cast<size_t>(a)][static_cast<size_t>(b)] = true;
      }
    }
  }
  return s;
}

}  // namespace xmatch::matcher
