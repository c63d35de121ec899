#include "common/config.h"

#include <stdlib.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/tests/temp_dir.h"

namespace xmatch {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using test_support::TempDir;

// Every variable LoadConfig reads is unset for the test and restored afterwards, so the
// tests neither see nor disturb the environment they were started in.
class ConfigTest : public ::testing::Test {
 protected:
  static constexpr const char* kVariables[] = {
      "XMATCH_PG",         "XMATCH_KAFKA_BROKERS", "XMATCH_AGREEMENTS_DIR",
      "XMATCH_TOKEN_KEYS", "XMATCH_LOG_FORMAT",    "XMATCH_LOG_LEVEL"};

  void SetUp() override {
    for (const char* name : kVariables) {
      const char* value = getenv(name);
      saved_.emplace_back(name, value ? std::optional<std::string>(value) : std::nullopt);
      unsetenv(name);
    }
  }
  void TearDown() override {
    for (const auto& [name, value] : saved_) {
      if (value) {
        setenv(name, value->c_str(), 1);
      } else {
        unsetenv(name);
      }
    }
  }

  Result<Config> LoadYaml(const std::string& yaml, ConfigFlags flags = {}) {
    flags.config_file = dir_.Write("xmatch.yaml", yaml);
    return LoadConfig(flags);
  }

  // Loading must fail; returns the message.
  std::string LoadError(const std::string& yaml) {
    Result<Config> config = LoadYaml(yaml);
    EXPECT_FALSE(config.ok()) << yaml;
    return config.status().message();
  }

  TempDir dir_;
  std::vector<std::pair<const char*, std::optional<std::string>>> saved_;
};

TEST_F(ConfigTest, DefaultsWithoutFileOrEnvironment) {
  Result<Config> config = LoadConfig({});
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->agreements_dir, "config/agreements");
  EXPECT_EQ(config->log_format, "text");
  EXPECT_EQ(config->log_level, "info");
  EXPECT_EQ(config->kafka.topics.at("pension"), "pension.records");
  EXPECT_EQ(config->match.pension_threshold_dibao_fen, 100000);
  EXPECT_EQ(config->match.incompatible_programs.size(), 2u);
  EXPECT_EQ(config->listen, "127.0.0.1:8080");
}

TEST_F(ConfigTest, ReadsEveryKeyFromTheFile) {
  Result<Config> config = LoadYaml(R"(
pg: "host=/run/postgresql dbname=xmatch"
agreements_dir: /etc/xmatch/agreements
token_keys:
  1: /etc/xmatch/keys/k1.hex
  2: /etc/xmatch/keys/k2.hex
log_format: json
log_level: debug
kafka:
  brokers: kafka1:9092,kafka2:9092
  group_id: county-410102
  topics:
    health: wjw.deaths
  properties:
    security.protocol: SASL_SSL
match:
  pension_threshold_dibao: "1200.50"
  pension_threshold_tekun: 900
  incompatible_programs:
    - [dibao_urban, tekun_dispersed]
schedule: "02:30"
listen: 0.0.0.0:8443
tls_cert_file: /etc/xmatch/tls/cert.pem
tls_key_file: /etc/xmatch/tls/key.pem
)");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->pg_dsn, "host=/run/postgresql dbname=xmatch");
  EXPECT_EQ(config->agreements_dir, "/etc/xmatch/agreements");
  EXPECT_EQ(config->token_key_files,
            (std::map<int, std::string>{{1, "/etc/xmatch/keys/k1.hex"},
                                        {2, "/etc/xmatch/keys/k2.hex"}}));
  EXPECT_EQ(config->log_format, "json");
  EXPECT_EQ(config->log_level, "debug");
  EXPECT_EQ(config->kafka.brokers, "kafka1:9092,kafka2:9092");
  EXPECT_EQ(config->kafka.group_id, "county-410102");
  EXPECT_EQ(config->kafka.topics.at("health"), "wjw.deaths");
  EXPECT_EQ(config->kafka.topics.at("justice"), "justice.records");  // default kept
  EXPECT_EQ(config->kafka.properties.at("security.protocol"), "SASL_SSL");
  EXPECT_EQ(config->match.pension_threshold_dibao_fen, 120050);
  EXPECT_EQ(config->match.pension_threshold_tekun_fen, 90000);
  EXPECT_EQ(config->match.incompatible_programs,
            (std::vector<std::vector<std::string>>{{"dibao_urban", "tekun_dispersed"}}));
  EXPECT_EQ(config->schedule, "02:30");
  EXPECT_EQ(config->listen, "0.0.0.0:8443");
  EXPECT_EQ(config->tls_cert_file, "/etc/xmatch/tls/cert.pem");
  EXPECT_EQ(config->tls_key_file, "/etc/xmatch/tls/key.pem");
}

