#include "rolls/payments_import.h"

#include <cstring>

#include "rolls/copy_writer.h"
#include "rolls/flat_tables.h"
#include "rolls/import_errors.h"
#include "rolls/import_support.h"
#include "rolls/payment_row.h"
#include "store/connection.h"

namespace xmatch::rolls {
namespace {

// A constant name: libpqxx puts it into COPY unquoted.
const char kStagingTable[] = "payments_staging";

const char kCreateStaging[] = R"sql(
CREATE TEMP TABLE payments_staging (
  member_id text, period date, amount numeric(12, 2), paid_on date
) ON COMMIT DROP)sql";

// Rows identical to a stored one are filtered out first, so that a re-import neither
// updates nor locks them; ON CONFLICT ... WHERE then guards against a concurrent change.
const char kUpsert[] = R"sql(
INSERT INTO payments AS p (member_id, period, amount, paid_on)
SELECT s.member_id, s.period, s.amount, s.paid_on FROM payments_staging s
WHERE NOT EXISTS (SELECT 1 FROM payments q
                  WHERE q.member_id = s.member_id AND q.period = s.period
                    AND q.amount = s.amount AND q.paid_on = s.paid_on)
ON CONFLICT (member_id, period) DO UPDATE SET
  amount = EXCLUDED.amount, paid_on = EXCLUDED.paid_on, change_xid = pg_current_xact_id()
WHERE (p.amount, p.paid_on) IS DISTINCT FROM (EXCLUDED.amount, EXCLUDED.paid_on)
RETURNING (xmax = 0) AS inserted)sql";

// A payments row is about 35 bytes; pre-sizing the (member, period) set from the file
// size spares its rehashes.
constexpr uint64_t kMinBytesPerRow = 32;
// Periods are 1900-01..2199-12 (Month), 3600 months: 12 bits.
constexpr int kPeriodBits = 12;
const int32_t kFirstPeriod = Month::FromYm(1900, 1)->index();

// Undoes COPY's text escaping of one field in place (\\ -> \, \t -> tab, ...).
void UnescapeCopyText(std::string* text) {
  if (text->find('\\') == std::string::npos) return;
  size_t out = 0;
  for (size_t in = 0; in < text->size(); ++in, ++out) {
    char c = (*text)[in];
    if (c == '\\' && in + 1 < text->size()) {
      c = (*text)[++in];
      if (c == 't') c = '\t';
      if (c == 'n') c = '\n';
      if (c == 'r') c = '\r';
    }
    (*text)[out] = c;
  }
  text->resize(out);
}

// Numbers the members on the roll: member_id -> 0, 1, 2, ...
// (Raw lines: libpqxx 6.4's tuple extraction from stream_from fails on some streams.)
StringTable LoadRollMembers(pqxx::work& tx) {
  StringTable members;
  pqxx::stream_from stream(tx, "roll_members", std::vector<std::string>{"member_id"});
  std::string member_id;
  while (stream.get_raw_line(member_id)) {
    if (!member_id.empty() && member_id.back() == '\n') member_id.pop_back();
    UnescapeCopyText(&member_id);
    members.Insert(member_id, static_cast<uint32_t>(members.size()));
  }
  stream.complete();
  return members;
}

// Validates every row of `table` and, while none is bad, streams it into the staging
// table. Returns the number of data rows read.
uint64_t StreamRows(pqxx::work& tx, CsvTable& table, const StringTable& members,
                    ImportProgress* progress, ImportErrors* errors) {
  CopyWriter copy(tx, kStagingTable, {"member_id", "period", "amount", "paid_on"});
  // (member number, period) is an exact 64-bit key.
  KeySet member_periods;
  member_periods.Reserve(table.reader().size() / kMinBytesPerRow);
  FieldErrors field_errors;
  uint64_t rows = 0;
  while (table.Next(errors)) {
    ++rows;
    progress->Row();
    const int64_t line = table.line();
    field_errors.clear();
    const std::optional<PaymentRow> row =
        ParsePaymentRow(table.fields().first<kPaymentColumns.size()>(), &field_errors);
    for (const FieldError& e : field_errors) errors->Add(line, e);
    if (!row) continue;
    const std::optional<uint32_t> member = members.Find(row->member_id);
    if (!member) {
      errors->Add(line, {"member_id", "is not on the roll (no roll_members row has it; "
                                      "import the roll first)"});
      continue;
    }
    const uint64_t key =
        uint64_t{*member} << kPeriodBits | (row->period.index() - kFirstPeriod);
    if (!member_periods.Insert(key)) {
      errors->Add(line, {"period", "this member already has a row for this period earlier in "
                                   "the file (one row per member and period)"});
      continue;
    }
    if (!errors->empty()) continue;  // the import is lost: just keep counting errors

    copy.Field(row->member_id);
    // Month::Parse and Date::Parse accept only YYYY-MM and YYYY-MM-DD, so the file's text
    // is already canonical; copying it spares formatting twelve million dates.
    const std::string_view period_text = table.fields()[1], paid_on_text = table.fields()[3];
    char period_day[10];
    std::memcpy(period_day, period_text.data(), 7);
    std::memcpy(period_day + 7, "-01", 3);
    copy.PlainField(std::string_view(period_day, sizeof(period_day)));
    copy.PlainField(row->amount.ToString());
    copy.PlainField(paid_on_text);
    copy.EndRow();
  }
  progress->Finish();
  if (errors->empty()) copy.Complete();
  return rows;
}

}  // namespace

Result<ImportReport> ImportPayments(pqxx::connection& conn, const std::string& path,
                                    const ImportOptions& options) {
  XM_ASSIGN_OR_RETURN(std::unique_ptr<CsvTable> table, OpenCsvTable(path, kPaymentColumns));
  try {
    pqxx::work tx(conn, "payments_import");
    const StringTable members = LoadRollMembers(tx);
    tx.exec0(kCreateStaging);
    ImportErrors errors(options.max_listed_errors);
    ImportProgress progress(options.progress_out, "payments import", table->reader());
    const uint64_t rows = StreamRows(tx, *table, members, &progress, &errors);
    if (!errors.empty()) return errors.ToStatus(path);
    tx.exec0("ANALYZE payments_staging");  // row counts and widths for the anti-join's plan
    ImportReport report = RunUpsert(tx, kUpsert, rows);
    tx.commit();
    return report;
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "importing payments from " + path);
  }
}

}  // namespace xmatch::rolls
