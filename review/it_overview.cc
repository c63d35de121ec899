#include "review/it_overview.h"

#include <atomic>
#include <map>

#include "review/operation_warnings.h"

namespace xmatch::review {
namespace {

using Json = nlohmann::json;

constexpr int kRunHistory = 30;

std::atomic<const AgreementRegistry*> g_registry{nullptr};

Json TextOrNull(const pqxx::field& f) { return f.is_null() ? Json(nullptr) : Json(f.c_str()); }

Json Agreements(pqxx::transaction_base& tx, Date today) {
  std::map<std::string, Json> stats;
  for (const pqxx::row& r : tx.exec("SELECT agreement_id, count(*) FROM dept_records GROUP BY 1")) {
    stats[r[0].c_str()]["records_received"] = r[1].as<int64_t>();
  }
  for (const pqxx::row& r : tx.exec(
           "SELECT coalesce(agreement_id, ''), reason_code, count(*) FROM rejects GROUP BY 1, 2")) {
    stats[r[0].c_str()]["rejected"][r[1].c_str()] = r[2].as<int64_t>();
  }
  for (const pqxx::row& r : tx.exec("SELECT agreement_id, field, count FROM dropped_fields")) {
    stats[r[0].c_str()]["fields_dropped"][r[1].c_str()] = r[2].as<int64_t>();
  }
  Json agreements = Json::array();
  const AgreementRegistry* registry = g_registry.load();
  if (registry == nullptr) return agreements;
  for (const auto& [id, a] : registry->all()) {
    const Json s = stats.count(id) ? stats[id] : Json::object();
    const int days_left = a.valid_to.days() - today.days();
    agreements.push_back({{"id", id},
                          {"provider", a.provider},
                          {"purpose", a.purpose},
                          {"valid_from", a.valid_from.ToString()},
                          {"valid_to", a.valid_to.ToString()},
                          {"in_force", a.InForceOn(today)},
                          {"expiring_soon", a.InForceOn(today) && days_left <= kExpiringWithinDays},
                          {"days_left", days_left},
                          {"records_received", s.value("records_received", int64_t{0})},
                          {"rejected", s.value("rejected", Json::object())},
                          {"fields_dropped", s.value("fields_dropped", Json::object())}});
  }
  return agreements;
}

}  // namespace

void SetAgreementRegistry(const AgreementRegistry* registry) { g_registry.store(registry); }

const AgreementRegistry* LoadedAgreementRegistry() { return g_registry.load(); }

nlohmann::json LoadItOverview(pqxx::transaction_base& tx, Date today) {
  Json overview;
  overview["agreements"] = Agreements(tx, today);
  overview["warnings"] = WarningsJson(LoadWarnings(tx));
  Json as_of = Json::object();
  for (const pqxx::row& r : tx.exec(
           "SELECT source, max(received_at)::text, count(*) FROM dept_records GROUP BY 1")) {
    as_of[r[0].c_str()] = {{"newest_received_at", r[1].c_str()}, {"records", r[2].as<int64_t>()}};
  }
  overview["data_as_of"] = as_of;
  // Lag in time since the position last moved; the broker's end offsets are the
  // connector's to report (its /metrics), not the database's.
  Json consumers = Json::array();
  for (const pqxx::row& r : tx.exec(
           "SELECT consumer_group, topic, partition, next_offset, updated_at::text, "
           "extract(epoch FROM now() - updated_at)::bigint FROM consumer_offsets ORDER BY 1, 2, 3")) {
    consumers.push_back({{"group", r[0].c_str()}, {"topic", r[1].c_str()},
                         {"partition", r[2].as<int>()}, {"next_offset", r[3].as<int64_t>()},
                         {"updated_at", r[4].c_str()}, {"seconds_since_update", r[5].as<int64_t>()}});
  }
  overview["consumers"] = consumers;
  Json gaps = Json::array();
  for (const pqxx::row& r : tx.exec(
           "SELECT consumer_group, topic, partition, from_offset, to_offset, detected_at::text "
           "FROM offset_gaps ORDER BY id DESC LIMIT 100")) {
    gaps.push_back({{"group", r[0].c_str()}, {"topic", r[1].c_str()}, {"partition", r[2].as<int>()},
                    {"from_offset", r[3].as<int64_t>()}, {"to_offset", r[4].as<int64_t>()},
                    {"detected_at", r[5].c_str()}});
  }
  overview["offset_gaps"] = gaps;
  Json runs = Json::array();
  for (const pqxx::row& r : tx.exec(
           "SELECT id, run_date::text, mode, shard, status, started_at::text, finished_at::text, "
           "counts::text, timings::text, data_as_of::text, error FROM match_runs "
           "ORDER BY id DESC LIMIT " + std::to_string(kRunHistory))) {
    runs.push_back({{"id", r[0].as<int64_t>()}, {"run_date", r[1].c_str()}, {"mode", r[2].c_str()},
                    {"shard", TextOrNull(r[3])}, {"status", r[4].c_str()},
                    {"started_at", r[5].c_str()}, {"finished_at", TextOrNull(r[6])},
                    {"counts", Json::parse(r[7].c_str())}, {"timings", Json::parse(r[8].c_str())},
                    {"data_as_of", Json::parse(r[9].c_str())}, {"error", TextOrNull(r[10])}});
  }
  overview["runs"] = runs;
  return overview;
}

}  // namespace xmatch::review
