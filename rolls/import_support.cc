#include "rolls/import_support.h"

namespace xmatch::rolls {

Result<std::unique_ptr<CsvTable>> OpenCsvTable(const std::string& path,
                                               std::span<const std::string_view> columns) {
  Result<std::unique_ptr<CsvReader>> reader = CsvReader::Open(path);
  if (!reader.ok()) return reader.status();
  Result<std::unique_ptr<CsvTable>> table = CsvTable::Open(std::move(*reader), columns);
  if (!table.ok()) return table.status().WithContext(path);
  return table;
}

ImportProgress::ImportProgress(std::ostream* out, std::string label, const CsvReader& reader)
    : reader_(reader) {
  if (out == nullptr) return;
  ProgressReporter::Options options;
  options.label = std::move(label);
  options.total_work = reader.size();
  options.out = out;
  options.terminal = out == &std::cerr && StderrIsTerminal();
  reporter_ = std::make_unique<ProgressReporter>(std::move(options));
}

void ImportProgress::Report() {
  if (reporter_ != nullptr) {
    const uint64_t bytes = reader_.bytes_consumed();
    reporter_->Add(pending_rows_, bytes - bytes_reported_);
    bytes_reported_ = bytes;
  }
  pending_rows_ = 0;
}

void ImportProgress::Finish() {
  Report();
  if (reporter_ != nullptr) reporter_->Finish();
}

ImportReport RunUpsert(pqxx::work& tx, const std::string& upsert_sql, uint64_t rows) {
  // For a row the INSERT created, xmax is 0; a row ON CONFLICT updated carries the lock
  // its update took. Counting in SQL keeps millions of RETURNING rows off the wire.
  const pqxx::row counts = tx.exec1(
      "WITH upserted AS (" + upsert_sql +
      ") SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) "
      "FROM upserted");
  ImportReport report;
  report.rows = rows;
  report.inserted = counts[0].as<uint64_t>();
  report.updated = counts[1].as<uint64_t>();
  report.unchanged = rows - report.inserted - report.updated;
  return report;
}

}  // namespace xmatch::rolls
