#include "review/monthly_report.h"

#include <map>

#include "common/money.h"
#include "review/access_policy.h"
#include "review/region_names.h"
#include "review/sql_params.h"

namespace xmatch::review {
namespace {

using Json = nlohmann::json;

struct Figures {
  std::map<std::string, int64_t> by_rule = {
      {"deceased", 0}, {"imprisoned", 0}, {"pension_income", 0}, {"duplicate_enrollment", 0}};
  std::map<std::string, int64_t> by_status = {{"new", 0},       {"verifying", 0},
                                              {"confirmed", 0}, {"dismissed", 0},
                                              {"rectified", 0}, {"transferred", 0}};
  int64_t total = 0;
  Money overpaid;
  Money recovered;
  int64_t overdue = 0;

  Json ToJson() const {
    return {{"total", total},
            {"by_rule", by_rule},
            {"by_status", by_status},
            {"overpaid_amount", overpaid.ToString()},
            {"recovered_amount", recovered.ToString()},
            {"overdue", overdue},
            {"zero_report", total == 0}};
  }
};

Money ParseAmount(const pqxx::field& f) {
  Result<Money> m = Money::Parse(f.c_str());
  return m.ok() ? *m : Money();  // numeric(14,2) text always parses
}

}  // namespace

nlohmann::json LoadMonthlyReport(pqxx::transaction_base& tx, const Principal& principal,
                                 const std::optional<std::string>& township, Month month,
                                 Date today) {
  SqlParams params;
  std::string where = ClueVisibilityPredicate(principal, params);
  if (township) where += " AND c.township_code = " + params.Bind(*township);
  const std::string first = params.Bind(month.first_day().ToString());
  where += " AND c.created_at >= (" + first + "::date::timestamp AT TIME ZONE 'Asia/Shanghai')" +
           " AND c.created_at < ((" + first + "::date + interval '1 month') AT TIME ZONE 'Asia/Shanghai')";
  const std::string day = params.Bind(today.ToString());
  const pqxx::result rows = params.Exec(
      tx,
      "SELECT c.township_code, c.rule, c.status, count(*), sum(c.overpaid_amount)::text, "
      "coalesce(sum(c.recovered_amount), 0)::text, "
      "count(*) FILTER (WHERE c.status = 'rectified' AND c.deadline < " + day +
          "::date AND coalesce(c.recovered_amount, 0) < c.overpaid_amount) "
          "FROM clues c WHERE " + where + " GROUP BY 1, 2, 3");

  std::map<std::string, Figures> by_township;
  if (township) {
    by_township[*township];
  } else if (principal.role == Role::kTownshipStaff) {
    for (const std::string& code : principal.region_codes) {
      if (MayAccessTownship(principal, code)) by_township[code];
    }
  }
  Figures totals;
  for (const pqxx::row& r : rows) {
    const int64_t n = r[3].as<int64_t>();
    for (Figures* f : {&by_township[r[0].c_str()], &totals}) {
      f->by_rule[r[1].c_str()] += n;
      f->by_status[r[2].c_str()] += n;
      f->total += n;
      f->overpaid += ParseAmount(r[4]);
      f->recovered += ParseAmount(r[5]);
      f->overdue += r[6].as<int64_t>();
    }
  }
  std::vector<std::string> codes;
  for (const auto& [code, figures] : by_township) codes.push_back(code);
  const RegionNames names = LoadRegionNames(tx, codes);
  auto name_or_null = [](const std::optional<std::string>& name) {
    return name ? Json(*name) : Json(nullptr);
  };
  Json townships = Json::array();
  for (const auto& [code, figures] : by_township) {
    Json line = figures.ToJson();
    line["township_code"] = code;
    line["township_name"] = names.NameOrCode(code);
    line["county_code"] = code.substr(0, 6);
    line["county_name"] = name_or_null(names.NameOf(code.substr(0, 6)));
    line["city_name"] = name_or_null(names.CityOf(code));
    townships.push_back(std::move(line));
  }
  return {{"month", month.ToString()}, {"townships", townships}, {"totals", totals.ToJson()}};
}

}  // namespace xmatch::review
