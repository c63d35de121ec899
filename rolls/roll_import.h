// ImportRoll: `xmatch roll import FILE.csv` (CONTRACT §1.1).
//
// Reads the whole file, validating every field of every row, and upserts it into
// roll_members by member_id in one transaction: all rows or none.
//
//  - Each resident ID is stored canonical (18 characters) with its token under the
//    keyring's current key version.
//  - Upsert: a member_id not in the table is inserted; an existing row is updated only if
//    some value differs, and only then does its change_xid move (the incremental matcher
//    reads rows by change_xid). Importing the same file twice changes nothing.
//  - A member_id that appears twice in the file is an error.
//
// How: rows stream (COPY) into a temporary staging table while the file is parsed, then
// one INSERT ... ON CONFLICT DO UPDATE ... WHERE (values differ) moves the rows that
// differ from what is stored into roll_members (identical rows are filtered out before,
// so a re-import does not even lock them). Parsing goes on after the first bad row so that the message can list and
// count all of them, but nothing more is sent to the server.
//
// Returns InvalidArgument listing up to options.max_listed_errors errors as
// "line N, column: rule" and counting the rest; IoError if the file cannot be read;
// FailedPrecondition if the keyring is empty; Unavailable/Internal for database errors
// (store::StatusFromPqxx). On any error the database is unchanged. Never puts a resident
// ID number in a message.
//
// `conn` must not have a transaction open. Progress goes to options.progress_out.
#pragma once

#include <string>

#include <pqxx/pqxx>

#include "common/result.h"
#include "common/token.h"
#include "rolls/import.h"

namespace xmatch::rolls {

Result<ImportReport> ImportRoll(pqxx::connection& conn, const std::string& path,
                                const TokenKeyring& keyring, const ImportOptions& options = {});

}  // namespace xmatch::rolls
