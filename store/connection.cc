#include "store/connection.h"

#include <libpq-fe.h>

#include <vector>

#include <fmt/format.h>

namespace xmatch::store {
namespace {

// The password in `dsn` ("" if none or the DSN does not parse), so it can be scrubbed
// from libpq's messages, which may quote parts of the connection string.
std::string PasswordIn(const std::string& dsn) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(dsn.c_str(), &error);
  PQfreemem(error);
  if (options == nullptr) return "";
  std::string password;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val != nullptr && std::string_view(o->keyword) == "password") password = o->val;
  }
  PQconninfoFree(options);
  return password;
}

std::string Redact(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
    text.replace(at, secret.size(), "***");
  }
  return text;
}

// The first line of a server or libpq message, without "ERROR:  ". The lines after it
// (DETAIL, CONTEXT) can quote row values such as ID numbers, which must not reach a
// Status message or a log.
std::string FirstLine(std::string_view message) {
  for (std::string_view prefix : {"ERROR:  ", "FATAL:  "}) {
    if (message.substr(0, prefix.size()) == prefix) message.remove_prefix(prefix.size());
  }
  return std::string(message.substr(0, message.find('\n')));
}

bool IsRetryableSqlState(const std::string& state) {
  return state.rfind("08", 0) == 0 ||  // connection exception
         state == "40001" ||            // serialization failure
         state == "40P01" ||            // deadlock detected
         state == "57P01" || state == "57P02" || state == "57P03";  // server shutting down
}

}  // namespace

Result<std::unique_ptr<pqxx::connection>> Connect(const std::string& dsn) {
  // libpq rejects a malformed string before connecting; its message may quote the
  // string, so it is checked here and reported without it.
  char* parse_error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(dsn.c_str(), &parse_error);
  if (parsed == nullptr) {
    PQfreemem(parse_error);
    return Status::InvalidArgument(
        "the PostgreSQL connection string (XMATCH_PG, --pg or the config file) is malformed: "
        "write it as 'host=... port=... dbname=... user=...' or postgresql://host:port/dbname");
  }
  PQconninfoFree(parsed);

  std::unique_ptr<pqxx::connection> conn;
  std::string server_encoding;
  try {
    conn = std::make_unique<pqxx::connection>(dsn);
    conn->set_client_encoding("UTF8");
    pqxx::nontransaction tx(*conn);
    server_encoding = tx.exec1("SHOW server_encoding")[0].as<std::string>();
  } catch (const pqxx::broken_connection& e) {
    return Status::Unavailable(
        "cannot connect to PostgreSQL: " + Redact(FirstLine(e.what()), PasswordIn(dsn)));
  } catch (const std::exception& e) {
    return StatusFromPqxx(e, "connecting to PostgreSQL");
  }
  if (server_encoding != "UTF8") {
    return Status::FailedPrecondition(fmt::format(
        "database \"{}\" uses encoding {}, but xmatch stores Chinese names and needs UTF8: "
        "create the database with ENCODING 'UTF8' (e.g. createdb -E UTF8 -T template0 {})",
        conn->dbname(), server_encoding, conn->dbname()));
  }
  return conn;
}

Status StatusFromPqxx(const std::exception& e, std::string_view what) {
  std::string message = fmt::format("{}: {}", what, FirstLine(e.what()));
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    return Status::Unavailable(message + " (connection to PostgreSQL lost: retry)");
  }
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) {
    return Status::Unavailable(message +
                               " (connection lost during COMMIT: the transaction may or may "
                               "not have been committed)");
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    message += fmt::format(" [SQLSTATE {}]", sql->sqlstate());
    if (IsRetryableSqlState(sql->sqlstate())) return Status::Unavailable(message);
  }
  return Status::Internal(message);
}

}  // namespace xmatch::store
