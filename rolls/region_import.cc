#include "rolls/region_import.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_set>

#include "store/copy_writer.h"
#include "rolls/field_rules.h"
#include "rolls/import_errors.h"
#include "rolls/import_support.h"
#include "store/connection.h"

namespace xmatch::rolls {
namespace {

constexpr std::array<std::string_view, 2> kRegionColumns = {"code", "name"};
constexpr size_t kMaxNameBytes = 120;

// Constant names: libpqxx puts them into COPY unquoted.
const char kTable[] = "regions";
const char kStagingTable[] = "regions_staging";
const std::vector<std::string> kColumns = {"code", "name", "city_name"};

const char kCreateStaging[] =
    "CREATE TEMP TABLE regions_staging (code text, name text, city_name text) ON COMMIT DROP";

// New codes are inserted, changed names updated; an identical row is not written (its
// updated_at stays). RETURNING says which of the two each written row was.
const char kUpsert[] = R"sql(
INSERT INTO regions AS r (code, name, city_name)
SELECT code, name, city_name FROM regions_staging
ON CONFLICT (code) DO UPDATE SET
  name = EXCLUDED.name, city_name = coalesce(EXCLUDED.city_name, r.city_name),
  updated_at = now()
WHERE (r.name, r.city_name) IS DISTINCT FROM
      (EXCLUDED.name, coalesce(EXCLUDED.city_name, r.city_name))
RETURNING xmax = 0)sql";

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool CheckCode(std::string_view code, FieldErrors* errors) {
  const bool digits =
      std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits && (code.size() == 6 || code.size() == 9 || code.size() == 12)) return true;
  errors->push_back({"code", code.empty() ? std::string("is empty; expected a division code of "
                                                        "6 (county or city), 9 (township) or "
                                                        "12 (village) digits")
                                          : "must be 6 (county or city), 9 (township) or 12 "
                                            "(village) digits, got " +
                                                std::to_string(code.size()) + " characters"});
  return false;
}

// Checks one entry; `name` and `city_name` are already trimmed.
bool CheckRegion(std::string_view code, std::string_view name, std::string_view city_name,
                 FieldErrors* errors) {
  bool ok = CheckCode(code, errors);
  ok = CheckText(name, kMaxNameBytes, "name", errors) && ok;
  if (!city_name.empty()) {
    ok = CheckText(city_name, kMaxNameBytes, "city_name", errors) && ok;
    if (code.size() != 6) {
      errors->push_back({"city_name", "is only for a 6-digit county code"});
      ok = false;
    }
  }
  return ok;
}

Result<ImportReport> Upsert(pqxx::connection& conn, const std::vector<RegionName>& regions,
                            const std::string& what) {
  ImportReport report;
  report.rows = regions.size();
  try {
    pqxx::work tx(conn, "regions_import");
    LockTableForImport(tx, kTable);  // one import at a time; the pages read on
    tx.exec0(kCreateStaging);
    {
      store::CopyWriter copy(tx, kStagingTable, kColumns);
      for (const RegionName& r : regions) {
        copy.PlainField(r.code);
        copy.Field(r.name);
        copy.FieldOrNullIfEmpty(r.city_name);
        copy.EndRow();
      }
      copy.Complete();
    }
    for (const pqxx::row& written : tx.exec(kUpsert)) {
      if (written[0].as<bool>()) {
        ++report.inserted;
      } else {
        ++report.updated;
      }
    }
    report.unchanged = report.rows - report.inserted - report.updated;
    tx.commit();
    return report;
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, what);
  }
}

}  // namespace

Result<ImportReport> ImportRegions(pqxx::connection& conn, const std::string& path,
                                   const ImportOptions& options) {
  XM_ASSIGN_OR_RETURN(std::unique_ptr<CsvTable> table, OpenCsvTable(path, kRegionColumns));
  ImportErrors errors(options.max_listed_errors);
  std::vector<RegionName> regions;
  std::unordered_set<std::string> seen;
  FieldErrors field_errors;
  while (table->Next(&errors)) {
    const int64_t line = table->line();
    const std::string_view code = TrimSpaces(table->fields()[0]);
    const std::string_view name = TrimSpaces(table->fields()[1]);
    field_errors.clear();
    if (!CheckRegion(code, name, "", &field_errors)) {
      for (const FieldError& e : field_errors) errors.Add(line, e);
      continue;
    }
    if (!seen.emplace(code).second) {
      errors.Add(line, {"code", "appears earlier in the file (one row per code)"});
      continue;
    }
    if (errors.empty()) regions.push_back({std::string(code), std::string(name), ""});
  }
  if (!errors.empty()) return errors.ToStatus(path);
  return Upsert(conn, regions, "importing region names from " + path);
}

Result<ImportReport> UpsertRegions(pqxx::connection& conn, const std::vector<RegionName>& regions) {
  std::unordered_set<std::string> seen;
  FieldErrors field_errors;
  for (size_t i = 0; i < regions.size(); ++i) {
    const RegionName& r = regions[i];
    const std::string where = "region " + std::to_string(i + 1) + " (" +
                              (r.code.size() <= 12 ? r.code : r.code.substr(0, 12) + "...") + ")";
    field_errors.clear();
    if (!CheckRegion(r.code, r.name, r.city_name, &field_errors)) {
      return Status::InvalidArgument(where + ", " + std::string(field_errors[0].column) + ": " +
                                     field_errors[0].rule + "; nothing was written");
    }
    if (!seen.insert(r.code).second) {
      return Status::InvalidArgument(where + ", code: appears twice; nothing was written");
    }
  }
  return Upsert(conn, regions, "writing region names");
}

}  // namespace xmatch::rolls
