#include "review/operation_warnings.h"

#include <atomic>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "common/prometheus_text.h"
#include "review/it_overview.h"
#include "review/zh_labels.h"

namespace xmatch::review {
namespace {

using std::chrono::system_clock;

std::atomic<int> g_stale_after_days{0};

constexpr std::chrono::hours kDay{24};

OperationWarning Expiring(const Agreement& a, int days_left) {
  return {OperationWarning::Kind::kAgreementExpiring, a.id, days_left,
          fmt::format("agreement {} ({}) expires on {}, in {} day(s): renew it (docs/runbook.md, "
                      "\"Add or renew an agreement\") or its records will be rejected",
                      a.id, a.provider, a.valid_to.ToString(), days_left),
          fmt::format("数据共享协议 {}（{}）将于 {} 到期，剩 {} 天。请及时续签，到期后该部门的数据将被拒收。",
                      a.id, SourceLabel(a.provider), a.valid_to.ToString(),
                      days_left)};
}

OperationWarning Stale(const std::string& source, std::optional<int> days, int limit) {
  const std::string zh_source = SourceLabel(source);
  if (!days) {
    return {OperationWarning::Kind::kSourceStale, source, std::nullopt,
            fmt::format("source {} has an agreement in force but no record has landed yet: "
                        "check its feed and the connectors",
                        source),
            fmt::format("{}：有生效的共享协议，但尚未接收到任何数据。请检查该部门的数据推送和数据接收服务。",
                        zh_source)};
  }
  return {OperationWarning::Kind::kSourceStale, source, days,
          fmt::format("source {}: the newest landed record is {} day(s) old (limit {}): check "
                      "its feed and the connectors",
                      source, *days, limit),
          fmt::format("{}：最新数据已是 {} 天前接收（上限 {} 天）。请检查该部门的数据推送和数据接收服务。",
                      zh_source, *days, limit)};
}

}  // namespace

std::string OperationWarning::kind_name() const {
  return kind == Kind::kAgreementExpiring ? "agreement_expiring" : "source_stale";
}

std::vector<OperationWarning> ComputeWarnings(const AgreementRegistry& agreements,
                                              const NewestBySource& landed_newest, Date today,
                                              system_clock::time_point now,
                                              int stale_after_days) {
  std::vector<OperationWarning> warnings;
  std::set<std::string> sources_in_force;
  for (const auto& [id, a] : agreements.all()) {
    if (!a.InForceOn(today)) continue;
    sources_in_force.insert(a.provider);
    const int days_left = a.valid_to.days() - today.days();
    if (days_left <= kExpiringWithinDays) warnings.push_back(Expiring(a, days_left));
  }
  if (stale_after_days <= 0) return warnings;
  for (const std::string& source : sources_in_force) {
    auto newest = landed_newest.find(source);
    if (newest == landed_newest.end()) {
      warnings.push_back(Stale(source, std::nullopt, stale_after_days));
      continue;
    }
    const auto age = now - newest->second;
    if (age > kDay * stale_after_days) {
      warnings.push_back(Stale(source, int(age / kDay), stale_after_days));
    }
  }
  return warnings;
}

NewestBySource LoadNewestBySource(pqxx::transaction_base& tx) {
  NewestBySource newest;
  for (const pqxx::row& r : tx.exec(
           "SELECT s, extract(epoch FROM (SELECT max(received_at) FROM dept_records d "
           "WHERE d.source = s))::float8 "
           "FROM unnest(ARRAY['public_security', 'justice', 'health', 'pension']) s")) {
    if (r[1].is_null()) continue;
    newest[r[0].c_str()] = system_clock::time_point(std::chrono::duration_cast<system_clock::duration>(
        std::chrono::duration<double>(r[1].as<double>())));
  }
  return newest;
}

namespace {

std::vector<OperationWarning> WarningsNow(const NewestBySource& newest) {
  const AgreementRegistry* registry = LoadedAgreementRegistry();
  if (registry == nullptr) return {};
  return ComputeWarnings(*registry, newest, Date::Today(), system_clock::now(),
                         g_stale_after_days.load());
}

}  // namespace

std::vector<OperationWarning> LoadWarnings(pqxx::transaction_base& tx) {
  return WarningsNow(LoadNewestBySource(tx));
}

void SetStaleAfterDays(int days) { g_stale_after_days.store(days); }

nlohmann::json WarningsJson(const std::vector<OperationWarning>& warnings) {
  nlohmann::json out = nlohmann::json::array();
  for (const OperationWarning& w : warnings) {
    out.push_back({{"kind", w.kind_name()},
                   {"item", w.item},
                   {"days", w.days ? nlohmann::json(*w.days) : nlohmann::json(nullptr)},
                   {"message", w.message_zh}});
  }
  return out;
}

std::string RenderWarningMetrics(pqxx::transaction_base& tx) {
  const NewestBySource newest = LoadNewestBySource(tx);
  const std::vector<OperationWarning> warnings = WarningsNow(newest);
  std::ostringstream out;
  std::map<std::string, int> by_kind = {{"agreement_expiring", 0}, {"source_stale", 0}};
  for (const OperationWarning& w : warnings) ++by_kind[w.kind_name()];
  out << "# HELP xmatch_warnings Operation warnings now raised, by kind.\n"
         "# TYPE xmatch_warnings gauge\n";
  for (const auto& [kind, n] : by_kind) {
    out << "xmatch_warnings{kind=\"" << kind << "\"} " << n << "\n";
  }
  const Date today = Date::Today();
  out << "# HELP xmatch_agreement_days_left Days until an agreement in force expires.\n"
         "# TYPE xmatch_agreement_days_left gauge\n";
  std::set<std::string> expiring, stale;
  for (const OperationWarning& w : warnings) {
    (w.kind == OperationWarning::Kind::kAgreementExpiring ? expiring : stale).insert(w.item);
  }
  std::string expiring_lines;
  std::set<std::string> sources;
  if (const AgreementRegistry* registry = LoadedAgreementRegistry()) {
    for (const auto& [id, a] : registry->all()) {
      if (!a.InForceOn(today)) continue;
      sources.insert(a.provider);
      const std::string label = "{agreement=\"" + EscapeLabelValue(id) + "\"} ";
      out << "xmatch_agreement_days_left" << label << (a.valid_to.days() - today.days()) << "\n";
      expiring_lines += "xmatch_agreement_expiring" + label + (expiring.count(id) ? "1" : "0") + "\n";
    }
  }
  out << "# HELP xmatch_agreement_expiring 1 when an agreement in force expires within "
      << kExpiringWithinDays << " days.\n# TYPE xmatch_agreement_expiring gauge\n"
      << expiring_lines;
  out << "# HELP xmatch_source_stale 1 when a source with an agreement in force has sent "
         "nothing newer than serve.stale_after_days.\n# TYPE xmatch_source_stale gauge\n";
  for (const std::string& source : sources) {
    out << "xmatch_source_stale{source=\"" << EscapeLabelValue(source) << "\"} "
        << (stale.count(source) ? 1 : 0) << "\n";
  }
  out << "# HELP xmatch_source_newest_record_timestamp_seconds When the newest record of a "
         "source landed (Unix time): its data-as-of.\n"
         "# TYPE xmatch_source_newest_record_timestamp_seconds gauge\n";
  for (const auto& [source, t] : newest) {
    out << "xmatch_source_newest_record_timestamp_seconds{source=\"" << EscapeLabelValue(source)
        << "\"} " << std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count()
        << "\n";
  }
  return out.str();
}

}  // namespace xmatch::review
