#include "matcher/run/input_loader.h"

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/progress.h"
#include "matcher/run/copy_text.h"
#include "store/connection.h"

namespace xmatch::matcher {
namespace {

using Fields = std::vector<std::optional<std::string_view>>;

constexpr uint64_t kProgressBatch = 4096;

const char* ScopeFilter(InputScope scope) {
  return scope == InputScope::kEverything
             ? ""
             : " WHERE id_token IN (SELECT id_token FROM match_persons)";
}

// Streams the rows of `query` (a parenthesized SELECT) to `on_row`, reporting progress.
// on_row returns a non-OK Status to stop.
template <typename OnRow>
Status StreamCopy(pqxx::transaction_base& tx, const std::string& query, size_t columns,
                  const std::string& label, std::ostream* progress_out, OnRow&& on_row) {
  std::unique_ptr<ProgressReporter> progress;
  if (progress_out != nullptr) {
    ProgressReporter::Options options;
    options.label = label;
    options.out = progress_out;
    options.terminal = progress_out == &std::cerr && StderrIsTerminal();
    progress = std::make_unique<ProgressReporter>(std::move(options));
  }
  pqxx::stream_from stream(tx, query);
  std::string line;
  Fields fields;
  std::deque<std::string> scratch;
  uint64_t pending = 0;
  Status status;
  while (stream.get_raw_line(line)) {
    if (!status.ok()) continue;  // drain the COPY so the transaction stays usable
    std::string_view text(line);
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    SplitCopyLine(text, &fields, &scratch);
    if (fields.size() != columns) {
      status = Status::Internal(label + ": COPY gave " + std::to_string(fields.size()) +
                                " columns, expected " + std::to_string(columns));
      continue;
    }
    status = on_row(fields);
    if (progress && ++pending == kProgressBatch) {
      progress->Add(pending);
      pending = 0;
    }
  }
  stream.complete();
  if (progress) {
    progress->Add(pending);
    progress->Finish();
  }
  return status;
}

std::string_view Required(const std::optional<std::string_view>& f) {
  return f.value_or(std::string_view());
}

// Names a row in an error message, built only when there is an error: "roll_members
// member_id M1", "dept_records (justice, J-1)". Never an ID number.
struct RowName {
  std::string_view table;
  std::string_view key;
  std::string_view key2 = {};

  std::string ToString() const {
    if (key2.empty()) return std::string(table) + " member_id " + std::string(key);
    return std::string(table) + " (" + std::string(key) + ", " + std::string(key2) + ")";
  }
};

template <typename T>
Result<T> Parsed(Result<T> value, const RowName& row, const char* column) {
  if (!value.ok()) {
    return Status::Internal(row.ToString() + ": " + column + ": " + value.status().message());
  }
  return value;
}

}  // namespace

Result<LoadedRoll> LoadRoll(pqxx::transaction_base& tx, InputScope scope, std::ostream* progress) {
  RollTableBuilder builder;
  const std::string query =
      std::string("(SELECT id_token, member_id, household_id, program, region_code, status "
                  "FROM roll_members") +
      ScopeFilter(scope) + ")";
  try {
    XM_RETURN_IF_ERROR(StreamCopy(
        tx, query, 6, "match: reading the roll", progress, [&](const Fields& f) -> Status {
          const RowName where{"roll_members", Required(f[1])};
          XM_ASSIGN_OR_RETURN(Program program,
                              Parsed(ParseProgram(Required(f[3])), where, "program"));
          XM_ASSIGN_OR_RETURN(RollStatus status,
                              Parsed(ParseRollStatus(Required(f[5])), where, "status"));
          const std::string_view token = Required(f[0]);
          if (!LooksLikeToken(token)) {
            return Status::Internal(where.ToString() + ": id_token is not a token");
          }
          Status added = builder.AddRow(RollEntry{std::string(Required(f[1])),
                                                  std::string(Required(f[2])),
                                                  PersonKeyOfToken(token), program,
                                                  std::string(Required(f[4])), status});
          return added.ok() ? added : Status::Internal(added.message());
        }));
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "reading roll_members");
  }
  XM_ASSIGN_OR_RETURN(JoinHashTable index, JoinHashTable::Build(builder.key64s()));
  return LoadedRoll{std::move(builder), std::move(index)};
}

