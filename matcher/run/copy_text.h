// Reading PostgreSQL's COPY ... TO STDOUT text format: one line per row, fields split by
// tabs, NULL as \N, and backslash escapes for backslash, tab, newline and the other
// control characters. The loaders read COPY lines through pqxx::stream_from's
// get_raw_line and split them here, so no row is parsed twice and no field is copied
// unless it holds an escape.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>


namespace xmatch::matcher {

// Splits `line` (without its newline) into fields. A field without escapes is a view
// into `line`; one with escapes is decoded into `*scratch` (a deque: its strings never
// move), which keeps it alive until the next call with the same scratch. nullopt stands for NULL.
// `fields` is resized to the number of fields on the line.
void SplitCopyLine(std::string_view line, std::vector<std::optional<std::string_view>>* fields,
                   std::deque<std::string>* scratch);

}  // namespace xmatch::matcher
