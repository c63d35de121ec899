// ImportFeedFile: `xmatch feed import --source SOURCE FILE.jsonl` (CONTRACT §1.3), for
// departments that deliver files instead of Kafka messages. Every line goes through the
// same RecordParser and RecordStore::Land as a Kafka message, with origin_file and
// origin_line in place of topic/partition/offset.
//
// Not all-or-nothing: lines land in batches, each its own transaction. Running the same
// file again is safe and adds nothing: records are deduplicated by (source, record_id)
// and rejects by file, line and payload. Blank lines are skipped (they are not records).
#pragma once

#include <cstddef>
#include <cstdint>
#include <iostream>
#include <map>
#include <string>

#include "common/agreements.h"
#include "common/date.h"
#include "common/progress.h"
#include "common/result.h"
#include "common/token.h"

namespace xmatch::connectors {

struct FeedImportOptions {
  size_t batch_lines = 5000;
  Date received_on = Date::Today();  // the agreements must be in force on this day
  std::ostream* progress_out = &std::cerr;
  bool progress_terminal = StderrIsTerminal();
};

struct FeedImportReport {
  int64_t records = 0;                        // non-blank lines read
  int64_t landed = 0;                         // new dept_records rows
  int64_t duplicates = 0;                     // valid records whose record_id was stored already
  std::map<std::string, int64_t> rejected;    // by reason code (connectors/reject.h)
  int64_t rejects_stored = 0;                 // new rejects rows
  int64_t dropped_fields = 0;                 // fields dropped from the landed records
};

// `source`: the department the file is from; a line naming another is a source_mismatch
// reject. The file is recorded by its absolute path. InvalidArgument for an unknown
// source; IoError when the file cannot be read; Unavailable/Internal for database
// errors (what landed before stays; run again to finish). Requires !keyring.empty().
Result<FeedImportReport> ImportFeedFile(const std::string& pg_dsn, const std::string& source,
                                        const std::string& path, const TokenKeyring& keyring,
                                        const AgreementRegistry& agreements,
                                        const FeedImportOptions& options = {});

}  // namespace xmatch::connectors
