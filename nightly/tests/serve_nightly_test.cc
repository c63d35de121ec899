// `xmatch serve` with the nightly operation, as a child process against the real
// PostgreSQL and `xmatch dev-kafka`: the catch-up run at start-up (once, and not again
// after a restart), a catch-up that finds the matcher's lock held, records landing
// through serve's own connectors, the warnings in /metrics and the IT API, and a clean
// exit on SIGTERM. Waits are on conditions with generous deadlines, never on sleeps.
#include <signal.h>
#include <time.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <utility>  // before Boost.Asio 1.74, which uses std::exchange without it

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/date.h"
#include "connectors/tests/connect_env.h"
#include "review/principal.h"
#include "review/user_admin.h"
#include "tests/support/free_port.h"
#include "tests/support/http_exchange.h"
#include "tests/support/pg_fixture.h"

namespace xmatch::nightly {
namespace {

namespace http = boost::beast::http;
using boost::asio::ip::tcp;
using connectors::testing::ChildProcess;
using connectors::testing::ConnectEnv;
using connectors::testing::DevKafkaProcess;
using connectors::testing::ReadFile;
using connectors::testing::StartProducer;
using xmatch::testing::FreePort;
using std::chrono::seconds;
using ::testing::HasSubstr;

constexpr seconds kDeadline{120};
// The matcher's advisory lock key (matcher/run/run_log.cc): "xmatch" in ASCII.
constexpr int64_t kMatchLockKey = 0x786d61746368;
constexpr char kPassword[] = "correct-horse-42";

// True once `condition` holds, polling until `deadline`.
bool Eventually(const std::function<bool()>& condition, seconds deadline = kDeadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return condition();
}

// The sum of a metric family's samples in a /metrics body ("name{...} value" lines).
double SumOfFamily(const std::string& body, const std::string& name) {
  double sum = 0;
  std::istringstream lines(body);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(name + "{", 0) == 0) sum += std::stod(line.substr(line.rfind(' ') + 1));
  }
  return sum;
}

// "HH:MM" of a local time `minutes_ago` minutes before now.
std::string LocalHhMm(int minutes_ago) {
  const time_t t = time(nullptr) - minutes_ago * 60;
  tm local{};
  localtime_r(&t, &local);
  return fmt::format("{:02d}:{:02d}", local.tm_hour, local.tm_min);
}

struct HttpAnswer {
  int status = 0;
  std::string body;
  std::string set_cookie;
};

HttpAnswer Request(uint16_t port, http::verb verb, const std::string& target,
                   const std::string& body = "", const std::string& cookie = "") {
  boost::asio::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  const http::response<http::string_body> response =
      xmatch::testing::HttpExchange(socket, verb, target, body, cookie);
  return {static_cast<int>(response.result_int()), response.body(),
          std::string(response[http::field::set_cookie])};
}

