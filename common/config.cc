#include "common/config.h"

#include <charconv>
#include <climits>
#include <cstdlib>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "common/money.h"

namespace xmatch {
namespace {

// Program codes of CONTRACT §1.1, for checking match.incompatible_programs.
const std::set<std::string>& ProgramCodes() {
  static const std::set<std::string> codes = {
      "dibao_urban",       "dibao_rural",     "tekun_centralized", "tekun_dispersed",
      "orphan",            "de_facto_orphan", "disability_living", "disability_care",
      "elderly_allowance", "temp_relief"};
  return codes;
}

// Checks on single values. They return a message without a location; the caller says
// where the value came from (file:line and key, environment variable).
using ValueCheck = Status (*)(const std::string&);

Status CheckOneOf(const std::string& value, const std::set<std::string>& allowed) {
  if (allowed.count(value)) return Status::Ok();
  return Status::InvalidArgument(
      fmt::format("'{}' is not one of: {}", value, fmt::join(allowed, ", ")));
}

Status CheckLogFormat(const std::string& v) { return CheckOneOf(v, {"text", "json"}); }

Status CheckLogLevel(const std::string& v) {
  return CheckOneOf(v, {"trace", "debug", "info", "warn", "error", "critical", "off"});
}

bool ParseInt(std::string_view text, int min, int max, int* out) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return false;
  if (value < min || value > max) return false;
  *out = value;
  return true;
}

Status CheckSchedule(const std::string& v) {
  int hour = 0;
  int minute = 0;
  if (v.empty()) return Status::Ok();
  if (v.size() != 5 || v[2] != ':' || !ParseInt(std::string_view(v).substr(0, 2), 0, 23, &hour) ||
      !ParseInt(std::string_view(v).substr(3, 2), 0, 59, &minute)) {
    return Status::InvalidArgument("'" + v + "' is not a time of day HH:MM (e.g. 02:30)");
  }
  return Status::Ok();
}

Status CheckListen(const std::string& v) {
  const size_t colon = v.rfind(':');
  int port = 0;
  if (colon == std::string::npos || colon == 0 ||
      !ParseInt(std::string_view(v).substr(colon + 1), 1, 65535, &port)) {
    return Status::InvalidArgument("'" + v + "' is not HOST:PORT (e.g. 127.0.0.1:8080)");
  }
  return Status::Ok();
}

Status CheckThreshold(const std::string& yuan, long long* fen) {
  Result<Money> money = Money::Parse(yuan);
  if (!money.ok()) return money.status();
  if (money->fen() < 0) return Status::InvalidArgument("'" + yuan + "' is negative");
  *fen = money->fen();
  return Status::Ok();
}

// --- The YAML file.

// Reads one YAML file into a Config, naming the file, line and key in every error.
class YamlConfigReader {
 public:
  YamlConfigReader(std::string file, Config* config) : file_(std::move(file)), c_(config) {}

  Status Read(const YAML::Node& root) {
    if (root.IsNull()) return Status::Ok();  // an empty file: all defaults
    XM_RETURN_IF_ERROR(CheckMap(root, "", {"pg", "agreements_dir", "token_keys", "log_format",
                                           "log_level", "kafka", "match", "schedule", "serve",
                                           "listen", "tls_cert_file", "tls_key_file"}));
    XM_RETURN_IF_ERROR(String(root, "pg", "pg", &c_->pg_dsn));
    XM_RETURN_IF_ERROR(String(root, "agreements_dir", "agreements_dir", &c_->agreements_dir));
    XM_RETURN_IF_ERROR(TokenKeys(root["token_keys"]));
    XM_RETURN_IF_ERROR(String(root, "log_format", "log_format", &c_->log_format, CheckLogFormat));
    XM_RETURN_IF_ERROR(String(root, "log_level", "log_level", &c_->log_level, CheckLogLevel));
    XM_RETURN_IF_ERROR(Kafka(root["kafka"]));
    XM_RETURN_IF_ERROR(Match(root["match"]));
    XM_RETURN_IF_ERROR(String(root, "schedule", "schedule", &c_->schedule, CheckSchedule));
    XM_RETURN_IF_ERROR(Serve(root["serve"]));
    XM_RETURN_IF_ERROR(String(root, "listen", "listen", &c_->listen, CheckListen));
    XM_RETURN_IF_ERROR(String(root, "tls_cert_file", "tls_cert_file", &c_->tls_cert_file));
    return String(root, "tls_key_file", "tls_key_file", &c_->tls_key_file);
  }

