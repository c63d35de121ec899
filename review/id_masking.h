// Masking of resident ID numbers for the review pages: the first four and the last four
// characters stay (the prefecture and the check digit, enough to tell people apart on a
// page), the rest become '*': 411222199001011234 → 4112**********1234.
#pragma once

#include <string>
#include <string_view>

namespace xmatch::review {

// Anything that is not 18 characters long is masked entirely (never shown in part).
std::string MaskIdNumber(std::string_view id_number);

}  // namespace xmatch::review