class ServeNightlyTest : public testing::PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    ASSERT_FALSE(kafka_.brokers().empty()) << "xmatch dev-kafka did not start";
    // ConnectEnv's agreements run to 2099; this one expires in 10 days (a warning).
    const Date expires = Date::FromDays(Date::Today().days() + 10);
    std::ofstream(env_.dir() + "/agreements/ps-expiring.yaml")
        << "id: ps-expiring\nprovider: public_security\nkinds: [death]\npurpose: test\n"
        << "valid_from: 2020-01-01\nvalid_to: " << expires.ToString() << "\nretention_days: 1095\n";
    // The slot passed two minutes ago: with no run since, start-up must catch up.
    std::ofstream(env_.dir() + "/serve.yaml")
        << "listen: 127.0.0.1:" << FreePort() << "\nschedule: \"" << LocalHhMm(2) << "\"\n"
        << "serve:\n  connect: true\n  stale_after_days: 1\n"
        << "kafka:\n  properties:\n    session.timeout.ms: \"4000\"\n"
        << "    heartbeat.interval.ms: \"500\"\n";
  }

  // Starts `xmatch serve`; returns its port (0 when it did not start). Logs go to
  // log_file().
  uint16_t StartServe() {
    ++starts_;
    serve_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{XMATCH_BINARY, "--config", env_.dir() + "/serve.yaml", "serve",
                                 "--threads", "2"},
        std::vector<std::string>{"XMATCH_PG=" + dsn(), "XMATCH_KAFKA_BROKERS=" + kafka_.brokers(),
                                 "XMATCH_TOKEN_KEYS=1=" + env_.dir() + "/key1.hex",
                                 "XMATCH_AGREEMENTS_DIR=" + env_.dir() + "/agreements",
                                 "XMATCH_LOG_LEVEL=info"},
        "", log_file());
    const std::string line = serve_->ReadLine(kDeadline);
    const size_t colon = line.rfind(':');
    if (line.find("listening on") == std::string::npos || colon == std::string::npos) return 0;
    return static_cast<uint16_t>(std::stoi(line.substr(colon + 1)));
  }

  // SIGTERM, and the exit status (nullopt: still running at the deadline).
  std::optional<int> StopServe() {
    serve_->Signal(SIGTERM);
    std::optional<int> status = serve_->Wait(kDeadline);
    serve_.reset();
    return status;
  }

  std::string log_file() const { return env_.dir() + "/serve-" + std::to_string(starts_) + ".log"; }
  bool LogHas(const std::string& text) const {
    return ReadFile(log_file()).find(text) != std::string::npos;
  }

  long Runs(const std::string& status) {
    pqxx::read_transaction tx(conn());
    return tx.exec_params1("SELECT count(*) FROM match_runs WHERE status = $1", status)[0].as<long>();
  }

  DevKafkaProcess kafka_{1};
  ConnectEnv env_;
  std::unique_ptr<ChildProcess> serve_;
  int starts_ = 0;
};

