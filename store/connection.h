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

// Unavailable when the server cannot be reached (the message names host and port, not
// the password); FailedPrecondition when the server encoding is not UTF8.
Result<std::unique_ptr<pqxx::connection>> Connect(const std::string& dsn);

// Maps a libpqxx/libpq exception to a Status: broken connections become Unavailable
// (retry), everything else Internal. `what` says what we were doing ("landing batch").
Status StatusFromPqxx(const std::exception& e, std::string_view what);

}  // namespace xmatch::store
