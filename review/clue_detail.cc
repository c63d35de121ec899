#include "review/clue_detail.h"

#include "review/clue_actions.h"
#include "review/id_masking.h"
#include "review/region_names.h"

namespace xmatch::review {
namespace {

using Json = nlohmann::json;

std::string BeijingTime(const std::string& column) {
  return "to_char(" + column + " AT TIME ZONE 'Asia/Shanghai', " + kBeijingTimeFormat + ")";
}

Json TextOrNull(const pqxx::field& f) { return f.is_null() ? Json(nullptr) : Json(f.c_str()); }

// The record's main date and end date under the contract's field names (clue_row.h).
Json FirstOf(const Json& record, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (record.contains(name)) return record[name];
  }
  return nullptr;
}

std::string OriginText(const Json& origin) {
  if (origin.contains("topic")) {
    return "topic " + origin.value("topic", "") + " partition " +
           std::to_string(origin.value("partition", 0)) + " offset " +
           std::to_string(origin.value("offset", int64_t{0}));
  }
  if (origin.contains("file")) {
    return "file " + origin.value("file", "") + " line " + std::to_string(origin.value("line", 0));
  }
  return "";
}

Json Records(const Json& evidence) {
  Json records = Json::array();
  for (const Json& r : evidence.value("records", Json::array())) {
    records.push_back({{"source", r.value("source", "")},
                       {"kind", r.value("kind", "")},
                       {"record_id", r.value("record_id", "")},
                       {"event_date", FirstOf(r, {"death_date", "start_date", "date",
                                                  "release_date", "period"})},
                       {"end_date", FirstOf(r, {"end_date", "expected_release"})},
                       {"amount", FirstOf(r, {"amount"})},
                       {"origin", OriginText(r.value("origin", Json::object()))}});
  }
  return records;
}

Json Months(const Json& evidence) {
  Json months = Json::array();
  for (const Json& m : evidence.value("overpaid", Json::array())) {
    months.push_back({{"month", m.value("period", "").substr(0, 7)}, {"amount", m.value("amount", "")}});
  }
  return months;
}

Json Events(pqxx::transaction_base& tx, int64_t clue_id) {
  Json events = Json::array();
  for (const pqxx::row& e : tx.exec_params(
           "SELECT " + BeijingTime("at") +
               ", actor, action, from_status, to_status, note, details::text "
               "FROM clue_events WHERE clue_id = $1 ORDER BY id",
           clue_id)) {
    events.push_back({{"at", e[0].c_str()},
                      {"actor", e[1].c_str()},
                      {"action", e[2].c_str()},
                      {"from", TextOrNull(e[3])},
                      {"to", TextOrNull(e[4])},
                      {"note", TextOrNull(e[5])},
                      {"details", Json::parse(e[6].c_str())}});
  }
  return events;
}

}  // namespace

Result<ClueScope> LoadClueScope(pqxx::transaction_base& tx, int64_t clue_id) {
  const pqxx::result r = tx.exec_params(
      "SELECT township_code, county_code, status FROM clues WHERE id = $1", clue_id);
  if (r.empty()) return Status::NotFound("线索不存在");
  return ClueScope{r[0][0].c_str(), r[0][1].c_str(), r[0][2].c_str()};
}

Result<nlohmann::json> LoadClueDetail(pqxx::transaction_base& tx, int64_t clue_id) {
  const pqxx::result r = tx.exec_params(
      "SELECT c.id, c.rule, c.rule_version, c.status, c.overpaid_periods, "
      "c.overpaid_amount::text, c.evidence_gone, c.dismiss_reason, c.measures, "
      "c.deadline::text, c.recovered_amount::text, " +
          BeijingTime("c.created_at") + ", " + BeijingTime("c.updated_at") +
          ", c.member_id, c.household_id, c.program, c.region_code, c.township_code, "
          "c.evidence::text, m.name, m.id_number, m.status, rt.name, rv.name, rk.name, "
          "coalesce(rk.city_name, ry.name) "
          "FROM clues c LEFT JOIN roll_members m ON m.member_id = c.member_id "
          "LEFT JOIN regions rt ON rt.code = c.township_code "
          "LEFT JOIN regions rv ON rv.code = c.region_code" +
          kCityJoinsSql + " WHERE c.id = $1",
      clue_id);
  if (r.empty()) return Status::NotFound("线索不存在");
  const pqxx::row row = r[0];
  const std::string status = row[3].c_str();
  const Json evidence = Json::parse(row[18].c_str());
  Json detail;
  detail["clue"] = {{"id", row[0].as<int64_t>()},
                    {"rule", row[1].c_str()},
                    {"rule_version", row[2].c_str()},
                    {"status", status},
                    {"overpaid_periods", row[4].as<int>()},
                    {"overpaid_amount", row[5].c_str()},
                    {"evidence_gone", row[6].as<bool>()},
                    {"dismiss_reason", TextOrNull(row[7])},
                    {"measures", TextOrNull(row[8])},
                    {"deadline", TextOrNull(row[9])},
                    {"recovered_amount", TextOrNull(row[10])},
                    {"created_at", row[11].c_str()},
                    {"updated_at", row[12].c_str()}};
  // The roll row may have been removed since the run; the clue keeps what it needs.
  detail["member"] = {{"member_id", row[13].c_str()},
                      {"household_id", row[14].c_str()},
                      {"name", TextOrNull(row[19])},
                      {"masked_id", row[20].is_null() ? Json(nullptr) : Json(MaskIdNumber(row[20].c_str()))},
                      {"program", row[15].c_str()},
                      {"region_code", row[16].c_str()},
                      {"township_code", row[17].c_str()},
                      // Names from regions; the township's falls back to its code,
                      // the others are null when unknown.
                      {"township_name", row[22].is_null() ? row[17].c_str() : row[22].c_str()},
                      {"village_name", TextOrNull(row[23])},
                      {"county_name", TextOrNull(row[24])},
                      {"city_name", TextOrNull(row[25])},
                      {"status", TextOrNull(row[21])}};
  detail["records"] = Records(evidence);
  detail["months"] = Months(evidence);
  if (evidence.contains("other_members")) detail["other_members"] = evidence["other_members"];
  detail["events"] = Events(tx, clue_id);
  detail["allowed_actions"] = AllowedActions(status);
  return detail;
}

Result<std::string> LoadIdNumber(pqxx::transaction_base& tx, int64_t clue_id) {
  const pqxx::result r = tx.exec_params(
      "SELECT m.id_number FROM clues c JOIN roll_members m ON m.member_id = c.member_id "
      "WHERE c.id = $1",
      clue_id);
  if (r.empty()) return Status::NotFound("该线索的低保/特困名册记录已不存在，无法显示身份证号");
  return std::string(r[0][0].c_str());
}

}  // namespace xmatch::review
