#include "rolls/import_support.h"

#include "store/copy_writer.h"

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

void LockTableForImport(pqxx::work& tx, const std::string& table) {
  tx.exec0("LOCK TABLE " + table + " IN SHARE ROW EXCLUSIVE MODE");
  tx.exec0("SET LOCAL DateStyle = 'ISO, YMD'");
}

uint64_t ChangedRows::Apply(pqxx::work& tx) const {
  if (rows.empty()) return 0;
  tx.exec0(create_staging_sql);
  store::CopyWriter staging(tx, staging_table, columns);
  staging.AppendRows(rows);
  staging.Complete();
  tx.exec0(std::string("ANALYZE ") + staging_table);  // row counts for the join's plan
  return tx.exec0(update_sql).affected_rows();
}

}  // namespace xmatch::rolls
