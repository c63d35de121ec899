#include "rolls/roll_import.h"

#include "rolls/copy_writer.h"
#include "rolls/flat_tables.h"
#include "rolls/import_errors.h"
#include "rolls/import_support.h"
#include "rolls/roll_row.h"
#include "store/connection.h"

namespace xmatch::rolls {
namespace {

// A constant name: libpqxx puts it into COPY unquoted.
const char kStagingTable[] = "roll_staging";

const char kCreateStaging[] = R"sql(
CREATE TEMP TABLE roll_staging (
  member_id text, household_id text, id_number text, id_token text, key_version integer,
  name text, program text, region_code text, enrolled_on date, monthly_amount numeric(12, 2),
  status text, exited_on date
) ON COMMIT DROP)sql";

// Rows identical to a stored one are filtered out first, so that a re-import neither
// updates nor locks them; ON CONFLICT ... WHERE then guards against a concurrent change.
const char kUpsert[] = R"sql(
INSERT INTO roll_members AS m (member_id, household_id, id_number, id_token, key_version,
  name, program, region_code, enrolled_on, monthly_amount, status, exited_on)
SELECT s.member_id, s.household_id, s.id_number, s.id_token, s.key_version,
  s.name, s.program, s.region_code, s.enrolled_on, s.monthly_amount, s.status, s.exited_on
FROM roll_staging s
WHERE NOT EXISTS (
  SELECT 1 FROM roll_members r
  WHERE r.member_id = s.member_id
    AND (r.household_id, r.id_number, r.id_token, r.key_version, r.name, r.program,
         r.region_code, r.enrolled_on, r.monthly_amount, r.status, r.exited_on)
        IS NOT DISTINCT FROM
        (s.household_id, s.id_number, s.id_token, s.key_version, s.name, s.program,
         s.region_code, s.enrolled_on, s.monthly_amount, s.status, s.exited_on))
ON CONFLICT (member_id) DO UPDATE SET
  household_id = EXCLUDED.household_id, id_number = EXCLUDED.id_number,
  id_token = EXCLUDED.id_token, key_version = EXCLUDED.key_version, name = EXCLUDED.name,
  program = EXCLUDED.program, region_code = EXCLUDED.region_code,
  enrolled_on = EXCLUDED.enrolled_on, monthly_amount = EXCLUDED.monthly_amount,
  status = EXCLUDED.status, exited_on = EXCLUDED.exited_on,
  change_xid = pg_current_xact_id(), updated_at = now()
WHERE (m.household_id, m.id_number, m.id_token, m.key_version, m.name, m.program,
       m.region_code, m.enrolled_on, m.monthly_amount, m.status, m.exited_on)
  IS DISTINCT FROM
      (EXCLUDED.household_id, EXCLUDED.id_number, EXCLUDED.id_token, EXCLUDED.key_version,
       EXCLUDED.name, EXCLUDED.program, EXCLUDED.region_code, EXCLUDED.enrolled_on,
       EXCLUDED.monthly_amount, EXCLUDED.status, EXCLUDED.exited_on)
RETURNING (xmax = 0) AS inserted)sql";

// Validates every row of `table` and, while none is bad, streams it into the staging
// table. Returns the number of data rows read.
uint64_t StreamRows(pqxx::work& tx, CsvTable& table, const TokenKeyring& keyring,
                    ImportProgress* progress, ImportErrors* errors) {
  CopyWriter copy(tx, kStagingTable,
                  {"member_id", "household_id", "id_number", "id_token", "key_version", "name",
                   "program", "region_code", "enrolled_on", "monthly_amount", "status",
                   "exited_on"});
  StringTable first_line_of_member;
  FieldErrors field_errors;
  const int key_version = keyring.current_version();
  uint64_t rows = 0;
  while (table.Next(errors)) {
    ++rows;
    progress->Row();
    const int64_t line = table.line();
    field_errors.clear();
    const std::optional<RollRow> row =
        ParseRollRow(table.fields().first<kRollColumns.size()>(), &field_errors);
    for (const FieldError& e : field_errors) errors->Add(line, e);
    if (!row) continue;
    const auto [first_line, is_new] =
        first_line_of_member.Insert(row->member_id, static_cast<uint32_t>(line));
    if (!is_new) {
      errors->Add(line, {"member_id", "repeats the member_id of line " +
                                          std::to_string(first_line) +
                                          " (each member once per file)"});
      continue;
    }
    if (!errors->empty()) continue;  // the import is lost: just keep counting errors

    copy.Field(row->member_id);
    copy.Field(row->household_id);
    copy.PlainField(row->id_number.str());
    copy.PlainField(keyring.Tokenize(row->id_number));
    copy.IntField(key_version);
    copy.Field(row->name);
    copy.PlainField(row->program);
    copy.PlainField(row->region_code);
    copy.PlainField(row->enrolled_on.ToString());
    copy.PlainField(row->monthly_amount.ToString());
    copy.PlainField(row->status);
    if (row->exited_on) {
      copy.PlainField(row->exited_on->ToString());
    } else {
      copy.NullField();
    }
    copy.EndRow();
  }
  progress->Finish();
  if (errors->empty()) copy.Complete();
  return rows;
}

}  // namespace

Result<ImportReport> ImportRoll(pqxx::connection& conn, const std::string& path,
                                const TokenKeyring& keyring, const ImportOptions& options) {
  if (keyring.empty()) {
    return Status::FailedPrecondition(
        "no token key is loaded: set token_keys in the config file (or XMATCH_TOKEN_KEYS) "
        "before importing the roll");
  }
  XM_ASSIGN_OR_RETURN(std::unique_ptr<CsvTable> table, OpenCsvTable(path, kRollColumns));
  try {
    pqxx::work tx(conn, "roll_import");
    tx.exec0(kCreateStaging);
    ImportErrors errors(options.max_listed_errors);
    ImportProgress progress(options.progress_out, "roll import", table->reader());
    const uint64_t rows = StreamRows(tx, *table, keyring, &progress, &errors);
    if (!errors.empty()) return errors.ToStatus(path);
    tx.exec0("ANALYZE roll_staging");  // row counts and widths for the anti-join's plan
    ImportReport report = RunUpsert(tx, kUpsert, rows);
    tx.commit();
    return report;
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "importing the roll from " + path);
  }
}

}  // namespace xmatch::rolls