 private:
  Status Error(const YAML::Node& node, const std::string& key, const std::string& what) const {
    std::string where = file_;
    if (node.Mark().line >= 0) where += ":" + std::to_string(node.Mark().line + 1);
    return Status::InvalidArgument(where + ": " + key + ": " + what);
  }

  // A map whose keys must all be in `known`; a null node (absent) is accepted.
  Status CheckMap(const YAML::Node& node, const std::string& key,
                  const std::set<std::string>& known) const {
    if (!node || node.IsNull()) return Status::Ok();
    if (!node.IsMap()) return Error(node, key.empty() ? "(top level)" : key, "expected a map");
    for (const auto& kv : node) {
      const std::string name = kv.first.IsScalar() ? kv.first.Scalar() : "?";
      if (!known.count(name)) {
        return Error(kv.first, key.empty() ? name : key + "." + name,
                     fmt::format("unknown key (known keys: {})", fmt::join(known, ", ")));
      }
    }
    return Status::Ok();
  }

  // Sets *out from parent[name] when present and not null.
  Status String(const YAML::Node& parent, const char* name, const std::string& key,
                std::string* out, ValueCheck check = nullptr) const {
    const YAML::Node node = parent[name];
    if (!node || node.IsNull()) return Status::Ok();
    if (!node.IsScalar()) return Error(node, key, "expected a string");
    if (check != nullptr) {
      Status s = check(node.Scalar());
      if (!s.ok()) return Error(node, key, s.message());
    }
    *out = node.Scalar();
    return Status::Ok();
  }

  Status StringMap(const YAML::Node& node, const std::string& key,
                   std::map<std::string, std::string>* out) const {
    if (!node || node.IsNull()) return Status::Ok();
    if (!node.IsMap()) return Error(node, key, "expected a map of strings");
    for (const auto& kv : node) {
      const std::string name = kv.first.Scalar();
      if (!kv.second.IsScalar()) return Error(kv.second, key + "." + name, "expected a string");
      (*out)[name] = kv.second.Scalar();
    }
    return Status::Ok();
  }

  Status TokenKeys(const YAML::Node& node) const {
    if (!node || node.IsNull()) return Status::Ok();
    if (!node.IsMap()) {
      return Error(node, "token_keys", "expected a map from key version to file (1: /path)");
    }
    std::map<int, std::string> keys;
    for (const auto& kv : node) {
      int version = 0;
      const std::string name = kv.first.IsScalar() ? kv.first.Scalar() : "?";
      if (!ParseInt(name, 1, INT_MAX, &version)) {
        return Error(kv.first, "token_keys." + name, "key version must be a positive integer");
      }
      if (!kv.second.IsScalar() || kv.second.Scalar().empty()) {
        return Error(kv.second, "token_keys." + name, "expected a file path");
      }
      keys[version] = kv.second.Scalar();
    }
    c_->token_key_files = std::move(keys);
    return Status::Ok();
  }

  Status Kafka(const YAML::Node& node) const {
    XM_RETURN_IF_ERROR(CheckMap(node, "kafka", {"brokers", "group_id", "topics", "properties"}));
    if (!node || node.IsNull()) return Status::Ok();
    XM_RETURN_IF_ERROR(String(node, "brokers", "kafka.brokers", &c_->kafka.brokers));
    XM_RETURN_IF_ERROR(String(node, "group_id", "kafka.group_id", &c_->kafka.group_id));
    const YAML::Node topics = node["topics"];
    std::set<std::string> sources;
    for (const auto& [source, topic] : c_->kafka.topics) sources.insert(source);
    XM_RETURN_IF_ERROR(CheckMap(topics, "kafka.topics", sources));
    XM_RETURN_IF_ERROR(StringMap(topics, "kafka.topics", &c_->kafka.topics));
    return StringMap(node["properties"], "kafka.properties", &c_->kafka.properties);
  }

