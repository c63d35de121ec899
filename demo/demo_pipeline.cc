#include "demo/demo_pipeline.h"

#include <filesystem>
#include <fstream>

#include "connectors/kafka_connector.h"
#include "demo/county_files.h"
#include "demo/feed_producer.h"
#include "matcher/run/run_match.h"
#include "rolls/payments_import.h"
#include "rolls/region_import.h"
#include "rolls/roll_import.h"
#include "store/connection.h"

namespace xmatch::demo {
namespace {

namespace fs = std::filesystem;

bool Stopped(const PipelineOptions& options) {
  return options.stop != nullptr && options.stop->load();
}

Status StoppedStatus() { return Status::FailedPrecondition("stopped"); }

// The county's files and the run date they were made for: made now, or reused.
Result<Date> EnsureCountyFiles(const PipelineOptions& options, const TokenKeyring& keyring,
                               bool* generated) {
  const fs::path dir(options.data_dir), date_file = dir / "run_date.txt";
  if (fs::exists(date_file) && fs::exists(dir / "roll.csv")) {
    std::ifstream in(date_file);
    std::string text;
    in >> text;
    Result<Date> date = Date::Parse(text);
    if (date.ok()) return date;
    // An unreadable date: make the county again.
  }
  CountyOptions generator = options.generator;
  generator.keyring = &keyring;
  XM_ASSIGN_OR_RETURN(CountyData data, GenerateCounty(options.county, generator));
  XM_RETURN_IF_ERROR(WriteCountyFiles(data, options.data_dir));
  std::ofstream out(date_file);
  out << data.run_date.ToString() << "\n";
  if (!out) return Status::IoError("cannot write " + date_file.string());
  *generated = true;
  return data.run_date;
}

Result<bool> CountyLoaded(pqxx::connection& conn, const std::string& county_code) {
  try {
    pqxx::work tx(conn);
    bool loaded = tx.exec_params1("SELECT EXISTS (SELECT 1 FROM roll_members "
                                  "WHERE starts_with(region_code, $1))",
                                  county_code)[0].as<bool>();
    tx.commit();
    return loaded;
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "checking for an earlier demo roll");
  }
}

// The demo's broker is new and empty each time: offsets stored against an earlier one
// mean nothing, and would read as offsets the broker lost.
Status ForgetOffsets(pqxx::connection& conn, const std::string& group) {
  try {
    pqxx::work tx(conn);
    tx.exec_params("DELETE FROM consumer_offsets WHERE consumer_group = $1", group);
    tx.commit();
    return Status::Ok();
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "resetting the demo's consumer offsets");
  }
}

}  // namespace

Result<PipelineResult> RunDemoPipeline(const PipelineOptions& options, const TokenKeyring& keyring,
                                       const AgreementRegistry& agreements) {
  std::ostream& out = *options.out;
  PipelineResult result;
  const County& county = options.county;

  XM_ASSIGN_OR_RETURN(result.run_date, EnsureCountyFiles(options, keyring, &result.generated));
  out << "demo: " << county.province << (county.city == county.province ? "" : county.city)
      << county.name << " (" << county.code << "), " << county.townships.size()
      << " townships: " << (result.generated ? "generated" : "reusing") << " "
      << options.data_dir << " (run date " << result.run_date.ToString() << ")" << std::endl;
  if (Stopped(options)) return StoppedStatus();

  XM_ASSIGN_OR_RETURN(auto conn, store::Connect(options.dsn));
  XM_ASSIGN_OR_RETURN(bool loaded, CountyLoaded(*conn, county.code));
  if (!loaded) {
    const fs::path dir(options.data_dir);
    Result<rolls::ImportReport> roll = rolls::ImportRoll(*conn, (dir / "roll.csv").string(), keyring);
    if (!roll.ok()) return roll.status().WithContext("demo roll import");
    result.roll = *roll;
    Result<rolls::ImportReport> payments = rolls::ImportPayments(*conn, (dir / "payments.csv").string());
    if (!payments.ok()) return payments.status().WithContext("demo payments import");
    result.payments = *payments;
    result.imported = true;
    out << "demo: imported " << result.roll.rows << " roll rows and " << result.payments.rows
        << " payments" << std::endl;
  } else {
    out << "demo: the roll of " << county.code << " is already in the database" << std::endl;
  }
  // The division names the pages and the ledger show; an upsert, so every run (and a
  // counties.json with a renamed township) leaves them current.
  Result<rolls::ImportReport> regions = rolls::UpsertRegions(*conn, RegionNames(county));
  if (!regions.ok()) return regions.status().WithContext("demo region names");
  result.regions = *regions;
  out << "demo: " << regions->rows << " region names (" << regions->inserted << " new, "
      << regions->updated << " changed)" << std::endl;
  if (Stopped(options)) return StoppedStatus();

  XmatchChildOptions broker;
  broker.xmatch_binary = options.xmatch_binary;
  broker.args = {"dev-kafka", "--partitions", std::to_string(options.broker_partitions)};
  broker.log_file = options.broker_log;
  XM_ASSIGN_OR_RETURN(result.broker, XmatchChild::Start(broker));
  KafkaConfig kafka = options.kafka;
  kafka.brokers = result.broker->first_line();
  out << "demo: Kafka broker (xmatch dev-kafka, pid " << result.broker->pid() << ") at "
      << kafka.brokers << std::endl;
  XM_RETURN_IF_ERROR(ForgetOffsets(*conn, kafka.group_id));
  Result<std::map<std::string, int64_t>> produced = ProduceFeeds(kafka, FeedFiles(options.data_dir));
  if (!produced.ok()) return produced.status().WithContext("producing the department feeds");
  result.produced = *produced;
  int64_t total = 0;
  for (const auto& [topic, n] : result.produced) total += n;
  out << "demo: produced " << total << " department records to " << result.produced.size()
      << " topics" << std::endl;
  if (Stopped(options)) return StoppedStatus();

  connectors::ConnectorOptions connector_options{.kafka = kafka, .pg_dsn = options.dsn,
                                                 .until_idle = options.until_idle};
  connectors::KafkaConnector connector(connector_options, keyring, agreements);
  static const std::atomic<bool> kNeverStop{false};
  Status connected = connector.Run(options.stop != nullptr ? *options.stop : kNeverStop);
  if (!connected.ok()) return connected.WithContext("connecting the department feeds");
  if (Stopped(options)) return StoppedStatus();
  result.connector = connector.stats();
  connectors::TopicStats all;
  for (const auto& [topic, stats] : result.connector) all.Merge(stats);
  out << "demo: connector landed " << all.landed << " records (" << all.duplicates
      << " already stored, " << all.rejected_total() << " rejected, " << all.dropped_fields
      << " fields dropped by the agreements)" << std::endl;

  matcher::RunOptions match{.run_date = result.run_date, .full = false, .config = options.match,
                            .threads = 0, .progress = &std::cerr};
  Result<matcher::RunSummary> summary = matcher::RunMatch(*conn, match);
  if (!summary.ok()) return summary.status().WithContext("demo match");
  result.match = std::move(*summary);
  return result;
}

}  // namespace xmatch::demo
