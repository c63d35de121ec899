// Reading PostgreSQL's COPY ... TO STDOUT (FORMAT binary): each row arrives as one
// CopyData message, a 16-bit field count followed by (32-bit length, bytes) per field,
// length -1 for NULL, integers big-endian. The first message of a COPY starts with the
// 19-byte file header; the last is the trailer (field count -1).
//
// Binary COPY saves the server its output functions (a date, a numeric, a bigint are
// sent as they are stored) and the client its text parsing. The loaders cast every
// column in their SELECT to the type they read it as (bigint, integer, date, numeric,
// text), so a field's size is known; reading a field as a type it is not is a bug in
// the query and throws std::logic_error.
//
// StreamBinaryCopy runs one query through pqxx::stream_from on the caller's transaction.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/pqxx>

#include "common/date.h"
#include "common/money.h"
#include "common/result.h"

namespace xmatch::matcher {

// One row of a binary COPY, its fields viewing the message it was parsed from (which
// must outlive the row's use). Reused from row to row: Parse() keeps its capacity.
class BinaryCopyRow {
 public:
  // Splits `message` into fields. `first`: the COPY's first message, which carries the
  // file header. Sets at_end() for the trailer. Internal when the message is malformed.
  Status Parse(std::string_view message, bool first);

  bool at_end() const { return at_end_; }
  size_t size() const { return fields_.size(); }
  bool IsNull(size_t i) const { return fields_[i].data() == nullptr; }

  std::string_view Text(size_t i) const { return fields_[i]; }
  int64_t Int8(size_t i) const;
  int32_t Int4(size_t i) const;
  Date DateAt(size_t i) const;
  // A numeric with at most two decimals, in fen. Internal for NaN, more decimals or a
  // value out of Money's range.
  Result<Money> MoneyAt(size_t i) const;

 private:
  std::string_view Sized(size_t i, size_t bytes) const;

  std::vector<std::string_view> fields_;  // data() == nullptr: NULL
  bool at_end_ = false;
};

// Streams the rows of `select` (a SELECT, without parentheses) in binary to
// on_row(const BinaryCopyRow&) -> Status, after checking each has `columns` fields.
// The first non-OK Status stops the parsing (the COPY is drained, so the transaction
// stays usable) and is returned. Database errors throw, as pqxx does.
template <typename OnRow>
Status StreamBinaryCopy(pqxx::transaction_base& tx, const std::string& select, size_t columns,
                        OnRow&& on_row);

// ---- implementation ----

// pqxx 6.4's stream_from issues "COPY <table> TO STDOUT" with the table name as given; a
// parenthesized query with its own options and a trailing comment makes it a binary COPY
// of the query.
std::string BinaryCopyTarget(const std::string& select);

template <typename OnRow>
Status StreamBinaryCopy(pqxx::transaction_base& tx, const std::string& select, size_t columns,
                        OnRow&& on_row) {
  pqxx::stream_from stream(tx, BinaryCopyTarget(select));
  std::string message;
  BinaryCopyRow row;
  Status status;
  bool first = true;
  while (stream.get_raw_line(message)) {
    if (!status.ok()) continue;
    status = row.Parse(message, first);
    first = false;
    if (!status.ok() || row.at_end()) continue;
    if (row.size() != columns) {
      status = Status::Internal("COPY gave " + std::to_string(row.size()) +
                                " columns, expected " + std::to_string(columns));
      continue;
    }
    status = on_row(row);
  }
  stream.complete();
  return status;
}

}  // namespace xmatch::matcher
