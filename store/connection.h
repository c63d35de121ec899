// Opening connections to PostgreSQL.
//
// Every connection xmatch makes goes through Connect(): it sets client_encoding to UTF8
// and refuses a server whose encoding is not UTF8, because libpqxx 6.4 COPY octal-escapes
// non-ASCII bytes and Chinese names survive only in UTF8. Errors never include the
// password from the DSN.
#pragma once

#include <memory>
#include <string>

#include <pqxx/pqxx>

#include "common/result.h"

namespace xmatch::store {

// Unavailable when the server cannot be reached or refuses the login (the message names
// host and port, not the password); InvalidArgument when the DSN is malformed;
// FailedPrecondition when the server encoding is not UTF8.
Result<std::unique_ptr<pqxx::connection>> Connect(const std::string& dsn);

// Maps a libpqxx/libpq exception to a Status: broken connections, a commit in doubt,
// serialization failures, deadlocks and a server shutting down become Unavailable
// (retry), everything else Internal. `what` says what we were doing ("landing batch").
// The message keeps only the first line of the server's error (with its SQLSTATE): the
// DETAIL lines quote row values such as ID numbers.
Status StatusFromPqxx(const std::exception& e, std::string_view what);

}  // namespace xmatch::store
