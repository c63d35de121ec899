// Configuration: plain structs with defaults, loaded once at start-up and passed down by
// reference. Precedence (CONTRACT §4): the YAML file named by --config, then the
// environment, then command-line flags. The YAML keys mirror the fields below (the DSN
// is `pg`; kafka.*, match.*, serve.*); config/xmatch.example.yaml documents every key.
// An environment variable that is set but empty counts as unset.
//
//   XMATCH_PG               libpq DSN                       (flag --pg)
//   XMATCH_KAFKA_BROKERS    bootstrap servers               (flag --brokers)
//   XMATCH_AGREEMENTS_DIR   agreements directory
//   XMATCH_TOKEN_KEYS       "1=/path/k1,2=/path/k2"
//   XMATCH_LOG_FORMAT       "text" or "json"
//   XMATCH_LOG_LEVEL        "trace" .. "off"
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/result.h"

namespace xmatch {

// Kafka settings for the connectors.
struct KafkaConfig {
  std::string brokers;                  // bootstrap servers, "host:port,..."
  std::string group_id = "xmatch-connect";
  // Topic per source (CONTRACT §1.3 defaults).
  std::map<std::string, std::string> topics = {
      {"public_security", "public_security.records"},
      {"justice", "justice.records"},
      {"health", "health.records"},
      {"pension", "pension.records"},
  };
  // Passed to librdkafka untouched: security.protocol, ssl.ca.location,
  // sasl.mechanisms, sasl.username, ... (YAML map `kafka.properties`).
  std::map<std::string, std::string> properties;
};

// Matcher settings (CONTRACT §2 defaults).
struct MatchConfig {
  // Pension threshold per program group, in fen: more than this in a month raises a clue.
  // YAML: match.pension_threshold_dibao / match.pension_threshold_tekun, in yuan.
  long long pension_threshold_dibao_fen = 100000;
  long long pension_threshold_tekun_fen = 100000;
  // Groups of programs that may not be held together: any two programs in one group.
  std::vector<std::vector<std::string>> incompatible_programs = {
      {"dibao_urban", "dibao_rural", "tekun_centralized", "tekun_dispersed"},
      {"orphan", "de_facto_orphan"},
  };
};

// What `xmatch serve` runs besides the review pages (YAML map `serve`): the nightly
// operation of nightly/nightly_operation.h. The match itself runs at `schedule`.
struct ServeConfig {
  bool connect = false;          // also consume the department topics, as `xmatch connect`
  bool retention_purge = true;   // purge records past their agreement's retention_days,
                                 // at start-up and daily (at `schedule`, else 00:00)
  int purge_batch = 10000;       // records deleted per purge transaction
  int stale_after_days = 2;      // warn when a source's newest landed record is older; 0: never
};

struct Config {
  std::string pg_dsn;                       // libpq DSN; empty = not configured
  std::string agreements_dir = "config/agreements";
  std::map<int, std::string> token_key_files;  // key version -> file with the hex secret
  std::string log_format = "text";          // "text" or "json"
  std::string log_level = "info";
  KafkaConfig kafka;
  MatchConfig match;
  std::string schedule;                     // "HH:MM" local time for the nightly match; empty = none
  ServeConfig serve;
  std::string listen = "127.0.0.1:8080";    // review server address
  std::string tls_cert_file;                // HTTPS when both are set
  std::string tls_key_file;
};

// Command-line overrides; empty means "not given".
struct ConfigFlags {
  std::string config_file;
  std::string pg_dsn;
  std::string brokers;
};

// Reads the YAML file (if flags.config_file is set), then the environment, then flags.
// Errors name the file, the key and what is wrong ("xmatch.yaml: kafka.brokers: expected
// a string"). Unknown keys are errors too: a typo must not be silently ignored. Values
// from the environment are checked like those from the file and name the variable.
// Paths are kept as written (relative ones resolve against the working directory).
Result<Config> LoadConfig(const ConfigFlags& flags);

// Parses "1=/path/k1,2=/path/k2" (versions positive and distinct, paths non-empty);
// InvalidArgument naming the bad entry otherwise.
Result<std::map<int, std::string>> ParseTokenKeysSpec(const std::string& spec);

}  // namespace xmatch
