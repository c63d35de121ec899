#include "rolls/payments_import.h"

#include <algorithm>
#include <cstring>

#include "store/copy_writer.h"
#include "rolls/deferred_indexes.h"
#include "rolls/flat_tables.h"
#include "rolls/import_errors.h"
#include "rolls/import_support.h"
#include "rolls/payment_row.h"
#include "store/connection.h"

namespace xmatch::rolls {
namespace {

// Constant names: libpqxx puts them into COPY unquoted.
const char kTable[] = "payments";
const char kStagingTable[] = "payments_staging";
// The columns of the COPY rows, both ways.
const std::vector<std::string> kColumns = {"member_id", "period", "amount", "paid_on"};

const char kCreateStaging[] = R"sql(
CREATE TEMP TABLE payments_staging (
  member_id text, period date, amount numeric(12, 2), paid_on date
) ON COMMIT DROP)sql";

const char kUpdate[] = R"sql(
UPDATE payments AS p SET
  amount = s.amount, paid_on = s.paid_on, change_xid = pg_current_xact_id()
FROM payments_staging AS s
WHERE p.member_id = s.member_id AND p.period = s.period
  AND (p.amount, p.paid_on) IS DISTINCT FROM (s.amount, s.paid_on))sql";

// A payments row is about 35 bytes; pre-sizing the (member, period) set from the file
// size spares its rehashes.
constexpr uint64_t kMinBytesPerRow = 32;
// Periods are 1900-01..2199-12 (Month), 3600 months: 12 bits.
constexpr int kPeriodBits = 12;
const int32_t kFirstPeriod = Month::FromYm(1900, 1)->index();

// Undoes COPY TO's text escaping of one field in place (\\ -> \, \t -> tab, ...).
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
      if (c == 'b') c = '\b';
      if (c == 'f') c = '\f';
      if (c == 'v') c = '\v';
    }
    (*text)[out] = c;
  }
  text->resize(out);
}

// A payment's amount and paid_on as one exact 64-bit value: fen (0 to 10^12 < 2^40) above
// 24 bits of days from 1970 offset by 2^23. kUnknownPayment, which no file row packs to,
// stands for a stored row this cannot hold (a negative amount, say).
constexpr uint64_t kUnknownPayment = UINT64_MAX;
uint64_t PackPayment(Money amount, Date paid_on) {
  constexpr int64_t kDayOffset = int64_t{1} << 23;
  const int64_t days = paid_on.days() + kDayOffset;
  if (amount.fen() < 0 || amount.fen() >= int64_t{1} << 40 || days < 0 || days >= 2 * kDayOffset) {
    return kUnknownPayment;
  }
  return static_cast<uint64_t>(amount.fen()) << 24 | static_cast<uint64_t>(days);
}

// (member number, period) as an exact 64-bit key; nullopt for a period outside Month's
// range, which no file row has.
std::optional<uint64_t> PaymentKey(uint32_t member, Month period) {
  const int32_t months = period.index() - kFirstPeriod;
  if (months < 0 || months >= 1 << kPeriodBits) return std::nullopt;
  return uint64_t{member} << kPeriodBits | static_cast<uint64_t>(months);
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

// The stored payments of the members on the roll: PaymentKey -> PackPayment. Twelve
// million rows take about 256 MB.
KeyMap LoadStoredPayments(pqxx::work& tx, const StringTable& members) {
  KeyMap stored;
  stored.Reserve(tx.exec1("SELECT count(*) FROM payments")[0].as<uint64_t>());
  pqxx::stream_from stream(tx, kTable, kColumns);
  std::string line, member_id;
  while (stream.get_raw_line(line)) {
    std::string_view fields[4];
    std::string_view rest(line);
    if (!rest.empty() && rest.back() == '\n') rest.remove_suffix(1);
    for (int i = 0; i < 4; ++i) {
      const size_t tab = i < 3 ? rest.find('\t') : rest.size();
      fields[i] = rest.substr(0, tab);
      rest.remove_prefix(std::min(rest.size(), tab + 1));
    }
    member_id = fields[0];
    UnescapeCopyText(&member_id);
    const std::optional<uint32_t> member = members.Find(member_id);
    if (!member) continue;  // no file row can name it
    const Result<Month> period = Month::Parse(fields[1].substr(0, 7));
    if (!period.ok()) continue;
    const std::optional<uint64_t> key = PaymentKey(*member, *period);
    if (!key) continue;
    const Result<Money> amount = Money::Parse(fields[2]);
    const Result<Date> paid_on = Date::Parse(fields[3]);
    stored.Put(*key, amount.ok() && paid_on.ok() ? PackPayment(*amount, *paid_on)
                                                 : kUnknownPayment);
  }
  stream.complete();
  return stored;
}

// Validates every row of `table` and, while none is bad, streams it into the staging
// table. Returns the number of data rows read.
void StreamRows(pqxx::work& tx, CsvTable& table, const StringTable& members,
                const KeyMap& stored, ImportProgress* progress, ImportErrors* errors,
                ChangedRows* changed, ImportReport* report) {
  store::CopyWriter copy(tx, kTable, kColumns);
  // (member number, period) is an exact 64-bit key.
  KeySet member_periods;
  member_periods.Reserve(table.reader().size() / kMinBytesPerRow);
  FieldErrors field_errors;
  while (table.Next(errors)) {
    ++report->rows;
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
    const uint64_t key = *PaymentKey(*member, row->period);
    if (!member_periods.Insert(key)) {
      errors->Add(line, {"period", "this member already has a row for this period earlier in "
                                   "the file (one row per member and period)"});
      continue;
    }
    if (!errors->empty()) continue;  // the import is lost: just keep counting errors
    const std::optional<uint64_t> stored_payment = stored.Find(key);
    if (stored_payment && *stored_payment == PackPayment(row->amount, row->paid_on)) continue;

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
    if (!stored_payment) {
      copy.EndRow();
      ++report->inserted;
    } else {
      changed->Add(copy.row());
      copy.DiscardRow();
    }
  }
  progress->Finish();
  if (errors->empty()) copy.Complete();
}

}  // namespace

Result<ImportReport> ImportPayments(pqxx::connection& conn, const std::string& path,
                                    const ImportOptions& options) {
  XM_ASSIGN_OR_RETURN(std::unique_ptr<CsvTable> table, OpenCsvTable(path, kPaymentColumns));
  try {
    pqxx::work tx(conn, "payments_import");
    LockTableForImport(tx, kTable);
    const StringTable members = LoadRollMembers(tx);
    const KeyMap stored = LoadStoredPayments(tx, members);
    std::optional<DeferredIndexes> deferred;
    if (stored.size() == 0) deferred = DeferredIndexes::Drop(tx, kTable);
    ImportErrors errors(options.max_listed_errors);
    ImportProgress progress(options.progress_out, "payments import", table->reader());
    ChangedRows changed{kCreateStaging, kStagingTable, kColumns, kUpdate, {}};
    ImportReport report;
    StreamRows(tx, *table, members, stored, &progress, &errors, &changed, &report);
    if (!errors.empty()) return errors.ToStatus(path);
    if (deferred) deferred->Rebuild(tx);
    report.updated = changed.Apply(tx);
    report.unchanged = report.rows - report.inserted - report.updated;
    tx.commit();
    return report;
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "importing payments from " + path);
  }
}

}  // namespace xmatch::rolls
