// CountyData: one generated county as the demo hands it to xmatch — the roll and its
// payments (CONTRACT §1.1, §1.2), the department records per source (§1.3), and what the
// generator planted, so that a test (and the demo's summary) can tell which clues the
// match must find and which it must not.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/date.h"
#include "common/money.h"
#include "demo/divisions.h"

namespace xmatch::demo {

// A row of the roll CSV.
struct RollRow {
  std::string member_id;
  std::string household_id;
  std::string id_number;
  std::string name;
  std::string program;
  std::string region_code;  // a real village of the county
  Date enrolled_on;
  Money monthly_amount;
  std::string status = "active";  // active, suspended, exited
  std::optional<Date> exited_on;
};

// A row of the payments CSV.
struct PaymentRow {
  std::string member_id;
  Month period;
  Money amount;
  Date paid_on;
};

// A planted case: roll row `member_id` must (or, for a control, must not) get a clue
// of `rule` from the first match run on the run date.
struct PlantedCase {
  std::string rule;         // deceased, imprisoned, pension_income, duplicate_enrollment
  std::string member_id;
  bool raises_clue = true;  // false: a control case that looks close but must stay quiet
  std::string what;         // e.g. "death reported, payments went on"
};

struct CountyData {
  County county;
  Date run_date;           // the R the data is made for (payments end the month before)
  std::vector<RollRow> roll;
  std::vector<PaymentRow> payments;
  // Department records per source (public_security, justice, health, pension), one JSON
  // object each, in the order a department would send them.
  std::map<std::string, std::vector<nlohmann::json>> records;
  std::vector<PlantedCase> planted;
  // Records planted to fail validation (a wrong check character, an unknown agreement):
  // they must end in the rejects table.
  int planted_rejects = 0;
};

}  // namespace xmatch::demo
