#include "connectors/record_kinds.h"

namespace xmatch::connectors {
namespace {

using enum FieldType;
using enum Column;

const std::vector<KindSpec>& Table() {
  static const std::vector<KindSpec> table = {
      {"public_security", "death", {{"death_date", kDate, true, kEventDate}}},
      {"public_security",
       "deregistration",
       {{"date", kDate, true, kEventDate},
        {"reason", kEnum, true, kReason, {"death", "emigration", "military", "other"}}}},
      {"public_security",
       "detention",
       {{"start_date", kDate, true, kEventDate}, {"end_date", kDate, false, kEndDate}}},
      {"justice",
       "imprisonment",
       {{"start_date", kDate, true, kEventDate}, {"expected_release", kDate, false, kEndDate}}},
      {"justice", "release", {{"release_date", kDate, true, kEventDate}}},
      {"justice",
       "community_correction",
       {{"start_date", kDate, true, kEventDate}, {"end_date", kDate, false, kEndDate}}},
      {"health",
       "death_certificate",
       {{"death_date", kDate, true, kEventDate}, {"certificate_no", kText, true, kNone}}},
      {"pension",
       "pension_payment",
       {{"period", kMonth, true, kEventDate},
        {"amount", kMoney, true, kAmount},
        {"scheme",
         kEnum,
         true,
         kReason,
         {"enterprise_employee", "civil_service", "urban_rural_resident"}}}},
      {"pension",
       "pension_stop",
       {{"date", kDate, true, kEventDate}, {"reason", kEnum, true, kReason, {"death", "other"}}}},
  };
  return table;
}

}  // namespace

std::span<const KindSpec> AllKinds() { return Table(); }

const KindSpec* FindKind(std::string_view source, std::string_view kind) {
  for (const KindSpec& spec : Table()) {
    if (spec.source == source && spec.kind == kind) return &spec;
  }
  return nullptr;
}

bool IsKnownSource(std::string_view source) {
  return source == "public_security" || source == "justice" || source == "health" ||
         source == "pension";
}

}  // namespace xmatch::connectors
