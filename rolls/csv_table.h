// CsvTable: a CSV file (CsvReader) whose header row must name exactly a given set of
// columns, in any order. Yields each data row's fields rearranged into that set's order,
// so row parsers index fields by position.
//
// Open() fails on a header with missing, unknown or repeated columns, naming them. A data
// row with the wrong number of fields is reported to the caller's ImportErrors and
// skipped; a malformed file (CsvReader's errors) ends the reading.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "rolls/csv_reader.h"
#include "rolls/import_errors.h"

namespace xmatch::rolls {

class CsvTable {
 public:
  // `columns` must outlive the table (the formats' constant arrays).
  static Result<std::unique_ptr<CsvTable>> Open(std::unique_ptr<CsvReader> reader,
                                                std::span<const std::string_view> columns);

  // Reads the next well-formed row. False at the end of the file or when it is malformed
  // (that error is added to *errors). fields() and line() describe the row until the next
  // call.
  bool Next(ImportErrors* errors);
  std::span<const std::string_view> fields() const { return fields_; }
  int64_t line() const { return record_.line; }

  const CsvReader& reader() const { return *reader_; }

 private:
  CsvTable(std::unique_ptr<CsvReader> reader, std::vector<size_t> positions)
      : reader_(std::move(reader)), positions_(std::move(positions)),
        fields_(positions_.size()) {}

  std::unique_ptr<CsvReader> reader_;
  std::vector<size_t> positions_;  // positions_[i]: the file's field index of columns[i]
  CsvRecord record_;
  std::vector<std::string_view> fields_;
};

}  // namespace xmatch::rolls
