// What both file imports (ImportRoll, ImportPayments) take and report.
#pragma once

#include <cstdint>
#include <iostream>

namespace xmatch::rolls {

struct ImportOptions {
  // Where progress goes when an import runs longer than a second (rows/s and percent of
  // the file read); nullptr for none.
  std::ostream* progress_out = &std::cerr;
  // How many errors a rejected file's message lists before "and N more errors".
  size_t max_listed_errors = 20;
};

// The outcome of a successful import. rows = inserted + updated + unchanged.
struct ImportReport {
  uint64_t rows = 0;       // data rows in the file
  uint64_t inserted = 0;   // keys that were not in the table
  uint64_t updated = 0;    // existing rows whose values changed (change_xid moves)
  uint64_t unchanged = 0;  // existing rows left untouched (change_xid stays)
};

}  // namespace xmatch::rolls
