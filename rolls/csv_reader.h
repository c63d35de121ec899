// CsvReader: a streaming RFC 4180 reader for the roll and payments files (CONTRACT §1.1,
// §1.2).
//
// What it accepts:
//  - UTF-8 text; a byte-order mark at the start is skipped. A record that is not valid
//    UTF-8 is an error (the usual cause is a file saved as GBK: save it as "CSV UTF-8").
//  - Fields separated by ',', records ended by CRLF, LF or a lone CR; the last record may
//    lack its line end.
//  - Quoted fields ("...") may hold commas, line breaks and doubled quotes ("" means ").
//  - Empty lines are skipped (RFC 4180 has no empty records; editors leave them at the end).
// What it rejects, with the physical line number: an unterminated quote (the line where it
// opened), a quote inside an unquoted field, text after a closing quote.
//
// Memory: the file is read in large blocks into one buffer, which grows only when a single
// record is larger than it. Fields are views into that buffer: no allocation per field.
// Doubled quotes are collapsed in place. A record's views stay valid until the next call
// to Next().
//
// Not thread-safe; one reader per file.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/status.h"

namespace xmatch::rolls {

struct CsvRecord {
  int64_t line = 0;                      // physical line (1-based) where the record starts
  std::vector<std::string_view> fields;  // valid until the next CsvReader::Next()
};

class CsvReader {
 public:
  // Opens `path` for reading. IoError naming the file if it cannot be opened.
  static Result<std::unique_ptr<CsvReader>> Open(const std::string& path);
  // Reads from memory (tests, small inputs).
  static std::unique_ptr<CsvReader> FromString(std::string_view text);

  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Reads the next record into *record. Returns false at the end of the input or on an
  // error; status() tells which (OK at the end). After an error every call returns false.
  bool Next(CsvRecord* record);

  // OK, or InvalidArgument/IoError saying what was wrong and on which line.
  const Status& status() const { return status_; }
  // Bytes of input consumed so far, for progress reports.
  uint64_t bytes_consumed() const { return consumed_before_buffer_ + begin_; }
  // Size of the whole input in bytes (0 if unknown).
  uint64_t size() const { return size_; }

 private:
  enum class Parse { kRecord, kNeedMore, kError };

  CsvReader(int fd, uint64_t size);
  Parse ParseRecord(CsvRecord* record);
  // Moves the unparsed tail to the front, grows the buffer if it is full, and reads more.
  // Returns false on a read error (status_ set).
  bool Refill();
  bool Fail(Status status);

  int fd_ = -1;           // -1 when reading from memory
  uint64_t size_ = 0;
  std::vector<char> buffer_;
  size_t begin_ = 0;      // first byte not yet parsed
  size_t end_ = 0;        // one past the last byte read
  bool eof_ = false;      // nothing more to read beyond end_
  bool bom_checked_ = false;
  uint64_t consumed_before_buffer_ = 0;  // input bytes discarded from the buffer's front
  int64_t line_ = 1;      // physical line of buffer_[begin_]
  Status status_;
  std::vector<size_t> escaped_fields_;  // scratch: fields holding doubled quotes
};

}  // namespace xmatch::rolls
