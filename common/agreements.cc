#include "common/agreements.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace xmatch {
namespace {

namespace fs = std::filesystem;

// Reads one agreement file, naming the file, line and field in every error.
class AgreementReader {
 public:
  explicit AgreementReader(std::string file) : file_(std::move(file)) {}

  Result<Agreement> Read(const YAML::Node& root) const {
    if (!root.IsMap()) return Error(root, "(top level)", "expected a map of agreement fields");
    static const std::set<std::string> kKnown = {"id",         "provider", "kinds",
                                                 "fields",     "purpose",  "valid_from",
                                                 "valid_to",   "retention_days"};
    for (const auto& kv : root) {
      const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "?";
      if (!kKnown.count(key)) {
        return Error(kv.first, key,
                     fmt::format("unknown field (known fields: {})", fmt::join(kKnown, ", ")));
      }
    }
    Agreement a;
    a.file = file_;
    XM_ASSIGN_OR_RETURN(a.id, String(root, "id"));
    XM_ASSIGN_OR_RETURN(a.provider, String(root, "provider"));
    const auto source = KindsBySource().find(a.provider);
    if (source == KindsBySource().end()) {
      return Error(root["provider"], "provider",
                   fmt::format("'{}' is not a source ({})", a.provider,
                               fmt::join(SourceNames(), ", ")));
    }
    XM_ASSIGN_OR_RETURN(a.kinds, StringSet(root, "kinds", /*required=*/true));
    for (const auto& kind : a.kinds) {
      if (!source->second.count(kind)) {
        return Error(root["kinds"], "kinds",
                     fmt::format("'{}' is not a {} kind ({})", kind, a.provider,
                                 fmt::join(source->second, ", ")));
      }
    }
    XM_ASSIGN_OR_RETURN(a.fields, StringSet(root, "fields", /*required=*/false));
    XM_ASSIGN_OR_RETURN(a.purpose, String(root, "purpose"));
    XM_ASSIGN_OR_RETURN(a.valid_from, DateField(root, "valid_from"));
    XM_ASSIGN_OR_RETURN(a.valid_to, DateField(root, "valid_to"));
    if (a.valid_to < a.valid_from) {
      return Error(root["valid_to"], "valid_to",
                   a.valid_to.ToString() + " is before valid_from " + a.valid_from.ToString());
    }
    XM_ASSIGN_OR_RETURN(a.retention_days, RetentionDays(root));
    return a;
  }

 private:
  Status Error(const YAML::Node& node, const std::string& field, const std::string& what) const {
    std::string where = file_;
    if (node && node.Mark().line >= 0) where += ":" + std::to_string(node.Mark().line + 1);
    return Status::InvalidArgument(where + ": " + field + ": " + what);
  }

  Status Missing(const char* field) const {
    return Status::InvalidArgument(file_ + ": " + field + ": missing (every agreement needs " +
                                   "id, provider, kinds, purpose, valid_from, valid_to and " +
                                   "retention_days)");
  }

  static std::vector<std::string> SourceNames() {
    std::vector<std::string> names;
    for (const auto& [source, kinds] : KindsBySource()) names.push_back(source);
    return names;
  }

  Result<std::string> String(const YAML::Node& root, const char* field) const {
    const YAML::Node node = root[field];
    if (!node || node.IsNull()) return Missing(field);
    if (!node.IsScalar() || node.Scalar().empty()) {
      return Error(node, field, "expected a non-empty string");
    }
    return node.Scalar();
  }

  Result<std::set<std::string>> StringSet(const YAML::Node& root, const char* field,
                                          bool required) const {
    const YAML::Node node = root[field];
    if (!node || node.IsNull()) {
      if (required) return Missing(field);
      return std::set<std::string>();
    }
    if (!node.IsSequence()) return Error(node, field, "expected a list, e.g. [a, b]");
    std::set<std::string> items;
    for (const auto& item : node) {
      if (!item.IsScalar() || item.Scalar().empty()) {
        return Error(item, field, "expected a list of non-empty strings");
      }
      items.insert(item.Scalar());
    }
    if (required && items.empty()) return Error(node, field, "must list at least one entry");
    return items;
  }

