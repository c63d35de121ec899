// The detail of one clue (GET /api/clues/{id}, review/API.md "Detail"): the clue row, the
// roll row it concerns (ID number masked), the department records of its evidence with
// where each came from, the overpaid months and the clue's history. Reads only; the
// caller has checked access and writes the audit row in the same transaction.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "common/result.h"
#include "review/access_policy.h"

namespace xmatch::review {

// What the access policy needs of the clue; NotFound when there is no such clue.
Result<ClueScope> LoadClueScope(pqxx::transaction_base& tx, int64_t clue_id);

// The detail JSON; NotFound when there is no such clue.
Result<nlohmann::json> LoadClueDetail(pqxx::transaction_base& tx, int64_t clue_id);

// The unmasked ID number of the clue's roll row; NotFound when the clue or its roll row
// is gone.
Result<std::string> LoadIdNumber(pqxx::transaction_base& tx, int64_t clue_id);

// created_at/updated_at/at columns as the API shows them: ISO 8601 in Beijing time.
inline constexpr const char* kBeijingTimeFormat = R"('YYYY-MM-DD"T"HH24:MI:SS"+08:00"')";

}  // namespace xmatch::review
