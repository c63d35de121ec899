// Operation warnings for the IT staff, without personal data: data-sharing agreements in
// force that expire within 30 days (renew them before records start being rejected),
// and sources whose newest landed record is older than `stale_after_days` (the feed
// stopped, or the connectors did). The same list feeds the IT page (GET
// /api/it/overview, `warnings`), /metrics (xmatch_agreement_expiring,
// xmatch_source_stale, ...) and the log of `xmatch serve` (nightly/, once a day per
// item).
//
// ComputeWarnings is pure; LoadWarnings reads the newest landing time per source and
// uses the registry set with SetAgreementRegistry (it_overview.h) and the limit set with
// SetStaleAfterDays. Both setters are called once by `xmatch serve` before serving.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "common/agreements.h"
#include "common/date.h"

namespace xmatch::review {

inline constexpr int kExpiringWithinDays = 30;

struct OperationWarning {
  enum class Kind { kAgreementExpiring, kSourceStale };
  Kind kind;
  std::string item;  // the agreement id, or the source
  // Expiring: days until valid_to (0 = expires today). Stale: whole days since the
  // newest landed record; nullopt when the source never sent one.
  std::optional<int> days;
  std::string message;     // English, for the log
  std::string message_zh;  // Chinese, for the IT page

  std::string kind_name() const;  // "agreement_expiring" or "source_stale"
};

// The newest received_at per source, as a system-clock instant.
using NewestBySource = std::map<std::string, std::chrono::system_clock::time_point>;

// Agreements in force on `today` whose valid_to is at most kExpiringWithinDays away;
// sources with an agreement in force whose newest record (landed_newest) is more than
// stale_after_days before `now`, or that never sent one (stale_after_days 0: none).
std::vector<OperationWarning> ComputeWarnings(const AgreementRegistry& agreements,
                                              const NewestBySource& landed_newest, Date today,
                                              std::chrono::system_clock::time_point now,
                                              int stale_after_days);

// Reads the newest received_at of each source (one index probe per source).
NewestBySource LoadNewestBySource(pqxx::transaction_base& tx);

// The warnings now, from the database and the registered agreements and limit.
std::vector<OperationWarning> LoadWarnings(pqxx::transaction_base& tx);

// The limit LoadWarnings uses (ServeConfig::stale_after_days); 0 turns staleness off.
void SetStaleAfterDays(int days);

// For the IT overview: [{kind, item, days, message}] with the Chinese message.
nlohmann::json WarningsJson(const std::vector<OperationWarning>& warnings);

// For /metrics: xmatch_warnings{kind}, xmatch_agreement_expiring{agreement},
// xmatch_agreement_days_left{agreement}, xmatch_source_stale{source},
// xmatch_source_newest_record_timestamp_seconds{source}.
std::string RenderWarningMetrics(pqxx::transaction_base& tx);

}  // namespace xmatch::review
