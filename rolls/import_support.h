// Pieces both imports share: opening the file as a CsvTable, progress reporting from the
// row loop, and running the final upsert.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

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

// Runs `upsert_sql`, an `INSERT ... ON CONFLICT DO UPDATE ... WHERE (values differ)`
// whose RETURNING list is `(xmax = 0) AS inserted`, and counts: rows the INSERT returned
// as inserted or updated; the rest of `rows` were left unchanged.
ImportReport RunUpsert(pqxx::work& tx, const std::string& upsert_sql, uint64_t rows);

}  // namespace xmatch::rolls
