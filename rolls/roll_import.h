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
//  - Token key rotation (rolls/retokenize.h): every key version the stored roll holds
//    must be loaded (FailedPrecondition otherwise). While more than one version is
//    loaded, the import ends with RetokenizeInTransaction in the same transaction, so new
//    members get their aliases and the whole roll stays under one version.
//
// How: the import takes roll_members' write lock (other imports wait; readers do not) and
// reads the stored rows (about 150 bytes a member). While the file is parsed, the rows of
// new members stream (COPY) straight into roll_members; a row identical to the stored one
// is dropped; one that differs is kept, and after the file they go through a temporary
// staging table into one UPDATE ... WHERE (values) IS DISTINCT FROM (values). So a
// re-import neither rewrites nor locks an unchanged row. Parsing goes on after the first
// bad row so that the message can list and count all of them, but nothing more is sent
// to the server, and the transaction is rolled back.
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