  Result<Date> DateField(const YAML::Node& root, const char* field) const {
    XM_ASSIGN_OR_RETURN(std::string text, String(root, field));
    Result<Date> date = Date::Parse(text);
    if (!date.ok()) return Error(root[field], field, "'" + text + "' is not a date (YYYY-MM-DD)");
    return date;
  }

  Result<int> RetentionDays(const YAML::Node& root) const {
    XM_ASSIGN_OR_RETURN(std::string text, String(root, "retention_days"));
    int days = 0;
    if (!YAML::convert<int>::decode(root["retention_days"], days) || days <= 0) {
      return Error(root["retention_days"], "retention_days",
                   "'" + text + "' is not a positive number of days");
    }
    return days;
  }

  std::string file_;
};

Result<Agreement> ReadAgreementFile(const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file);
  } catch (const YAML::BadFile&) {
    return Status::NotFound("cannot read agreement file " + file + ": check its permissions");
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(file + ":" + std::to_string(e.mark.line + 1) +
                                   ": not valid YAML: " + e.msg);
  }
  return AgreementReader(file).Read(root);
}

}  // namespace

Result<AgreementRegistry> AgreementRegistry::LoadDir(const std::string& dir) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    return Status::NotFound("cannot read agreements directory " + dir + ": " + ec.message() +
                            " (set agreements_dir in the config file or XMATCH_AGREEMENTS_DIR)");
  }
  std::vector<std::string> files;
  for (const auto& entry : it) {
    const std::string ext = entry.path().extension().string();
    if (entry.is_regular_file(ec) && (ext == ".yaml" || ext == ".yml")) {
      files.push_back(entry.path().string());
    }
  }
  if (files.empty()) {
    return Status::NotFound("no agreement files (*.yaml, *.yml) in " + dir +
                            ": put one file per data-sharing agreement there");
  }
  std::sort(files.begin(), files.end());  // deterministic: the same error on every run
  std::vector<Agreement> agreements;
  for (const auto& file : files) {
    XM_ASSIGN_OR_RETURN(Agreement a, ReadAgreementFile(file));
    agreements.push_back(std::move(a));
  }
  return FromAgreements(std::move(agreements));
}

Result<AgreementRegistry> AgreementRegistry::FromAgreements(std::vector<Agreement> agreements) {
  AgreementRegistry registry;
  for (auto& a : agreements) {
    const auto [it, inserted] = registry.by_id_.emplace(a.id, a);
    if (!inserted) {
      return Status::InvalidArgument(a.file + ": id: '" + a.id + "' is already used by " +
                                     it->second.file + ": every agreement needs its own id");
    }
  }
  return registry;
}

const Agreement* AgreementRegistry::Find(const std::string& id) const {
  const auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &it->second;
}

AgreementCheck AgreementRegistry::Check(const std::string& id, const std::string& source,
                                        const std::string& kind, Date received_on) const {
  const Agreement* a = Find(id);
  if (a == nullptr) return AgreementCheck::kUnknown;
  if (a->provider != source) return AgreementCheck::kWrongSource;
  if (!a->kinds.count(kind)) return AgreementCheck::kWrongKind;
  if (!a->InForceOn(received_on)) return AgreementCheck::kNotInForce;
  return AgreementCheck::kOk;
}

const std::map<std::string, std::set<std::string>>& KindsBySource() {
  static const std::map<std::string, std::set<std::string>> kinds = {
      {"public_security", {"death", "deregistration", "detention"}},
      {"justice", {"imprisonment", "release", "community_correction"}},
      {"health", {"death_certificate"}},
      {"pension", {"pension_payment", "pension_stop"}},
  };
  return kinds;
}

}  // namespace xmatch
