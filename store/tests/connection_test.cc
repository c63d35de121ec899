#include "store/connection.h"

#include <tuple>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "tests/support/pg_fixture.h"

namespace xmatch::store {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPassword[] = "Pa55-not-to-be-printed";

class Connection : public testing::PgTest {
 protected:
  // A DSN for a new database with the given server encoding.
  static std::string DatabaseWithEncoding(const std::string& name, const std::string& encoding) {
    EmbeddedPostgres& server = testing::PgTestServer::Get().server();
    auto admin = Connect(server.Dsn());
    if (!admin.ok()) throw std::runtime_error(admin.status().ToString());
    pqxx::nontransaction(**admin).exec0("CREATE DATABASE " + name + " ENCODING '" + encoding +
                                        "' TEMPLATE template0");
    return server.Dsn(name);
  }
};

TEST_F(Connection, ClientEncodingIsUtf8EvenWhenTheDsnAsksOtherwise) {
  auto conn = Connect(dsn() + " client_encoding=LATIN1");
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  pqxx::nontransaction tx(**conn);
  EXPECT_EQ(tx.exec1("SHOW client_encoding")[0].as<std::string>(), "UTF8");
}

TEST_F(Connection, SqlAsciiDatabaseIsRefused) {
  auto conn = Connect(DatabaseWithEncoding("ascii_db", "SQL_ASCII"));
  ASSERT_FALSE(conn.ok());
  EXPECT_EQ(conn.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_THAT(conn.status().message(), HasSubstr("ascii_db"));
  EXPECT_THAT(conn.status().message(), HasSubstr("SQL_ASCII"));
  EXPECT_THAT(conn.status().message(), HasSubstr("UTF8"));
}

TEST_F(Connection, Latin1DatabaseIsRefused) {
  auto conn = Connect(DatabaseWithEncoding("latin1_db", "LATIN1"));
  ASSERT_FALSE(conn.ok());
  EXPECT_EQ(conn.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_THAT(conn.status().message(), HasSubstr("LATIN1"));
}

TEST(ConnectionFailure, UnreachableServerIsUnavailableAndNamesItButNotThePassword) {
  // Port 1 on loopback: nothing listens there.
  auto conn = Connect(std::string("host=127.0.0.1 port=1 dbname=x user=u connect_timeout=5 ") +
                      "password=" + kPassword);
  ASSERT_FALSE(conn.ok());
  EXPECT_EQ(conn.status().code(), Status::Code::kUnavailable);
  EXPECT_THAT(conn.status().message(), HasSubstr("127.0.0.1"));
  EXPECT_THAT(conn.status().message(), Not(HasSubstr(kPassword)));
}

TEST(ConnectionFailure, MalformedDsnIsInvalidArgumentWithoutThePassword) {
  auto conn = Connect(std::string("host=127.0.0.1 password=") + kPassword + " trailing");
  ASSERT_FALSE(conn.ok());
  EXPECT_EQ(conn.status().code(), Status::Code::kInvalidArgument);
  EXPECT_THAT(conn.status().message(), Not(HasSubstr(kPassword)));
  EXPECT_THAT(conn.status().message(), Not(HasSubstr("trailing")));
}

TEST_F(Connection, ChineseTextRoundTripsThroughCopyAndSelect) {
  const std::vector<std::string> names = {"张三", "欧阳娜娜", "买买提·艾力", "𠮷野家"};
  pqxx::work tx(conn());
  tx.exec0("CREATE TABLE people (n integer, name text)");
  {
    pqxx::stream_to copy(tx, "people", std::vector<std::string>{"n", "name"});
    for (size_t i = 0; i < names.size(); ++i) copy << std::make_tuple(int(i), names[i]);
    copy.complete();
  }
  pqxx::result rows = tx.exec("SELECT name, char_length(name) FROM people ORDER BY n");
  ASSERT_EQ(rows.size(), names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(rows[i][0].as<std::string>(), names[i]);
  }
  EXPECT_EQ(rows[0][1].as<int>(), 2) << "the server sees characters, not bytes";
  EXPECT_EQ(rows[2][1].as<int>(), 6);
  EXPECT_EQ(rows[3][1].as<int>(), 3) << "a character outside the BMP";
}

TEST_F(Connection, LostConnectionIsUnavailable) {
  pqxx::work tx(conn());
  int pid = tx.exec1("SELECT pg_backend_pid()")[0].as<int>();
  auto killer = Connect(dsn());
  ASSERT_TRUE(killer.ok());
  pqxx::nontransaction(**killer).exec_params1("SELECT pg_terminate_backend($1)", pid);
  try {
    tx.exec0("SELECT 1");
    FAIL() << "the query ran on a terminated connection";
  } catch (const std::exception& e) {
    Status s = StatusFromPqxx(e, "running a query");
    EXPECT_EQ(s.code(), Status::Code::kUnavailable) << s.ToString();
    EXPECT_THAT(s.message(), HasSubstr("running a query"));
  }
}

TEST_F(Connection, ConstraintViolationKeepsRowValuesOutOfTheMessage) {
  const std::string id_number = "11010519491231002X";
  pqxx::work tx(conn());
  tx.exec0("CREATE TABLE ids (id_number text PRIMARY KEY)");
  tx.exec_params0("INSERT INTO ids VALUES ($1)", id_number);
  try {
    tx.exec_params0("INSERT INTO ids VALUES ($1)", id_number);
    FAIL() << "the duplicate was accepted";
  } catch (const std::exception& e) {
    ASSERT_THAT(e.what(), HasSubstr(id_number)) << "the server's DETAIL quotes the key";
    Status s = StatusFromPqxx(e, "inserting ids");
    EXPECT_EQ(s.code(), Status::Code::kInternal);
    EXPECT_THAT(s.message(), HasSubstr("duplicate key value violates unique constraint"));
    EXPECT_THAT(s.message(), HasSubstr("23505"));
    EXPECT_THAT(s.message(), Not(HasSubstr(id_number)));
  }
}

}  // namespace
}  // namespace xmatch::store
