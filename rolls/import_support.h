// Pieces both imports share: opening the file as a CsvTable, progress reporting from the
// row loop, the table lock, and applying the rows that changed.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/pqxx>

#include "common/progress.h"
#include "common/result.h"
#include "rolls/csv_table.h"
#include "rolls/import.h"

namespace xmatch::rolls {

// Opens `path` and checks its header against `columns`. Errors are prefixed with the path.
Result<std::unique_ptr<CsvTable>> OpenCsvTable(const std::string& path,
                                               std::span<const std::string_view> columns);

// Feeds a ProgressReporter (rows, and bytes of the file read) from a row loop, touching
// the reporter's clock only every few thousand rows. Silent when `out` is null.
class ImportProgress {
 public:
  ImportProgress(std::ostream* out, std::string label, const CsvReader& reader);
  void Row() {
    if (++pending_rows_ == kRowsPerReport) Report();
  }
  void Finish();

 private:
  static constexpr uint64_t kRowsPerReport = 8192;
  void Report();

  const CsvReader& reader_;
  std::unique_ptr<ProgressReporter> reporter_;
  uint64_t pending_rows_ = 0;
  uint64_t bytes_reported_ = 0;
};

// Readies the import's transaction: takes the SHARE ROW EXCLUSIVE lock of `table` (a
// constant), which waits for and then holds off every other writer (another import) but
// not readers (the matcher, the review pages), so that what the import reads of the
// table stays true until it commits; and makes dates read back as YYYY-MM-DD.
void LockTableForImport(pqxx::work& tx, const std::string& table);

// The rows of a file that differ from the stored row with the same key, kept as COPY
// text while the COPY of the new rows is open, then applied with one UPDATE.
struct ChangedRows {
  const char* create_staging_sql;  // CREATE TEMP TABLE <staging_table> ... ON COMMIT DROP
  const char* staging_table;       // a constant: libpqxx puts it into COPY unquoted
  std::vector<std::string> columns;
  // UPDATE <table> ... FROM <staging_table> ... WHERE (values) IS DISTINCT FROM (values):
  // the guard keeps an identical row from being rewritten whatever its text form was.
  const char* update_sql;
  std::string rows;  // COPY text, one line per row

  void Add(std::string_view row) {
    rows += row;
    rows += '\n';
  }
  // Sends the rows to the staging table and runs the UPDATE; returns the rows it changed.
  uint64_t Apply(pqxx::work& tx) const;
};

}  // namespace xmatch::rolls
