// deceased (死亡人员超期领取), CONTRACT §2.
//
// Death evidence: public_security `death`, public_security `deregistration` with reason
// `death`, health `death_certificate`, pension `pension_stop` with reason `death`.
// D = the earliest death date among them. For each roll row of the person (any status):
// overpaid months are the paid months later than the month of D. A clue is raised when
// there is at least one, or when the row is `active` and R - D > 90 days (91 raises, 90
// does not). Evidence: every death record of the person. Key: deceased:<member_id>.
#pragma once

#include "matcher/rules/rule.h"

namespace xmatch::matcher {

void FindDeceased(const RuleInput& in, const Person& person, std::vector<Clue>* out);

}  // namespace xmatch::matcher
