#include "review/sql_params.h"

namespace xmatch::review {

std::string SqlParams::BindArray(const std::vector<std::string>& items) {
  std::string literal = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) literal += ',';
    literal += items[i];
  }
  literal += '}';
  return Bind(std::move(literal)) + "::text[]";
}

}  // namespace xmatch::review
