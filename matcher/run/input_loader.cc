#include "matcher/run/input_loader.h"

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <utility>

#include "common/progress.h"
#include "matcher/run/change_scope.h"
#include "matcher/run/copy_binary.h"
#include "store/connection.h"

namespace xmatch::matcher {
namespace {

constexpr uint64_t kProgressBatch = 16384;

// A ProgressReporter when `out` is set; shared by the slices (Add is thread-safe).
std::unique_ptr<ProgressReporter> Progress(std::ostream* out, const std::string& label) {
  if (out == nullptr) return nullptr;
  ProgressReporter::Options options;
  options.label = label;
  options.out = out;
  options.terminal = out == &std::cerr && StderrIsTerminal();
  return std::make_unique<ProgressReporter>(std::move(options));
}

// Counts rows into a shared ProgressReporter in batches.
class SliceProgress {
 public:
  explicit SliceProgress(ProgressReporter* progress) : progress_(progress) {}
  ~SliceProgress() {
    if (progress_ != nullptr) progress_->Add(pending_);
  }
  void Row() {
    if (progress_ != nullptr && ++pending_ == kProgressBatch) {
      progress_->Add(pending_);
      pending_ = 0;
    }
  }

 private:
  ProgressReporter* progress_;
  uint64_t pending_ = 0;
};

// Calls read(slice, tx) -> Status for every reader, each on its own thread (the first on
// the caller's), and returns the first error in slice order. Database exceptions become
// a Status naming `what`.
template <typename Read>
Status OnEveryReader(const Readers& readers, const char* what, Read&& read) {
  std::vector<Status> results(readers.size());
  const auto run = [&](size_t slice) {
    try {
      results[slice] = read(slice, *readers[slice]);
    } catch (const std::exception& e) {
      results[slice] = store::StatusFromPqxx(e, what);
    }
  };
  std::vector<std::thread> threads;
  for (size_t slice = 1; slice < readers.size(); ++slice) threads.emplace_back(run, slice);
  run(0);
  for (std::thread& t : threads) t.join();
  for (Status& s : results) {
    if (!s.ok()) return std::move(s);
  }
  return Status::Ok();
}

// Names a row in an error message: "roll_members member_id M1", "dept_records (justice,
// J-1)". Never an ID number.
std::string RollRowName(std::string_view member_id) {
  return "roll_members member_id " + std::string(member_id);
}
std::string RecordName(std::string_view source, std::string_view record_id) {
  return "dept_records (" + std::string(source) + ", " + std::string(record_id) + ")";
}

// `row_name()` names the row; called only on error.
template <typename T, typename RowName>
Result<T> Parsed(Result<T> value, const RowName& row_name, const char* column) {
  if (!value.ok()) {
    return Status::Internal(row_name() + ": " + column + ": " + value.status().message());
  }
  return value;
}

std::string NullableText(const BinaryCopyRow& row, size_t i) {
  return row.IsNull(i) ? std::string() : std::string(row.Text(i));
}

// The WHERE clause that limits a read to the people in scope: those in the reader's
// temporary table match_keys (a full run, after SelectCandidates) or in the run's
// match_persons (an incremental run, change_scope.h). `also`: a further condition.
std::string ScopeFilter(InputScope scope, const std::string& also = "") {
  std::string where =
      scope == InputScope::kEverything
          ? " WHERE token_key = ANY (ARRAY(SELECT token_key FROM match_keys))"
          : " WHERE " + std::string(kPersonInScope);
  return also.empty() ? where : where + " AND " + also;
}

// Streams the first column (a bigint token_key) of `select`'s rows to on_key(int64_t).
template <typename OnKey>
Status StreamTokenKeys(pqxx::transaction_base& tx, const std::string& select, OnKey&& on_key) {
  return StreamBinaryCopy(tx, select, 1, [&](const BinaryCopyRow& f) -> Status {
    on_key(f.Int8(0));
    return Status::Ok();
  });
}

// The candidates of one reader's part of the key range (see SelectCandidates): the roll's
// keys and the keys of people with possible evidence, each ascending, merged; the chosen
// keys go into match_keys by COPY.
Status SelectCandidatesOfPart(pqxx::transaction_base& tx, const TokenKeyRange& part,
                              Money lowest_pension_threshold, ProgressReporter* progress,
                              Candidates* out) {
  SliceProgress counted(progress);
  const std::string in_part = part.Sql("token_key");
  std::vector<int64_t> roll;  // ascending
  XM_RETURN_IF_ERROR(StreamTokenKeys(
      tx, "SELECT token_key FROM roll_members WHERE " + in_part + " ORDER BY token_key",
      [&](int64_t key) {
        counted.Row();
        roll.push_back(key);
      }));
  // wanted[i]: roll[i]'s person has a record that may be evidence. Marked from key
  // streams in ascending order, each with its own position in `roll`.
  std::vector<bool> wanted(roll.size(), false);
  const auto mark = [&](size_t* at, int64_t key) {
    while (*at < roll.size() && roll[*at] < key) ++*at;
    if (*at < roll.size() && roll[*at] == key) wanted[*at] = true;
  };
  // Any record but a pension payment may be evidence (deceased, imprisoned).
  size_t evidence_at = 0;
  XM_RETURN_IF_ERROR(StreamTokenKeys(
      tx,
      "SELECT token_key FROM dept_records WHERE kind <> 'pension_payment' AND " + in_part +
          " ORDER BY token_key",
      [&](int64_t key) {
        counted.Row();
        ++out->records;
        mark(&evidence_at, key);
      }));
  // Pension payments only when a month's total exceeds a threshold (pension_income). The
  // server sends just those of people on the roll (a merge of two index-only scans), by
  // person and month; the client adds them up.
  size_t pension_at = 0;
  int64_t key = 0;
  Month month;
  int64_t total_fen = 0;
  const auto month_done = [&] {
    if (total_fen > lowest_pension_threshold.fen()) mark(&pension_at, key);
  };
  XM_RETURN_IF_ERROR(StreamBinaryCopy(
      tx,
      "SELECT p.token_key, p.event_date, p.amount FROM dept_records p "
      "WHERE p.kind = 'pension_payment' AND p." + in_part +
          " AND EXISTS (SELECT 1 FROM roll_members r WHERE r.token_key = p.token_key) "
          "ORDER BY p.token_key, p.event_date",
      3, [&](const BinaryCopyRow& f) -> Status {
        counted.Row();
        ++out->records;
        if (f.IsNull(1)) return Status::Ok();  // no month (LoadRecords refuses it)
        if (f.Int8(0) != key || f.DateAt(1).month_of() != month) {
          month_done();
          key = f.Int8(0);
          month = f.DateAt(1).month_of();
          total_fen = 0;
        }
        if (!f.IsNull(2)) {
          XM_ASSIGN_OR_RETURN(Money amount, Parsed(f.MoneyAt(2), [] {
            return std::string("dept_records pension payment");
          }, "amount"));
          total_fen += amount.fen();
        }
        return Status::Ok();
      }));
  month_done();

  tx.exec0("CREATE TEMP TABLE match_keys (token_key bigint PRIMARY KEY) ON COMMIT DROP");
  pqxx::stream_to stream(tx, "match_keys");
  for (size_t begin = 0, end; begin < roll.size(); begin = end) {
    end = begin + 1;
    while (end < roll.size() && roll[end] == roll[begin]) ++end;
    // wanted is set on the first row of a key only.
    if (wanted[begin] || end - begin > 1) {
      stream << std::make_tuple(roll[begin]);
      ++out->people;
    }
  }
  stream.complete();
  tx.exec0("ANALYZE match_keys");
  out->roll_rows = roll.size();
  return Status::Ok();
}

// The department records in scope, evidence and pension payments apart, so that each
// part is an index scan of its partial index on token_key (0006; dept_records has no
// index on id_token since 0011).
std::string RecordsQuery(InputScope scope) {
  const std::string select =
      "SELECT id_token, source, kind, record_id, event_date, end_date, amount, reason, "
      "origin_topic, origin_partition, origin_offset, origin_file, origin_line "
      "FROM dept_records";
  return select + ScopeFilter(scope, "kind <> 'pension_payment'") + " UNION ALL " + select +
         ScopeFilter(scope, "kind = 'pension_payment'");
}

}  // namespace

Result<Candidates> SelectCandidates(const Readers& readers, const TokenKeyRange& range,
                                    Money lowest_pension_threshold, std::ostream* progress_out) {
  const auto progress = Progress(progress_out, "match: reading the person keys");
  std::vector<Candidates> parts(readers.size());
  XM_RETURN_IF_ERROR(OnEveryReader(
      readers, "selecting the people to examine", [&](size_t slice, pqxx::transaction_base& tx) {
        return SelectCandidatesOfPart(tx, range.Part(slice, readers.size()),
                                      lowest_pension_threshold, progress.get(), &parts[slice]);
      }));
  if (progress) progress->Finish();
  Candidates all;
  for (const Candidates& part : parts) {
    all.roll_rows += part.roll_rows;
    all.records += part.records;
    all.people += part.people;
  }
  return all;
}

Result<LoadedRoll> LoadRoll(const Readers& readers, InputScope scope, std::ostream* progress_out) {
  const auto progress = Progress(progress_out, "match: reading the roll");
  // Deques: growing them never moves what was read (this VM makes fresh pages dear).
  std::vector<std::deque<RollEntry>> slices(readers.size());
  XM_RETURN_IF_ERROR(OnEveryReader(readers, "reading roll_members", [&](size_t slice,
                                                                       pqxx::transaction_base& tx) {
    SliceProgress counted(progress.get());
    std::deque<RollEntry>& out = slices[slice];
    return StreamBinaryCopy(
        tx,
        "SELECT id_token, member_id, household_id, program, region_code, status "
        "FROM roll_members" + ScopeFilter(scope),
        6, [&](const BinaryCopyRow& f) -> Status {
          counted.Row();
          const std::string_view token = f.Text(0);
          if (!LooksLikeToken(token)) {
            return Status::Internal(RollRowName(f.Text(1)) + ": id_token is not a token");
          }
          const auto where = [&] { return RollRowName(f.Text(1)); };
          RollEntry entry;
          XM_ASSIGN_OR_RETURN(entry.program, Parsed(ParseProgram(f.Text(3)), where, "program"));
          XM_ASSIGN_OR_RETURN(entry.status, Parsed(ParseRollStatus(f.Text(5)), where, "status"));
          entry.member_id = std::string(f.Text(1));
          entry.household_id = std::string(f.Text(2));
          entry.person = PersonKeyOfToken(token);
          entry.region_code = std::string(f.Text(4));
          out.push_back(std::move(entry));
          return Status::Ok();
        });
  }));
  if (progress) progress->Finish();

  RollTableBuilder builder;
  size_t rows = 0;
  for (const auto& slice : slices) rows += slice.size();
  builder.Reserve(rows);
  for (std::deque<RollEntry>& slice : slices) {
    for (RollEntry& entry : slice) {
      Status added = builder.AddRow(std::move(entry));
      if (!added.ok()) return Status::Internal(added.message());
    }
    std::deque<RollEntry>().swap(slice);
  }
  XM_ASSIGN_OR_RETURN(JoinHashTable index, JoinHashTable::Build(builder.key64s()));
  return LoadedRoll{std::move(builder), std::move(index)};
}

Result<DeptRecordTable> LoadRecords(const Readers& readers, InputScope scope, const JoinHashTable& index,
                                    std::ostream* progress_out, uint64_t* records_read) {
  const auto progress = Progress(progress_out, "match: reading department records");
  std::vector<std::deque<DeptRecord>> slices(readers.size());
  std::vector<uint64_t> read(readers.size(), 0);
  XM_RETURN_IF_ERROR(OnEveryReader(readers, "reading dept_records", [&](size_t slice,
                                                                       pqxx::transaction_base& tx) {
    SliceProgress counted(progress.get());
    std::deque<DeptRecord>& out = slices[slice];
    return StreamBinaryCopy(
        tx,
        RecordsQuery(scope),
        13, [&](const BinaryCopyRow& f) -> Status {
          counted.Row();
          ++read[slice];
          const std::string_view token = f.Text(0);
          if (!LooksLikeToken(token) || index.Find(TokenKey64(token)) == JoinHashTable::kNotFound) {
            return Status::Ok();  // not a person on the roll
          }
          const auto where = [&] { return RecordName(f.Text(1), f.Text(3)); };
          XM_ASSIGN_OR_RETURN(Source source, Parsed(ParseSource(f.Text(1)), where, "source"));
          DeptRecord r;
          XM_ASSIGN_OR_RETURN(r.kind, Parsed(ParseRecordKind(source, f.Text(2)), where, "kind"));
          r.record_id = std::string(f.Text(3));
          r.person = PersonKeyOfToken(token);
          if (f.IsNull(4)) return Status::Internal(where() + ": event_date is NULL");
          r.event_date = f.DateAt(4);
          if (!f.IsNull(5)) r.end_date = f.DateAt(5);
          if (!f.IsNull(6)) {
            XM_ASSIGN_OR_RETURN(r.amount, Parsed(f.MoneyAt(6), where, "amount"));
          }
          r.reason = NullableText(f, 7);
          r.origin.topic = NullableText(f, 8);
          if (!f.IsNull(9)) r.origin.partition = f.Int4(9);
          if (!f.IsNull(10)) r.origin.offset = f.Int8(10);
          r.origin.file = NullableText(f, 11);
          if (!f.IsNull(12)) r.origin.line = f.Int4(12);
          out.push_back(std::move(r));
          return Status::Ok();
        });
  }));
  if (progress) progress->Finish();

  DeptRecordTable records;
  size_t matched = 0;
  for (const auto& slice : slices) matched += slice.size();
  records.Reserve(matched);
  for (std::deque<DeptRecord>& slice : slices) {
    for (DeptRecord& r : slice) records.Add(std::move(r));
    std::deque<DeptRecord>().swap(slice);
  }
  if (records_read != nullptr) {
    *records_read = 0;
    for (uint64_t n : read) *records_read += n;
  }
  return records;
}

Result<RollTable> LoadPayments(const Readers& readers, RollTableBuilder builder,
                               const JoinHashTable& index, const DeptRecordTable& records,
                               std::ostream* progress_out, uint64_t* payments_read) {
  // The rows that can raise a clue: a person with a department record, or on two rows.
  const std::span<const uint64_t> keys = builder.key64s();
  std::vector<bool> needed(keys.size(), false);
  const auto mark = [&](uint32_t rows) {
    for (uint32_t row : index.Rows(rows)) needed[row] = true;
  };
  for (uint64_t key : records.key64s()) mark(index.Find(key));
  index.ForEachSharedKey(mark);
  std::vector<uint32_t> rows;
  for (uint32_t row = 0; row < keys.size(); ++row) {
    if (needed[row]) rows.push_back(row);
  }

  // Each reader fetches the payments of its share of those rows: the rows go to a
  // temporary table by COPY, the payments come back through one join (a semi-join,
  // never the whole payments table), tagged with the row number.
  struct RowPayment {
    uint32_t row;
    Payment payment;
  };
  const auto progress = Progress(progress_out, "match: reading payments");
  std::vector<std::deque<RowPayment>> slices(readers.size());
  XM_RETURN_IF_ERROR(OnEveryReader(readers, "reading payments", [&](size_t slice,
                                                                   pqxx::transaction_base& tx) {
    SliceProgress counted(progress.get());
    tx.exec0("CREATE TEMP TABLE match_rows (member_id text PRIMARY KEY, row_no integer NOT NULL) "
             "ON COMMIT DROP");
    {
      pqxx::stream_to stream(tx, "match_rows");
      const size_t begin = rows.size() * slice / readers.size();
      const size_t end = rows.size() * (slice + 1) / readers.size();
      for (size_t i = begin; i < end; ++i) {
        stream << std::make_tuple(builder.member_id(rows[i]), static_cast<int64_t>(rows[i]));
      }
      stream.complete();
    }
    tx.exec0("ANALYZE match_rows");
    std::deque<RowPayment>& out = slices[slice];
    return StreamBinaryCopy(
        tx,
        "SELECT m.row_no, p.period, p.amount FROM payments p JOIN match_rows m USING (member_id)",
        3, [&](const BinaryCopyRow& f) -> Status {
          counted.Row();
          XM_ASSIGN_OR_RETURN(Money amount, Parsed(f.MoneyAt(2), [] { return std::string("payments"); }, "amount"));
          out.push_back(RowPayment{static_cast<uint32_t>(f.Int4(0)),
                                   Payment{f.DateAt(1).month_of(), amount}});
          return Status::Ok();
        });
  }));
  if (progress) progress->Finish();

  uint64_t read = 0;
  for (const auto& slice : slices) read += slice.size();
  builder.ReservePayments(read);
  for (std::deque<RowPayment>& slice : slices) {
    for (const RowPayment& p : slice) builder.AddPaymentOfRow(p.row, p.payment);
    std::deque<RowPayment>().swap(slice);
  }
  if (payments_read != nullptr) *payments_read = read;
  return std::move(builder).Build();
}

}  // namespace xmatch::matcher
