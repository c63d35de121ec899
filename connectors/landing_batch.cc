#include "connectors/landing_batch.h"

#include <utility>
#include <variant>

namespace xmatch::connectors {

void LandingBatch::Add(ParseOutcome outcome, Origin origin) {
  if (auto* record = std::get_if<DepartmentRecord>(&outcome)) {
    records_.push_back({std::move(*record), std::move(origin)});
  } else {
    rejects_.push_back({std::get<Reject>(std::move(outcome)), std::move(origin)});
  }
}

void LandingBatch::Clear() {
  records_.clear();
  rejects_.clear();
}

}  // namespace xmatch::connectors
