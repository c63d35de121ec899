// duplicate_enrollment (重复享受), CONTRACT §2.
//
// Two `active` roll rows of the same person conflict when they are in different townships
// (first 9 digits of region_code), or in the same program, or in two programs that may not
// be held together (RuleSettings::incompatible). Suspended and exited rows never conflict.
// One clue per row with at least one conflicting row, raised whether or not any month was
// paid twice; other_rows names the conflicting rows. Overpaid months: the row's paid
// months in which a conflicting row was also paid. No department records.
// Key: duplicate_enrollment:<member_id>:<conflicting member_ids, sorted>.
#pragma once

#include "matcher/rules/rule.h"

namespace xmatch::matcher {

void FindDuplicateEnrollment(const RuleInput& in, const Person& person,
                             std::vector<Clue>* out);

}  // namespace xmatch::matcher
