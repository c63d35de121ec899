// The department-record commands (CONTRACT §4): `xmatch connect`, `xmatch feed import`
// and `xmatch dev-kafka`; and `xmatch offsets list|set`, the stored consumer positions
// (replaying a topic, docs/runbook.md). The work is in connectors/; this file wires flags.
#include <csignal>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "common/agreements.h"
#include "connectors/connector_stats.h"
#include "connectors/dev_kafka.h"
#include "connectors/feed_import.h"
#include "connectors/kafka_connector.h"
#include "connectors/offset_rewind.h"
#include "connectors/record_store.h"

namespace xmatch::cli {
namespace {

std::atomic<bool> g_stop{false};  // set by SIGINT/SIGTERM during `connect`

extern "C" void RequestStop(int) { g_stop.store(true); }

void PrintFeedReport(const std::string& file, const connectors::FeedImportReport& r) {
  int64_t rejected = 0;
  for (const auto& [reason, n] : r.rejected) rejected += n;
  std::cout << file << ": " << r.records << " records: " << r.landed << " landed, "
            << r.duplicates << " already present, " << rejected << " rejected ("
            << r.rejects_stored << " new in rejects), " << r.dropped_fields
            << " fields dropped\n";
  for (const auto& [reason, n] : r.rejected) std::cout << "  rejected " << reason << ": " << n << "\n";
}

// `--to` of `offsets set`: a non-negative offset, or `earliest`.
Result<std::optional<int64_t>> ParseRewindOffset(const std::string& text) {
  if (text == "earliest") return std::optional<int64_t>();
  try {
    size_t used = 0;
    const long long offset = std::stoll(text, &used);
    if (used == text.size() && offset >= 0) return std::optional<int64_t>(offset);
  } catch (const std::exception&) {
  }
  return Status::InvalidArgument("--to " + text +
                                 ": expected an offset (0 or more) or `earliest`");
}

void RegisterOffsetCommands(CLI::App& app, CliContext& ctx, int* exit_code) {
  static std::string group, to;
  static connectors::RewindTarget target;
  static int32_t partition = -1;
  CLI::App* offsets = app.add_subcommand(
      "offsets", "The connectors' stored positions (consumer_offsets), per consumer group");
  offsets->require_subcommand(1);
  offsets->fallthrough();  // --group may follow list/set
  offsets->add_option("--group", group, "Consumer group (default: kafka.group_id)");
  CLI::App* list = offsets->add_subcommand("list", "Print the stored next offsets");
  list->callback([&ctx, exit_code] {
    const std::string g = group.empty() ? ctx.config().kafka.group_id : group;
    if (auto conn = ctx.OpenDatabase(); !conn.ok()) { *exit_code = Fail(conn.status()); return; }
    auto stored = connectors::RecordStore(ctx.config().pg_dsn).LoadOffsets(g);
    if (!stored.ok()) { *exit_code = Fail(stored.status()); return; }
    for (const auto& [tp, next] : *stored) {
      std::cout << tp.topic << ":" << tp.partition << " next_offset " << next << "\n";
    }
  });
  CLI::App* set = offsets->add_subcommand(
      "set", "Replay: move stored offsets back (refused while a connector of the group runs)");
  set->add_option("--topic", target.topic, "The topic to replay")->required();
  set->add_option("--partition", partition, "Only this partition (default: every stored one)")
      ->check(CLI::NonNegativeNumber);
  set->add_option("--to", to, "The next offset to read, or `earliest` (the oldest held)")
      ->required();
  set->callback([&ctx, exit_code] {
    auto offset = ParseRewindOffset(to);
    if (!offset.ok()) { *exit_code = Fail(offset.status()); return; }
    target.offset = *offset;
    if (partition >= 0) target.partition = partition;
    const std::string g = group.empty() ? ctx.config().kafka.group_id : group;
    auto conn = ctx.OpenDatabase();
    if (!conn.ok()) { *exit_code = Fail(conn.status()); return; }
    auto moves = connectors::RewindOffsets(**conn, g, target);
    if (!moves.ok()) { *exit_code = Fail(moves.status()); return; }
    for (const connectors::OffsetMove& m : *moves) {
      std::cout << m.tp.topic << ":" << m.tp.partition << " next_offset " << m.from << " -> "
                << (m.to ? std::to_string(*m.to) : std::string("earliest")) << "\n";
    }
  });
}

}  // namespace

void RegisterConnectorCommands(CLI::App& app, CliContext& ctx, int* exit_code) {
  static double until_idle_seconds = 0;
  static bool print_stats = false;
  CLI::App* connect = app.add_subcommand(
      "connect", "Consume the department topics into PostgreSQL, exactly once");
  connect->add_option("--until-idle", until_idle_seconds,
                      "Exit after this many seconds without a new message")
      ->check(CLI::PositiveNumber);
  connect->add_flag("--stats", print_stats, "Print per-topic counters when exiting");
  connect->callback([&ctx, exit_code] {
    auto keyring = ctx.LoadKeyring();
    if (!keyring.ok()) { *exit_code = Fail(keyring.status()); return; }
    auto agreements = AgreementRegistry::LoadDir(ctx.config().agreements_dir);
    if (!agreements.ok()) { *exit_code = Fail(agreements.status()); return; }
    if (auto conn = ctx.OpenDatabase(); !conn.ok()) { *exit_code = Fail(conn.status()); return; }
    connectors::ConnectorOptions options;
    options.kafka = ctx.config().kafka;
    options.pg_dsn = ctx.config().pg_dsn;
    if (until_idle_seconds > 0) {
      options.until_idle = std::chrono::milliseconds(int64_t(until_idle_seconds * 1000));
    }
    std::signal(SIGINT, RequestStop);
    std::signal(SIGTERM, RequestStop);
    connectors::KafkaConnector connector(options, *keyring, *agreements);
    Status s = connector.Run(g_stop);
    if (print_stats) std::cout << connectors::FormatStats(connector.stats()) << std::flush;
    if (!s.ok()) *exit_code = Fail(s);
  });

  static std::string feed_source, feed_file;
  CLI::App* feed = app.add_subcommand("feed", "Department records delivered as files");
  feed->require_subcommand(1);
  CLI::App* feed_import = feed->add_subcommand(
      "import", "Land a department's JSON Lines file (validated as Kafka messages are)");
  feed_import->add_option("--source", feed_source, "The department the file is from")
      ->required()
      ->check(CLI::IsMember({"public_security", "justice", "health", "pension"}));
  feed_import->add_option("FILE", feed_file, "JSON Lines, one record per line (CONTRACT §1.3)")
      ->required()
      ->check(CLI::ExistingFile);
  feed_import->callback([&ctx, exit_code] {
    auto keyring = ctx.LoadKeyring();
    if (!keyring.ok()) { *exit_code = Fail(keyring.status()); return; }
    auto agreements = AgreementRegistry::LoadDir(ctx.config().agreements_dir);
    if (!agreements.ok()) { *exit_code = Fail(agreements.status()); return; }
    if (auto conn = ctx.OpenDatabase(); !conn.ok()) { *exit_code = Fail(conn.status()); return; }
    auto report = connectors::ImportFeedFile(ctx.config().pg_dsn, feed_source, feed_file,
                                             *keyring, *agreements);
    if (!report.ok()) { *exit_code = Fail(report.status()); return; }
    PrintFeedReport(feed_file, *report);
  });

  RegisterOffsetCommands(app, ctx, exit_code);

  static connectors::DevKafkaOptions dev_kafka;
  CLI::App* dev = app.add_subcommand(
      "dev-kafka", "A local Kafka-protocol broker for development and tests (prints its "
                   "address on the first line, serves until Ctrl-C; SIGUSR1 takes the broker down, "
                   "SIGUSR2 brings it back)");
  dev->add_option("--partitions", dev_kafka.partitions, "Partitions per department topic")
      ->check(CLI::PositiveNumber);
  dev->callback([exit_code] {
    Status s = connectors::RunDevKafka(dev_kafka, std::cout);
    if (!s.ok()) *exit_code = Fail(s);
  });
}

}  // namespace xmatch::cli
