#include "review/id_masking.h"

namespace xmatch::review {

std::string MaskIdNumber(std::string_view id_number) {
  constexpr size_t kLength = 18;
  constexpr size_t kShown = 4;
  if (id_number.size() != kLength) return std::string(id_number.size(), '*');
  return std::string(id_number.substr(0, kShown)) + std::string(kLength - 2 * kShown, '*') +
         std::string(id_number.substr(kLength - kShown));
}

}  // namespace xmatch::review
