#include "rolls/roll_import.h"

#include "store/copy_writer.h"
#include "rolls/deferred_indexes.h"
#include "rolls/flat_tables.h"
#include "rolls/import_errors.h"
#include "rolls/import_support.h"
#include "rolls/retokenize.h"
#include "rolls/roll_row.h"
#include "store/connection.h"

namespace xmatch::rolls {
namespace {

// Constant names: libpqxx puts them into COPY unquoted.
const char kTable[] = "roll_members";
const char kStagingTable[] = "roll_staging";
// The columns of the COPY rows, both ways; member_id first.
const std::vector<std::string> kColumns = {
    "member_id", "household_id", "id_number", "id_token",       "key_version", "name",
    "program",   "region_code",  "enrolled_on", "monthly_amount", "status",      "exited_on",
    "token_key"};

const char kCreateStaging[] = R"sql(
CREATE TEMP TABLE roll_staging (
  member_id text, household_id text, id_number text, id_token text, key_version integer,
  name text, program text, region_code text, enrolled_on date, monthly_amount numeric(12, 2),
  status text, exited_on date, token_key bigint
) ON COMMIT DROP)sql";

const char kUpdate[] = R"sql(
UPDATE roll_members AS m SET
  household_id = s.household_id, id_number = s.id_number, id_token = s.id_token,
  key_version = s.key_version, name = s.name, program = s.program,
  region_code = s.region_code, enrolled_on = s.enrolled_on,
  monthly_amount = s.monthly_amount, status = s.status, exited_on = s.exited_on,
  token_key = s.token_key, change_xid = pg_current_xact_id(), updated_at = now()
FROM roll_staging AS s
WHERE m.member_id = s.member_id
  AND (m.household_id, m.id_number, m.id_token, m.key_version, m.name, m.program,
       m.region_code, m.enrolled_on, m.monthly_amount, m.status, m.exited_on)
      IS DISTINCT FROM
      (s.household_id, s.id_number, s.id_token, s.key_version, s.name, s.program,
       s.region_code, s.enrolled_on, s.monthly_amount, s.status, s.exited_on))sql";

// The roll as stored, each member's row as COPY text in kColumns order, which is how
// StreamRows builds a file's row: equal text means equal values. (Text that differs for
// equal values, a date style say, only sends the row down the slower UPDATE path, whose
// IS DISTINCT FROM then finds it unchanged.) About 150 bytes a member.
class StoredRoll {
 public:
  explicit StoredRoll(pqxx::work& tx) {
    pqxx::stream_from stream(tx, kTable, kColumns);
    std::string line;
    while (stream.get_raw_line(line)) {
      if (!line.empty() && line.back() == '\n') line.pop_back();
      index_.Insert(MemberIdOf(line), static_cast<uint32_t>(starts_.size()));
      starts_.push_back(text_.size());
      text_ += line;
    }
    stream.complete();
    starts_.push_back(text_.size());
  }

  bool empty() const { return starts_.size() == 1; }

  // The stored row of the member of `row` (a COPY row of kColumns), if there is one.
  std::optional<std::string_view> Find(std::string_view row) const {
    const std::optional<uint32_t> i = index_.Find(MemberIdOf(row));
    if (!i) return std::nullopt;
    return std::string_view(text_).substr(starts_[*i], starts_[*i + 1] - starts_[*i]);
  }

 private:
  // The first field, as escaped COPY text on both sides.
  static std::string_view MemberIdOf(std::string_view row) {
    return row.substr(0, row.find('\t'));
  }

  StringTable index_;           // member_id -> row number
  std::string text_;            // the rows back to back
  std::vector<size_t> starts_;  // row i is text_[starts_[i], starts_[i + 1])
};

// Validates every row of `table` and, while none is bad, streams the rows that are not
// stored yet into roll_members and keeps those that differ from the stored row in
// `changed`. Fills the report's rows and inserted.
void StreamRows(pqxx::work& tx, CsvTable& table, const TokenKeyring& keyring,
                const StoredRoll& stored, ImportProgress* progress, ImportErrors* errors,
                ChangedRows* changed, ImportReport* report) {
  store::CopyWriter copy(tx, kTable, kColumns);
  StringTable first_line_of_member;
  FieldErrors field_errors;
  const int key_version = keyring.current_version();
  while (table.Next(errors)) {
    ++report->rows;
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
    const IdToken token = keyring.Tokenize(row->id_number);
    copy.PlainField(row->id_number.str());
    copy.PlainField(token);
    copy.IntField(key_version);
    copy.Field(row->name);
    copy.PlainField(row->program);
    copy.PlainField(row->region_code);
    copy.PlainField(row->enrolled_on.ToString());
    copy.PlainField(row->monthly_amount.ToString());
    copy.PlainField(row->status);
    copy.PlainFieldOrNull(row->exited_on);
    copy.IntField(TokenKeyOfToken(token));
    const std::optional<std::string_view> stored_row = stored.Find(copy.row());
    if (!stored_row) {
      copy.EndRow();
      ++report->inserted;
    } else {
      if (*stored_row != copy.row()) changed->Add(copy.row());
      copy.DiscardRow();
    }
  }
  progress->Finish();
  if (errors->empty()) copy.Complete();
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
    LockTableForImport(tx, kTable);
    XM_RETURN_IF_ERROR(CheckRollKeyVersions(tx, keyring));
    const StoredRoll stored(tx);
    std::optional<DeferredIndexes> deferred;
    if (stored.empty()) deferred = DeferredIndexes::Drop(tx, kTable);
    ImportErrors errors(options.max_listed_errors);
    ImportProgress progress(options.progress_out, "roll import", table->reader());
    ChangedRows changed{kCreateStaging, kStagingTable, kColumns, kUpdate, {}};
    ImportReport report;
    StreamRows(tx, *table, keyring, stored, &progress, &errors, &changed, &report);
    if (!errors.empty()) return errors.ToStatus(path);
    if (deferred) deferred->Rebuild(tx);
    report.updated = changed.Apply(tx);
    report.unchanged = report.rows - report.inserted - report.updated;
    if (keyring.versions().size() > 1) {  // a rotation is under way: keep the aliases true
      Result<RetokenizeReport> retokenized =
          RetokenizeInTransaction(tx, keyring, options.progress_out);
      if (!retokenized.ok()) return retokenized.status();
    }
    tx.commit();
    return report;
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "importing the roll from " + path);
  }
}

}  // namespace xmatch::rolls