  Status Match(const YAML::Node& node) const {
    XM_RETURN_IF_ERROR(CheckMap(node, "match", {"pension_threshold_dibao",
                                                "pension_threshold_tekun",
                                                "incompatible_programs"}));
    if (!node || node.IsNull()) return Status::Ok();
    XM_RETURN_IF_ERROR(Threshold(node, "pension_threshold_dibao",
                                 &c_->match.pension_threshold_dibao_fen));
    XM_RETURN_IF_ERROR(Threshold(node, "pension_threshold_tekun",
                                 &c_->match.pension_threshold_tekun_fen));
    return IncompatiblePrograms(node["incompatible_programs"]);
  }

  Status Serve(const YAML::Node& node) const {
    XM_RETURN_IF_ERROR(CheckMap(node, "serve", {"connect", "retention_purge", "purge_batch",
                                                "stale_after_days"}));
    if (!node || node.IsNull()) return Status::Ok();
    XM_RETURN_IF_ERROR(Bool(node, "connect", "serve.connect", &c_->serve.connect));
    XM_RETURN_IF_ERROR(
        Bool(node, "retention_purge", "serve.retention_purge", &c_->serve.retention_purge));
    XM_RETURN_IF_ERROR(
        Int(node, "purge_batch", "serve.purge_batch", 1, 1000000, &c_->serve.purge_batch));
    return Int(node, "stale_after_days", "serve.stale_after_days", 0, 3650,
               &c_->serve.stale_after_days);
  }

  // Sets *out from parent[name] (true/false) when present and not null.
  Status Bool(const YAML::Node& parent, const char* name, const std::string& key,
              bool* out) const {
    std::string text;
    XM_RETURN_IF_ERROR(String(parent, name, key, &text));
    if (text.empty()) return Status::Ok();
    if (text != "true" && text != "false") {
      return Error(parent[name], key, "'" + text + "' is not true or false");
    }
    *out = text == "true";
    return Status::Ok();
  }

  // Sets *out from parent[name] (an integer in [min, max]) when present and not null.
  Status Int(const YAML::Node& parent, const char* name, const std::string& key, int min,
             int max, int* out) const {
    std::string text;
    XM_RETURN_IF_ERROR(String(parent, name, key, &text));
    if (text.empty()) return Status::Ok();
    if (!ParseInt(text, min, max, out)) {
      return Error(parent[name], key,
                   fmt::format("'{}' is not a whole number from {} to {}", text, min, max));
    }
    return Status::Ok();
  }

  Status Threshold(const YAML::Node& parent, const char* name, long long* fen) const {
    const std::string key = std::string("match.") + name;
    std::string yuan;
    XM_RETURN_IF_ERROR(String(parent, name, key, &yuan));
    if (yuan.empty()) return Status::Ok();
    Status s = CheckThreshold(yuan, fen);
    if (!s.ok()) return Error(parent[name], key, "expected yuan (e.g. 1000.00): " + s.message());
    return Status::Ok();
  }

  Status IncompatiblePrograms(const YAML::Node& node) const {
    const std::string key = "match.incompatible_programs";
    if (!node || node.IsNull()) return Status::Ok();
    if (!node.IsSequence()) return Error(node, key, "expected a list of program lists");
    std::vector<std::vector<std::string>> groups;
    for (const auto& group : node) {
      if (!group.IsSequence() || group.size() < 2) {
        return Error(group, key, "expected a list of at least two program codes");
      }
      std::vector<std::string>& programs = groups.emplace_back();
      for (const auto& program : group) {
        if (!program.IsScalar() || !ProgramCodes().count(program.Scalar())) {
          const std::string text = program.IsScalar() ? program.Scalar() : "(not a string)";
          return Error(program, key,
                       fmt::format("'{}' is not a program code ({})", text,
                                   fmt::join(ProgramCodes(), ", ")));
        }
        programs.push_back(program.Scalar());
      }
    }
    c_->match.incompatible_programs = std::move(groups);
    return Status::Ok();
  }