TEST_F(ConfigTest, EnvironmentOverridesFileAndFlagsOverrideEnvironment) {
  const std::string yaml =
      "pg: file-dsn\nagreements_dir: file-dir\nlog_format: text\nkafka:\n  brokers: file:1\n";
  setenv("XMATCH_PG", "env-dsn", 1);
  setenv("XMATCH_KAFKA_BROKERS", "env:1", 1);
  setenv("XMATCH_AGREEMENTS_DIR", "env-dir", 1);
  setenv("XMATCH_LOG_FORMAT", "json", 1);
  setenv("XMATCH_LOG_LEVEL", "warn", 1);

  Result<Config> from_env = LoadYaml(yaml);
  ASSERT_TRUE(from_env.ok()) << from_env.status().ToString();
  EXPECT_EQ(from_env->pg_dsn, "env-dsn");
  EXPECT_EQ(from_env->kafka.brokers, "env:1");
  EXPECT_EQ(from_env->agreements_dir, "env-dir");
  EXPECT_EQ(from_env->log_format, "json");
  EXPECT_EQ(from_env->log_level, "warn");

  ConfigFlags flags;
  flags.pg_dsn = "flag-dsn";
  flags.brokers = "flag:1";
  Result<Config> from_flags = LoadYaml(yaml, flags);
  ASSERT_TRUE(from_flags.ok()) << from_flags.status().ToString();
  EXPECT_EQ(from_flags->pg_dsn, "flag-dsn");
  EXPECT_EQ(from_flags->kafka.brokers, "flag:1");
}

TEST_F(ConfigTest, EmptyEnvironmentVariableCountsAsUnset) {
  setenv("XMATCH_PG", "", 1);
  Result<Config> config = LoadYaml("pg: file-dsn\n");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->pg_dsn, "file-dsn");
}

TEST_F(ConfigTest, TokenKeysFromEnvironmentReplaceThoseInTheFile) {
  setenv("XMATCH_TOKEN_KEYS", "2=/run/k2,3=/run/k3", 1);
  Result<Config> config = LoadYaml("token_keys: {1: /etc/k1}\n");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->token_key_files,
            (std::map<int, std::string>{{2, "/run/k2"}, {3, "/run/k3"}}));
}

TEST_F(ConfigTest, UnknownKeyNamesFileAndKey) {
  EXPECT_THAT(LoadError("kafka:\n  brokrs: localhost:9092\n"),
              AllOf(HasSubstr(dir_.path() + "/xmatch.yaml:2"), HasSubstr("kafka.brokrs"),
                    HasSubstr("unknown key"), HasSubstr("brokers")));
  EXPECT_THAT(LoadError("log_fromat: json\n"),
              AllOf(HasSubstr("xmatch.yaml:1"), HasSubstr("log_fromat: unknown key")));
  EXPECT_THAT(LoadError("kafka:\n  topics:\n    police: x\n"),
              HasSubstr("kafka.topics.police: unknown key"));
}

TEST_F(ConfigTest, TypeErrorNamesFileKeyAndExpectedType) {
  EXPECT_THAT(LoadError("log_level: info\nkafka:\n  brokers: [a, b]\n"),
              AllOf(HasSubstr("xmatch.yaml:3"), HasSubstr("kafka.brokers: expected a string")));
  EXPECT_THAT(LoadError("kafka: localhost\n"), HasSubstr("kafka: expected a map"));
  EXPECT_THAT(LoadError("token_keys: [/etc/k1]\n"), HasSubstr("token_keys: expected a map"));
  EXPECT_THAT(LoadError("token_keys: {one: /etc/k1}\n"),
              HasSubstr("token_keys.one: key version must be a positive integer"));
  EXPECT_THAT(LoadError("match:\n  incompatible_programs: dibao_urban\n"),
              HasSubstr("match.incompatible_programs: expected a list"));
}

TEST_F(ConfigTest, BadValuesNameKeyAndAllowedValues) {
  EXPECT_THAT(LoadError("log_format: xml\n"),
              AllOf(HasSubstr("log_format: 'xml' is not one of"), HasSubstr("json")));
  EXPECT_THAT(LoadError("log_level: loud\n"), HasSubstr("log_level: 'loud'"));
  EXPECT_THAT(LoadError("schedule: '25:00'\n"), HasSubstr("schedule: '25:00' is not a time"));
  EXPECT_THAT(LoadError("listen: localhost\n"), HasSubstr("listen: 'localhost' is not HOST:PORT"));
  EXPECT_THAT(LoadError("match:\n  pension_threshold_dibao: 1e3\n"),
              HasSubstr("match.pension_threshold_dibao: expected yuan"));
  EXPECT_THAT(LoadError("match:\n  pension_threshold_tekun: '-1'\n"),
              HasSubstr("match.pension_threshold_tekun"));
  EXPECT_THAT(LoadError("match:\n  incompatible_programs:\n    - [dibao_urban, dibao]\n"),
              HasSubstr("'dibao' is not a program code"));
  EXPECT_THAT(LoadError("match:\n  incompatible_programs:\n    - [orphan]\n"),
              HasSubstr("at least two program codes"));
  EXPECT_THAT(LoadError("tls_cert_file: /etc/cert.pem\n"),
              HasSubstr("tls_cert_file and tls_key_file must be set together"));
}

