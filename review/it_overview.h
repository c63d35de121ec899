// The IT overview (GET /api/it/overview): what the IT staff need to run the data sharing
// and the nightly jobs, and no personal data: agreements in force and expiring within 30
// days; per agreement the records received, rejected by reason and fields dropped; the
// data-as-of of each source; consumer positions and offset gaps; the run history; the
// operation warnings (operation_warnings.h).
#pragma once

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "common/agreements.h"
#include "common/date.h"

namespace xmatch::review {

// The agreements the server loaded at start-up (`xmatch serve` calls this once before
// serving; the registry must outlive the server). Without it the overview lists no
// agreements but still answers.
void SetAgreementRegistry(const AgreementRegistry* registry);
// The registry set above, or nullptr.
const AgreementRegistry* LoadedAgreementRegistry();

// The overview as JSON; `today` decides in force and expiring.
nlohmann::json LoadItOverview(pqxx::transaction_base& tx, Date today);

}  // namespace xmatch::review
