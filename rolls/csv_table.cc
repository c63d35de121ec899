#include "rolls/csv_table.h"

#include <algorithm>

namespace xmatch::rolls {
namespace {

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

void AppendList(std::string* out, std::string_view label, const std::vector<std::string>& names) {
  if (names.empty()) return;
  if (!out->empty()) *out += "; ";
  *out += label;
  for (size_t i = 0; i < names.size(); ++i) *out += (i ? ", " : " ") + names[i];
}

}  // namespace

Result<std::unique_ptr<CsvTable>> CsvTable::Open(std::unique_ptr<CsvReader> reader,
                                                 std::span<const std::string_view> columns) {
  CsvRecord header;
  if (!reader->Next(&header)) {
    if (!reader->status().ok()) return reader->status();
    return Status::InvalidArgument("the file is empty: the first line must be the header row");
  }

  std::vector<size_t> positions(columns.size(), SIZE_MAX);
  std::vector<std::string> unknown, repeated, missing;
  for (size_t f = 0; f < header.fields.size(); ++f) {
    const std::string_view name = TrimSpaces(header.fields[f]);
    const auto it = std::find(columns.begin(), columns.end(), name);
    // Names are only echoed when short: a data row mistaken for a header must not leak.
    const std::string shown = name.size() <= 40 ? std::string(name) : "(a long field)";
    if (it == columns.end()) {
      unknown.push_back(shown);
    } else if (size_t& pos = positions[it - columns.begin()]; pos != SIZE_MAX) {
      repeated.push_back(shown);
    } else {
      pos = f;
    }
  }
  for (size_t i = 0; i < columns.size(); ++i) {
    if (positions[i] == SIZE_MAX) missing.emplace_back(columns[i]);
  }
  std::string problems;
  AppendList(&problems, "missing column(s):", missing);
  AppendList(&problems, "unknown column(s):", unknown);
  AppendList(&problems, "repeated column(s):", repeated);
  if (!problems.empty()) {
    std::string expected;
    for (std::string_view c : columns) expected += (expected.empty() ? "" : ",") + std::string(c);
    return Status::InvalidArgument("line " + std::to_string(header.line) + " (header): " +
                                   problems + ". The header must be: " + expected);
  }
  // Every column is placed and none repeats, so the header has exactly columns.size()
  // fields.
  return std::unique_ptr<CsvTable>(new CsvTable(std::move(reader), std::move(positions)));
}

bool CsvTable::Next(ImportErrors* errors) {
  while (reader_->Next(&record_)) {
    if (record_.fields.size() != positions_.size()) {
      errors->AddRowError(record_.line, "expected " + std::to_string(positions_.size()) +
                                            " fields like the header, got " +
                                            std::to_string(record_.fields.size()));
      continue;
    }
    for (size_t i = 0; i < positions_.size(); ++i) fields_[i] = record_.fields[positions_[i]];
    return true;
  }
  if (!reader_->status().ok()) errors->AddMessage(reader_->status().message());
  return false;
}

}  // namespace xmatch::rolls