TEST_F(ConfigTest, ServeMapTurnsOnTheNightlyOperation) {
  Result<Config> defaults = LoadYaml("");
  ASSERT_TRUE(defaults.ok()) << defaults.status().ToString();
  EXPECT_FALSE(defaults->serve.connect);
  EXPECT_TRUE(defaults->serve.retention_purge);
  EXPECT_EQ(defaults->serve.stale_after_days, 2);

  Result<Config> config = LoadYaml(
      "serve:\n  connect: true\n  retention_purge: false\n  purge_batch: 500\n"
      "  stale_after_days: 0\n");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_TRUE(config->serve.connect);
  EXPECT_FALSE(config->serve.retention_purge);
  EXPECT_EQ(config->serve.purge_batch, 500);
  EXPECT_EQ(config->serve.stale_after_days, 0);

  EXPECT_THAT(LoadError("serve:\n  connect: yes please\n"),
              HasSubstr("serve.connect: 'yes please' is not true or false"));
  EXPECT_THAT(LoadError("serve:\n  stale_after_days: -1\n"),
              HasSubstr("serve.stale_after_days: '-1' is not a whole number from 0 to 3650"));
  EXPECT_THAT(LoadError("serve:\n  purge_batch: 0\n"), HasSubstr("serve.purge_batch"));
  EXPECT_THAT(LoadError("serve:\n  conect: true\n"),
              AllOf(HasSubstr("serve.conect: unknown key"), HasSubstr("connect")));
}

TEST_F(ConfigTest, BadEnvironmentValueNamesTheVariable) {
  setenv("XMATCH_LOG_FORMAT", "xml", 1);
  Result<Config> config = LoadConfig({});
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("XMATCH_LOG_FORMAT: 'xml'"));

  unsetenv("XMATCH_LOG_FORMAT");
  setenv("XMATCH_TOKEN_KEYS", "1:/etc/k1", 1);
  config = LoadConfig({});
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("XMATCH_TOKEN_KEYS"));
}

TEST_F(ConfigTest, MissingFileIsNotFound) {
  ConfigFlags flags;
  flags.config_file = dir_.path() + "/absent.yaml";
  Result<Config> config = LoadConfig(flags);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), Status::Code::kNotFound);
  EXPECT_THAT(config.status().message(), HasSubstr("absent.yaml"));
}

TEST_F(ConfigTest, InvalidYamlNamesFileAndLine) {
  EXPECT_THAT(LoadError("pg: x\nkafka: [unclosed\n"),
              AllOf(HasSubstr("xmatch.yaml:"), HasSubstr("not valid YAML")));
}

TEST_F(ConfigTest, EmptyFileGivesDefaults) {
  Result<Config> config = LoadYaml("");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->log_format, "text");
}

TEST_F(ConfigTest, ExampleFileLoads) {
  ConfigFlags flags;
  flags.config_file = (test_support::SourceRoot() / "config/xmatch.example.yaml").string();
  Result<Config> config = LoadConfig(flags);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->agreements_dir, "config/agreements");
}

TEST(ConfigTokenKeys, ParsesVersionPathPairs) {
  Result<std::map<int, std::string>> keys = ParseTokenKeysSpec("1=/path/k1,2=/path/k2");
  ASSERT_TRUE(keys.ok()) << keys.status().ToString();
  EXPECT_EQ(*keys, (std::map<int, std::string>{{1, "/path/k1"}, {2, "/path/k2"}}));
}

TEST(ConfigTokenKeys, RejectsMalformedSpecs) {
  for (const char* spec : {"", "1", "=/k", "one=/k", "0=/k", "-1=/k", "1=", "1=/a,", "1=/a,,2=/b"}) {
    Result<std::map<int, std::string>> keys = ParseTokenKeysSpec(spec);
    EXPECT_FALSE(keys.ok()) << "'" << spec << "'";
    if (!keys.ok()) {
      EXPECT_THAT(keys.status().message(), HasSubstr("VERSION=PATH")) << spec;
    }
  }
  Result<std::map<int, std::string>> twice = ParseTokenKeysSpec("1=/a,1=/b");
  ASSERT_FALSE(twice.ok());
  EXPECT_THAT(twice.status().message(), HasSubstr("key version 1 is given twice"));
}

}  // namespace
}  // namespace xmatch
