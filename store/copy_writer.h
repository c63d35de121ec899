// CopyWriter: streams rows into `COPY table (columns) FROM STDIN` in PostgreSQL's text
// format, sending them in batches of about 256 KiB.
//
// Why not pqxx::stream_to: libpqxx 6.4 converts and escapes every field through
// std::string temporaries (several allocations per field) and octal-escapes non-ASCII
// bytes; at millions of rows that is most of an import's time. Here a row is appended to
// one reused buffer and UTF-8 goes through as is (connections are UTF8, store/connection.h).
// The batches go through libpqxx's raw-line call, which sends them verbatim.
//
// The table and column names are put into the COPY statement unquoted: pass constants.
// Errors surface as libpqxx exceptions (from the constructor, from a flush, or from
// Complete()); the caller aborts the transaction. Destroying a writer without Complete()
// ends the COPY with whatever was sent; the caller is then expected to abort.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/pqxx>

namespace pqxx {
class tablewriter;
}  // namespace pqxx

namespace xmatch::store {

class CopyWriter {
 public:
  CopyWriter(pqxx::transaction_base& tx, const std::string& table,
             const std::vector<std::string>& columns);
  ~CopyWriter();
  CopyWriter(const CopyWriter&) = delete;
  CopyWriter& operator=(const CopyWriter&) = delete;

  // Appends a field, escaping backslashes, tabs and line breaks.
  void Field(std::string_view text);
  // Appends a field the caller knows holds none of \ \t \n \r (digits, dates, codes).
  void PlainField(std::string_view text);
  void IntField(int64_t value);
  void NullField();
  // Field(*text), or NULL when there is none.
  void FieldOrNull(const std::optional<std::string>& text);
  // Field(text), or NULL when it is empty (an optional text kept as "").
  void FieldOrNullIfEmpty(std::string_view text);
  // PlainField(value->ToString()) for a Date, a Money or the like, or NULL when there is
  // none.
  template <typename T>
  void PlainFieldOrNull(const std::optional<T>& value) {
    if (value) {
      PlainField(value->ToString());
    } else {
      NullField();
    }
  }
  // Ends the row; sends the batch when it is full.
  void EndRow();

  // The row built since the last EndRow()/DiscardRow(), as COPY text without its line
  // break: lets a caller compare it with what is stored before deciding to send it.
  std::string_view row() const { return std::string_view(batch_).substr(row_start_); }
  // Forgets the row being built instead of sending it.
  void DiscardRow();
  // Appends complete rows (COPY text, each ending in a line break), e.g. rows kept from
  // row() while another COPY was open; sends the batch when it is full.
  void AppendRows(std::string_view rows);

  // Sends what is left and ends the COPY; throws if the server rejected anything.
  void Complete();

 private:
  void Separate();
  void Flush();

  std::unique_ptr<pqxx::tablewriter> writer_;
  std::string batch_;
  size_t row_start_ = 0;  // where the row being built begins in batch_
  bool row_started_ = false;
};

}  // namespace xmatch::store