TEST_F(ServeNightlyTest, CatchesUpOnceLandsRecordsRaisesWarningsAndStopsCleanly) {
  // 1. The slot was missed but another run holds the lock: serve skips and says so.
  auto holder = std::make_unique<pqxx::connection>(dsn());
  {
    pqxx::nontransaction tx(*holder);
    tx.exec_params("SELECT pg_advisory_lock($1)", kMatchLockKey);
  }
  ASSERT_NE(StartServe(), 0) << ReadFile(log_file());
  ASSERT_TRUE(Eventually([&] { return LogHas("; next at"); })) << ReadFile(log_file());
  EXPECT_TRUE(LogHas("skipped: another match run holds the lock")) << ReadFile(log_file());
  EXPECT_EQ(Runs("succeeded") + Runs("running") + Runs("failed"), 0);
  EXPECT_EQ(StopServe(), 0) << ReadFile(log_file());
  holder.reset();  // ends the session: the lock is released

  // 2. Lock free: start-up runs the missed match once; the connectors land the records.
  ASSERT_TRUE(review::AddUser(conn(), {"it", "IT", review::Role::kItAdmin, {}}, kPassword).ok());
  const uint16_t port = StartServe();
  ASSERT_NE(port, 0) << ReadFile(log_file());
  ASSERT_TRUE(Eventually([&] { return LogHas("; next at"); })) << ReadFile(log_file());
  EXPECT_TRUE(LogHas("catch-up: no successful run yet")) << ReadFile(log_file());
  EXPECT_EQ(Runs("succeeded"), 1);
  EXPECT_EQ(Runs("failed"), 0);

  std::unique_ptr<ChildProcess> producer = StartProducer(kafka_.brokers(), 0, 8);
  ASSERT_EQ(producer->Wait(kDeadline), 0);
  ASSERT_TRUE(Eventually([&] { return Count("dept_records") == 8; }))
      << Count("dept_records") << " records landed\n" << ReadFile(log_file());

  // 3. Warnings: the expiring agreement; justice stale once its records are old.
  {
    pqxx::work tx(conn());
    tx.exec0("UPDATE dept_records SET received_at = now() - interval '3 days' "
             "WHERE source = 'justice'");
    tx.commit();
  }
  const HttpAnswer metrics = Request(port, http::verb::get, "/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_THAT(metrics.body, HasSubstr("xmatch_agreement_expiring{agreement=\"ps-expiring\"} 1"));
  EXPECT_THAT(metrics.body, HasSubstr("xmatch_agreement_expiring{agreement=\"ps-2026-001\"} 0"));
  EXPECT_THAT(metrics.body, HasSubstr("xmatch_agreement_days_left{agreement=\"ps-expiring\"} 10"));
  EXPECT_THAT(metrics.body, HasSubstr("xmatch_source_stale{source=\"justice\"} 1"));
  EXPECT_THAT(metrics.body, HasSubstr("xmatch_source_stale{source=\"health\"} 0"));
  EXPECT_THAT(metrics.body, HasSubstr("xmatch_warnings{kind=\"agreement_expiring\"} 1"));
  EXPECT_THAT(metrics.body, HasSubstr("xmatch_warnings{kind=\"source_stale\"} 1"));
  EXPECT_THAT(metrics.body, HasSubstr("xmatch_source_newest_record_timestamp_seconds{source=\"pension\"}"));
  EXPECT_THAT(metrics.body, HasSubstr("xmatch_match_runs_total{status=\"succeeded\"} 1"));
  // The connectors serve runs: what they landed (counted as the connector collects the
  // landing it committed, a moment after the rows are visible), and their lag once read.
  std::string body;
  EXPECT_TRUE(Eventually([&] {
    body = Request(port, http::verb::get, "/metrics").body;
    return SumOfFamily(body, "xmatch_connector_landed_total") == 8;
  })) << body;
  EXPECT_EQ(SumOfFamily(body, "xmatch_connector_received_total"), 8) << body;
  EXPECT_THAT(body, HasSubstr("xmatch_connector_newest_event_timestamp_seconds{topic="));
  EXPECT_TRUE(Eventually([&] {
    body = Request(port, http::verb::get, "/metrics").body;
    return body.find("xmatch_connector_consumer_lag{topic=") != std::string::npos;
  })) << body;
  EXPECT_EQ(SumOfFamily(body, "xmatch_connector_consumer_lag"), 0) << body;

  const HttpAnswer login = Request(port, http::verb::post, "/api/login",
                                   nlohmann::json{{"username", "it"}, {"password", kPassword}}.dump());
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string cookie = login.set_cookie.substr(0, login.set_cookie.find(';'));
  const HttpAnswer it = Request(port, http::verb::get, "/api/it/overview", "", cookie);
  ASSERT_EQ(it.status, 200) << it.body;
  const nlohmann::json overview = nlohmann::json::parse(it.body);
  ASSERT_EQ(overview["warnings"].size(), 2u) << overview["warnings"].dump();
  EXPECT_EQ(overview["warnings"][0]["kind"], "agreement_expiring");
  EXPECT_EQ(overview["warnings"][0]["item"], "ps-expiring");
  EXPECT_THAT(overview["warnings"][0]["message"].get<std::string>(), HasSubstr("剩 10 天"));
  EXPECT_EQ(overview["warnings"][1]["kind"], "source_stale");
  EXPECT_EQ(overview["warnings"][1]["item"], "justice");
  EXPECT_EQ(overview["warnings"][1]["days"], 3);
  ASSERT_EQ(overview["runs"].size(), 1u);
  EXPECT_EQ(overview["runs"][0]["status"], "succeeded");
  EXPECT_TRUE(LogHas("agreement ps-expiring (public_security) expires on")) << ReadFile(log_file());

  EXPECT_EQ(StopServe(), 0);

  // 4. Restarted after the run: the slot is not missed any more, nothing runs.
  ASSERT_NE(StartServe(), 0) << ReadFile(log_file());
  ASSERT_TRUE(Eventually([&] { return LogHas("; next at"); })) << ReadFile(log_file());
  EXPECT_FALSE(LogHas("catch-up")) << ReadFile(log_file());
  EXPECT_EQ(StopServe(), 0);
  EXPECT_EQ(Runs("succeeded"), 1);
  EXPECT_EQ(Count("match_runs"), 1);
  EXPECT_EQ(Count("dept_records"), 8);  // the restart read nothing twice
}

}  // namespace
}  // namespace xmatch::nightly
