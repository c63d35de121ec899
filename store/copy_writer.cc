#include "store/copy_writer.h"

#include <charconv>

#include <pqxx/tablewriter>

namespace xmatch::store {
namespace {

constexpr size_t kBatchBytes = 256 << 10;

}  // namespace

// pqxx::tablewriter is deprecated for its field conversions (unreliable with multibyte
// text), which are not used here: only write_raw_line(), which sends bytes verbatim.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
CopyWriter::CopyWriter(pqxx::transaction_base& tx, const std::string& table,
                       const std::vector<std::string>& columns)
    : writer_(std::make_unique<pqxx::tablewriter>(tx, table, columns.begin(), columns.end())) {
  batch_.reserve(kBatchBytes + 4096);
}

CopyWriter::~CopyWriter() = default;
#pragma GCC diagnostic pop

void CopyWriter::Separate() {
  if (row_started_) batch_ += '\t';
  row_started_ = true;
}

void CopyWriter::Field(std::string_view text) {
  Separate();
  for (char c : text) {
    switch (c) {
      case '\\': batch_ += "\\\\"; break;
      case '\t': batch_ += "\\t"; break;
      case '\n': batch_ += "\\n"; break;
      case '\r': batch_ += "\\r"; break;
      default: batch_ += c;
    }
  }
}

void CopyWriter::PlainField(std::string_view text) {
  Separate();
  batch_ += text;
}

void CopyWriter::IntField(int64_t value) {
  Separate();
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof(buf), value).ptr;
  batch_.append(buf, end);
}

void CopyWriter::NullField() {
  Separate();
  batch_ += "\\N";
}

void CopyWriter::FieldOrNull(const std::optional<std::string>& text) {
  if (text) {
    Field(*text);
  } else {
    NullField();
  }
}

void CopyWriter::FieldOrNullIfEmpty(std::string_view text) {
  if (text.empty()) {
    NullField();
  } else {
    Field(text);
  }
}

void CopyWriter::EndRow() {
  batch_ += '\n';
  row_started_ = false;
  if (batch_.size() >= kBatchBytes) Flush();
  row_start_ = batch_.size();
}

void CopyWriter::DiscardRow() {
  batch_.resize(row_start_);
  row_started_ = false;
}

void CopyWriter::AppendRows(std::string_view rows) {
  DiscardRow();
  while (!rows.empty()) {
    // Whole rows of about a batch at a time.
    size_t take = rows.size();
    if (take > kBatchBytes) {
      size_t end = rows.rfind('\n', kBatchBytes);
      if (end == std::string_view::npos) end = rows.find('\n');  // a row longer than a batch
      if (end != std::string_view::npos) take = end + 1;
    }
    batch_ += rows.substr(0, take);
    rows.remove_prefix(take);
    if (batch_.size() >= kBatchBytes) Flush();
  }
  row_start_ = batch_.size();
}

// write_raw_line() drops one trailing '\n' and the connection appends one: the batch's
// rows arrive exactly as built.
void CopyWriter::Flush() {
  if (batch_.empty()) return;
  writer_->write_raw_line(batch_);
  batch_.clear();
}

void CopyWriter::Complete() {
  Flush();
  writer_->complete();
}

}  // namespace xmatch::store
