// `xmatch demo`, the README's first command, as a new user runs it: the real binary
// starts its own PostgreSQL and broker, runs the pipeline, prints the demo accounts and
// serves the review pages; a printed account logs in and sees clues; Ctrl-C stops
// everything it started and exits cleanly, also while its PostgreSQL is still starting.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <sstream>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <nlohmann/json.hpp>

#include "common/tests/temp_dir.h"
#include "tests/support/child_process.h"
#include "tests/support/free_port.h"
#include "tests/support/http_exchange.h"

namespace xmatch::demo {
namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;
using net::ip::tcp;
using testing::ChildProcess;
using testing::FreePort;
using test_support::ReadFileText;
using test_support::TempDir;

struct Account {
  std::string username, role, password;
};

TEST(DemoCommand, ServesAPrintedAccountItsCluesAndCtrlCStopsEverything) {
  TempDir dir;
  // Run as root, the demo's PostgreSQL runs as `postgres`, which must reach its directory.
  std::filesystem::permissions(dir.path(), std::filesystem::perms::others_exec,
                               std::filesystem::perm_options::add);
  const int port = FreePort();
  ChildProcess demo({XMATCH_BINARY, "demo", "--dir", dir.path(), "--county", "640424",
                     "--households", "150", "--port", std::to_string(port)},
                    {"XMATCH_LOG_LEVEL=warn"}, "", dir.path() + "/demo.stderr");

  // Up to the review pages: the accounts come first ("  username  role  password  name").
  std::vector<Account> accounts;
  bool in_accounts = false;
  std::string url_line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(4);
  while (url_line.empty() && std::chrono::steady_clock::now() < deadline) {
    const std::string line = demo.ReadLine(std::chrono::seconds(30));
    if (line.empty() && demo.Wait(std::chrono::milliseconds(0))) break;  // it exited
    if (line.rfind("Demo accounts", 0) == 0) in_accounts = true;
    if (in_accounts && line.rfind("  ", 0) == 0) {
      std::istringstream fields(line);
      Account a;
      fields >> a.username >> a.role >> a.password;
      accounts.push_back(a);
    }
    if (line.rfind("review pages: http", 0) == 0) url_line = line;
  }
  ASSERT_FALSE(url_line.empty()) << "the demo never served its pages; its stderr:\n"
                                 << ReadFileText(dir.path() + "/demo.stderr");
  EXPECT_NE(url_line.find(std::to_string(port)), std::string::npos) << url_line;

  const auto township = std::find_if(accounts.begin(), accounts.end(),
                                     [](const Account& a) { return a.role == "township_staff"; });
  ASSERT_NE(township, accounts.end()) << "no township account among " << accounts.size();
  net::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  auto login = testing::HttpExchange(
      socket, http::verb::post, "/api/login",
      nlohmann::json{{"username", township->username}, {"password", township->password}}.dump());
  ASSERT_EQ(login.result_int(), 200) << login.body();
  const std::string set_cookie(login[http::field::set_cookie]);
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  auto queue = testing::HttpExchange(socket, http::verb::get, "/api/clues", "", cookie);
  ASSERT_EQ(queue.result_int(), 200) << queue.body();
  EXPECT_GT(nlohmann::json::parse(queue.body())["total"].get<int64_t>(), 0)
      << "the demo's township officer sees no clue";
  socket.close();

  demo.Signal(SIGINT);
  EXPECT_EQ(demo.Wait(std::chrono::minutes(1)), 0);
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/pg/postmaster.pid"))
      << "PostgreSQL still runs after Ctrl-C";
  tcp::socket after(ioc);
  boost::system::error_code refused;
  after.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), refused);
  EXPECT_TRUE(refused) << "the review pages still answer after Ctrl-C";
}


// Ctrl-C while the demo's PostgreSQL is being created or started: the demo goes, its
// PostgreSQL does not stay behind, and the next `xmatch demo` in the same directory
// finishes (reusing or re-creating the cluster).
TEST(DemoCommand, CtrlCWhilePostgresStartsLeavesNothingRunningAndTheNextRunWorks) {
  TempDir dir;
  std::filesystem::permissions(dir.path(), std::filesystem::perms::others_exec,
                               std::filesystem::perm_options::add);
  const std::vector<std::string> args = {XMATCH_BINARY, "demo",         "--dir", dir.path(),
                                         "--county",    "640424",       "--households",
                                         "150",         "--no-serve"};
  for (int delay_ms : {0, 400, 1500}) {
    ChildProcess demo(args, {"XMATCH_LOG_LEVEL=warn"}, "", dir.path() + "/demo.stderr");
    std::string line;
    while (line.rfind("demo: starting PostgreSQL", 0) != 0) {
      line = demo.ReadLine(std::chrono::seconds(30));
      ASSERT_FALSE(line.empty()) << "no start-up line; stderr:\n"
                                 << ReadFileText(dir.path() + "/demo.stderr");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    demo.Signal(SIGINT);
    const std::optional<int> status = demo.Wait(std::chrono::minutes(1));
    ASSERT_TRUE(status.has_value())
        << "the demo did not stop " << delay_ms << " ms into PostgreSQL's start";
    EXPECT_TRUE(*status == 0 || *status == 128 + SIGINT) << "exit " << *status;
    // The postmaster goes within a fast shutdown's time.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::filesystem::exists(dir.path() + "/pg/postmaster.pid") &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_FALSE(std::filesystem::exists(dir.path() + "/pg/postmaster.pid"))
        << "PostgreSQL still runs after Ctrl-C " << delay_ms << " ms into its start";
  }
  ChildProcess again(args, {"XMATCH_LOG_LEVEL=warn"}, "", dir.path() + "/demo.stderr");
  EXPECT_EQ(again.Wait(std::chrono::minutes(4)), 0)
      << "the demo after the interrupted ones failed; stderr:\n"
      << ReadFileText(dir.path() + "/demo.stderr");
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/pg/postmaster.pid"));
}

}  // namespace
}  // namespace xmatch::demo