  std::string file_;
  Config* c_;
};

Status ReadFile(const std::string& file, Config* config) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file);
  } catch (const YAML::BadFile&) {
    return Status::NotFound("cannot read config file " + file +
                            ": check the --config path and its permissions");
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(file + ":" + std::to_string(e.mark.line + 1) +
                                   ": not valid YAML: " + e.msg);
  }
  return YamlConfigReader(file, config).Read(root);
}

// --- The environment.

// The variable's value, or nullopt when it is unset or empty.
std::optional<std::string> Env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

Status ReadEnvString(const char* name, std::string* out, ValueCheck check = nullptr) {
  const std::optional<std::string> value = Env(name);
  if (!value) return Status::Ok();
  if (check != nullptr) {
    Status s = check(*value);
    if (!s.ok()) return s.WithContext(std::string("environment ") + name);
  }
  *out = *value;
  return Status::Ok();
}

Status ReadEnv(Config* c) {
  XM_RETURN_IF_ERROR(ReadEnvString("XMATCH_PG", &c->pg_dsn));
  XM_RETURN_IF_ERROR(ReadEnvString("XMATCH_KAFKA_BROKERS", &c->kafka.brokers));
  XM_RETURN_IF_ERROR(ReadEnvString("XMATCH_AGREEMENTS_DIR", &c->agreements_dir));
  XM_RETURN_IF_ERROR(ReadEnvString("XMATCH_LOG_FORMAT", &c->log_format, CheckLogFormat));
  XM_RETURN_IF_ERROR(ReadEnvString("XMATCH_LOG_LEVEL", &c->log_level, CheckLogLevel));
  if (auto spec = Env("XMATCH_TOKEN_KEYS")) {
    Result<std::map<int, std::string>> keys = ParseTokenKeysSpec(*spec);
    if (!keys.ok()) return keys.status().WithContext("environment XMATCH_TOKEN_KEYS");
    c->token_key_files = std::move(*keys);
  }
  return Status::Ok();
}

Status CheckTls(const Config& c) {
  if (c.tls_cert_file.empty() == c.tls_key_file.empty()) return Status::Ok();
  return Status::InvalidArgument(
      "tls_cert_file and tls_key_file must be set together (HTTPS needs both), or neither");
}

}  // namespace

Result<Config> LoadConfig(const ConfigFlags& flags) {
  Config config;
  if (!flags.config_file.empty()) XM_RETURN_IF_ERROR(ReadFile(flags.config_file, &config));
  XM_RETURN_IF_ERROR(ReadEnv(&config));
  if (!flags.pg_dsn.empty()) config.pg_dsn = flags.pg_dsn;
  if (!flags.brokers.empty()) config.kafka.brokers = flags.brokers;
  XM_RETURN_IF_ERROR(CheckTls(config));
  return config;
}

Result<std::map<int, std::string>> ParseTokenKeysSpec(const std::string& spec) {
  const std::string_view kExample = " (expected VERSION=PATH,..., e.g. 1=/etc/xmatch/k1)";
  std::map<int, std::string> keys;
  std::string_view rest = spec;
  while (true) {
    const size_t comma = rest.find(',');
    const std::string_view entry = rest.substr(0, comma);
    const size_t eq = entry.find('=');
    int version = 0;
    if (eq == std::string_view::npos || eq + 1 == entry.size() ||
        !ParseInt(entry.substr(0, eq), 1, INT_MAX, &version)) {
      return Status::InvalidArgument("'" + std::string(entry) + "' is not VERSION=PATH with " +
                                     "a positive VERSION" + std::string(kExample));
    }
    if (!keys.emplace(version, std::string(entry.substr(eq + 1))).second) {
      return Status::InvalidArgument("key version " + std::to_string(version) +
                                     " is given twice" + std::string(kExample));
    }
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  return keys;
}

}  // namespace xmatch
