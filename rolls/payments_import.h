// ImportPayments: `xmatch payments import FILE.csv` (CONTRACT §1.2).
//
// Reads the whole file, validating every field of every row, and upserts it into
// payments by (member_id, period) in one transaction: all rows or none.
//
//  - Every member_id must be on the roll (a roll_members row): import the roll first.
//  - A (member_id, period) pair that appears twice in the file is an error.
//  - Upsert: a new (member_id, period) is inserted; an existing row is updated only if its
//    amount or paid_on differs, and only then does its change_xid move. Importing the same
//    file twice changes nothing.
//
// How: the roll's member_ids are read first (about 60 MB for a million members), so that
// a payment for any other member is reported with its line like a field error. Then as
// ImportRoll (roll_import.h): payments' write lock, the stored payments read (amount and
// paid_on per member and period, about 20 bytes a row), new rows COPYed straight into
// payments while parsing, identical rows dropped, changed rows applied by one UPDATE.
//
// Returns InvalidArgument listing up to options.max_listed_errors errors as
// "line N, column: rule" and counting the rest; IoError if the file cannot be read;
// Unavailable/Internal for database errors. On any error the database is unchanged.
// `conn` must not have a transaction open.
#pragma once

#include <string>

#include <pqxx/pqxx>

#include "common/result.h"
#include "rolls/import.h"

namespace xmatch::rolls {

Result<ImportReport> ImportPayments(pqxx::connection& conn, const std::string& path,
                                    const ImportOptions& options = {});

}  // namespace xmatch::rolls
