#include "rolls/roll_row.h"

#include "rolls/field_rules.h"

namespace xmatch::rolls {
namespace {

constexpr size_t kMaxNameBytes = 200;
constexpr size_t kRegionCodeDigits = 12;

}  // namespace

std::optional<RollRow> ParseRollRow(std::span<const std::string_view, kRollColumns.size()> fields,
                                    FieldErrors* errors) {
  const size_t errors_before = errors->size();
  const std::string_view member_id = fields[0], household_id = fields[1], id_text = fields[2],
                         name = fields[3], program = fields[4], region_code = fields[5],
                         enrolled_text = fields[6], amount_text = fields[7], status = fields[8],
                         exited_text = fields[9];

  CheckKey(member_id, "member_id", errors);
  CheckKey(household_id, "household_id", errors);
  std::optional<ResidentId> id_number;
  if (id_text.empty()) {
    errors->push_back({"id_number", "is empty"});
  } else if (Result<ResidentId> id = ResidentId::Parse(id_text); id.ok()) {
    id_number = std::move(*id);
  } else {
    errors->push_back({"id_number", id.status().message()});
  }
  CheckText(name, kMaxNameBytes, "name", errors);
  CheckOneOf(program, kPrograms, "program", errors);
  CheckDigits(region_code, kRegionCodeDigits, "region_code", errors);
  const std::optional<Date> enrolled_on = ParseDateField(enrolled_text, "enrolled_on", errors);
  const std::optional<Money> amount = ParseAmountField(amount_text, "monthly_amount", errors);
  const bool status_ok = CheckOneOf(status, kMemberStatuses, "status", errors);

  std::optional<Date> exited_on;
  if (!exited_text.empty()) {
    if (status_ok && status != "exited") {
      errors->push_back({"exited_on", "must be empty unless status is exited"});
    } else if ((exited_on = ParseDateField(exited_text, "exited_on", errors)) && enrolled_on &&
               *exited_on < *enrolled_on) {
      errors->push_back({"exited_on", "is before enrolled_on"});
    }
  }

  if (errors->size() != errors_before) return std::nullopt;
  return RollRow{
      .member_id = member_id,
      .household_id = household_id,
      .id_number = std::move(*id_number),
      .name = name,
      .program = program,
      .region_code = region_code,
      .enrolled_on = *enrolled_on,
      .monthly_amount = *amount,
      .status = status,
      .exited_on = exited_on,
  };
}

}  // namespace xmatch::rolls