Result<DeptRecordTable> LoadRecords(pqxx::transaction_base& tx, InputScope scope, const JoinHashTable& index,
                                    std::ostream* progress, uint64_t* records_read) {
  DeptRecordTable records;
  uint64_t read = 0;
  const std::string query =
      std::string("(SELECT id_token, source, record_id, kind, event_date, end_date, amount, "
                  "reason, origin_topic, origin_partition, origin_offset, origin_file, "
                  "origin_line FROM dept_records") +
      ScopeFilter(scope) + ")";
  try {
    XM_RETURN_IF_ERROR(StreamCopy(
        tx, query, 13, "match: reading department records", progress,
        [&](const Fields& f) -> Status {
          ++read;
          const std::string_view token = Required(f[0]);
          if (!LooksLikeToken(token) || index.Find(TokenKey64(token)) == JoinHashTable::kNotFound) {
            return Status::Ok();  // not a person on the roll
          }
          const RowName where{"dept_records", Required(f[1]), Required(f[2])};
          XM_ASSIGN_OR_RETURN(Source source, Parsed(ParseSource(Required(f[1])), where, "source"));
          DeptRecord r;
          XM_ASSIGN_OR_RETURN(r.kind, Parsed(ParseRecordKind(source, Required(f[3])), where, "kind"));
          r.record_id = std::string(Required(f[2]));
          r.person = PersonKeyOfToken(token);
          if (!f[4]) return Status::Internal(where.ToString() + ": event_date is NULL");
          XM_ASSIGN_OR_RETURN(r.event_date, Parsed(Date::Parse(*f[4]), where, "event_date"));
          if (f[5]) {
            XM_ASSIGN_OR_RETURN(r.end_date, Parsed(Date::Parse(*f[5]), where, "end_date"));
          }
          if (f[6]) {
            XM_ASSIGN_OR_RETURN(r.amount, Parsed(Money::Parse(*f[6]), where, "amount"));
          }
          r.reason = std::string(f[7].value_or(""));
          r.origin.topic = std::string(f[8].value_or(""));
          if (f[9]) r.origin.partition = std::stoi(std::string(*f[9]));
          if (f[10]) r.origin.offset = std::stoll(std::string(*f[10]));
          r.origin.file = std::string(f[11].value_or(""));
          if (f[12]) r.origin.line = std::stoi(std::string(*f[12]));
          records.Add(std::move(r));
          return Status::Ok();
        }));
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "reading dept_records");
  }
  if (records_read != nullptr) *records_read = read;
  return records;
}

Result<RollTable> LoadPayments(pqxx::transaction_base& tx, RollTableBuilder builder,
                               const JoinHashTable& index, const DeptRecordTable& records,
                               std::ostream* progress, uint64_t* payments_read) {
  const std::span<const uint64_t> keys = builder.key64s();
  std::vector<bool> needed(keys.size(), false);
  const auto mark = [&](uint32_t rows) {
    for (uint32_t row : index.Rows(rows)) needed[row] = true;
  };
  for (uint64_t key : records.key64s()) mark(index.Find(key));
  index.ForEachSharedKey(mark);

  uint64_t read = 0;
  try {
    tx.exec0("CREATE TEMP TABLE match_rows (member_id text PRIMARY KEY) ON COMMIT DROP");
    {
      pqxx::stream_to rows(tx, "match_rows");
      for (uint32_t row = 0; row < keys.size(); ++row) {
        if (needed[row]) rows << std::make_tuple(builder.member_id(row));
      }
      rows.complete();
    }
    tx.exec0("ANALYZE match_rows");
    XM_RETURN_IF_ERROR(StreamCopy(
        tx,
        "(SELECT p.member_id, p.period, p.amount FROM payments p "
        "JOIN match_rows USING (member_id))",
        3, "match: reading payments", progress, [&](const Fields& f) -> Status {
          ++read;
          const RowName where{"payments", Required(f[0])};
          XM_ASSIGN_OR_RETURN(Date period, Parsed(Date::Parse(Required(f[1])), where, "period"));
          XM_ASSIGN_OR_RETURN(Money amount, Parsed(Money::Parse(Required(f[2])), where, "amount"));
          Status added = builder.AddPayment(Required(f[0]), period.month_of(), amount);
          return added.ok() ? added : Status::Internal(added.message());
        }));
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "reading payments");
  }
  if (payments_read != nullptr) *payments_read = read;
  return std::move(builder).Build();
}

}  // namespace xmatch::matcher
