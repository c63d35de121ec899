// imprisoned (服刑/羁押期间领取), CONTRACT §2.
//
// Custody intervals of the person:
//   justice `imprisonment`: from start_date until the earliest justice `release` dated on
//     or after it; open if there is none. (expected_release is not custody evidence; a
//     release dated before every imprisonment ends nothing and is ignored.)
//   public_security `detention`: start_date .. end_date; open if end_date is absent.
// Both ends are inclusive; an open interval runs up to R. Community correction is not
// custody and raises nothing.
// Overpaid months: paid months whose whole calendar month lies inside the interval.
// One clue per roll row and interval with at least one such month. Evidence: the
// interval's start record and the release that ends it, if any.
// Key: imprisoned:<member_id>:<source>:<record_id of the start record>.
#pragma once

#include "matcher/rules/rule.h"

namespace xmatch::matcher {

void FindImprisoned(const RuleInput& in, const Person& person, std::vector<Clue>* out);

}  // namespace xmatch::matcher
