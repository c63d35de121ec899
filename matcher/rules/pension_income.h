// pension_income (养老金收入超标), CONTRACT §2.
//
// For each roll row in a dibao_* or tekun_* program: overpaid months are the paid months P
// in which the person's pension `pension_payment` amounts for P (all schemes, all
// records, summed) total strictly more than the program group's threshold. One clue per
// row with at least one such month. Evidence: the pension payments of those months.
// Key: pension_income:<member_id>.
#pragma once

#include "matcher/rules/rule.h"

namespace xmatch::matcher {

void FindPensionIncome(const RuleInput& in, const Person& person, std::vector<Clue>* out);

}  // namespace xmatch::matcher
