#include "review/api_routes.h"

#include "review/clue_handlers.h"

namespace xmatch::review {

void AddApiRoutes(Router& router) {
  const std::vector<Role> clue_readers = {Role::kTownshipStaff, Role::kCountyReviewer,
                                          Role::kDisciplineLiaison};
  const std::vector<Role> clue_workers = {Role::kTownshipStaff, Role::kCountyReviewer};
  auto add = [&router](const char* method, const char* pattern, std::vector<Role> roles,
                       Handler handler) {
    router.Add(Route::ForRoles(method, pattern, std::move(roles), std::move(handler)));
  };
  add("GET", "/api/clues", clue_readers, ListClues);
  add("GET", "/api/clues/{id}", clue_readers, GetClue);
  add("POST", "/api/clues/{id}/reveal", clue_workers, RevealId);
  add("POST", "/api/clues/{id}/actions", clue_workers, ApplyClueAction);
  add("GET", "/api/ledger.xlsx", clue_workers, ExportLedgerXlsx);
  add("GET", "/api/ledger.csv", clue_workers, ExportLedgerCsv);
  add("GET", "/api/reports/monthly", clue_workers, MonthlyReport);
  add("GET", "/api/it/overview", {Role::kItAdmin}, ItOverview);
  add("GET", "/api/audit", {Role::kAuditor}, ListAudit);
}

}  // namespace xmatch::review
