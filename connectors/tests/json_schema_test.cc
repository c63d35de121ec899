// The JSON Schemas departments get (schemas/json/) and the C++ validator must not drift:
// every example is accepted by both, a set of broken messages is refused by both, and
// each schema describes exactly the kinds and fields of connectors/record_kinds.h.
// The schema side is checked with Debian's /usr/bin/python3 and its jsonschema (python3-jsonschema).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "connectors/record_kinds.h"
#include "connectors/tests/test_records.h"

namespace xmatch::connectors {
namespace {

namespace fs = std::filesystem;
using testing::ParserTest;

const fs::path kSourceDir = XMATCH_CONNECTORS_TEST_SOURCE_DIR;
const fs::path kSchemaDir = kSourceDir / "schemas" / "json";
const fs::path kValidator = kSourceDir / "connectors" / "tests" / "validate_json_schema.py";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

fs::path SchemaOf(std::string_view source) {
  return kSchemaDir / (std::string(source) + ".schema.json");
}

fs::path ExampleOf(const KindSpec& spec) {
  return kSchemaDir / "examples" /
         (std::string(spec.source) + "-" + std::string(spec.kind) + ".json");
}

// A file to check against a source's JSON Schema.
struct SchemaCheck {
  std::string source;
  fs::path file;
};

// One "valid" / "invalid: ..." line per check, from validate_json_schema.py (one Python
// run for all of them: importing jsonschema takes a second).
std::vector<std::string> SchemaVerdicts(const std::vector<SchemaCheck>& checks) {
  std::string command = "/usr/bin/python3 '" + kValidator.string() + "'";
  for (const SchemaCheck& c : checks) {
    command += " --schema '" + SchemaOf(c.source).string() + "' '" + c.file.string() + "'";
  }
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "cannot run python3";
    return {};
  }
  std::vector<std::string> lines;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, pipe) != nullptr) {
    std::string line(buf);
    if (!line.empty() && line.back() == '\n') line.pop_back();
    lines.push_back(line);
  }
  const int status = pclose(pipe);
  EXPECT_EQ(status, 0) << command << " failed (exit status 3: install python3-jsonschema)";
  EXPECT_EQ(lines.size(), checks.size()) << command;
  lines.resize(checks.size());
  return lines;
}

TEST_F(ParserTest, EveryKindHasAnExampleTheParserAccepts) {
  for (const KindSpec& spec : AllKinds()) {
    SCOPED_TRACE(ExampleOf(spec).string());
    ASSERT_TRUE(fs::exists(ExampleOf(spec)));
    DepartmentRecord r = Accept(ReadFile(ExampleOf(spec)));
    EXPECT_EQ(r.source, spec.source);
    EXPECT_EQ(r.kind, spec.kind);
    EXPECT_TRUE(r.dropped_fields.empty()) << "examples show only what is kept";
  }
}

TEST(JsonSchema, EveryExampleIsValidAgainstItsSourcesSchema) {
  std::vector<SchemaCheck> checks;
  for (const KindSpec& spec : AllKinds()) {
    checks.push_back({std::string(spec.source), ExampleOf(spec)});
  }
  const std::vector<std::string> verdicts = SchemaVerdicts(checks);
  for (size_t i = 0; i < checks.size(); ++i) {
    EXPECT_EQ(verdicts[i], "valid") << checks[i].file;
  }
}

// A broken message: both the JSON Schema and the C++ parser must refuse it.
struct BrokenMessage {
  std::string source;
  std::string what;
  std::string json;
};

std::vector<BrokenMessage> BrokenMessages() {
  const std::string ps =
      R"({"source":"public_security","record_id":"PS-1","agreement_id":"ps-2026-001","schema_version":1,"id_number":"11010519491231002X",)";
  const std::string rs =
      R"({"source":"pension","record_id":"RS-1","kind":"pension_payment","agreement_id":"rs-2026-001","schema_version":1,"id_number":"11010519491231002X","period":"2026-02","scheme":"civil_service",)";
  return {
      {"public_security", "kind field missing", ps + R"("kind":"death"})"},
      {"public_security", "unknown kind", ps + R"("kind":"birth","death_date":"2026-01-14"})"},
      {"public_security", "reason not in the list",
       ps + R"("kind":"deregistration","date":"2026-02-03","reason":"moved"})"},
      {"public_security", "date with slashes", ps + R"("kind":"death","death_date":"2026/01/14"})"},
      {"public_security", "id with a letter inside",
       R"({"source":"public_security","record_id":"PS-1","agreement_id":"ps-2026-001","schema_version":1,"id_number":"1101051949A231002X","kind":"death","death_date":"2026-01-14"})"},
      {"pension", "amount with 3 decimals", rs + R"("amount":"650.555"})"},
      {"pension", "amount missing",
       R"({"source":"pension","record_id":"RS-1","kind":"pension_payment","agreement_id":"rs-2026-001","schema_version":1,"id_number":"11010519491231002X","period":"2026-02","scheme":"civil_service"})"},
      {"justice", "both id forms",
       R"({"source":"justice","record_id":"SF-1","kind":"release","agreement_id":"sf-2026-001","schema_version":1,"id_number":"11010519491231002X","id_token":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","key_version":1,"release_date":"2026-03-15"})"},
      {"justice", "no record_id",
       R"({"source":"justice","kind":"release","agreement_id":"sf-2026-001","schema_version":1,"id_number":"11010519491231002X","release_date":"2026-03-15"})"},
      {"health", "schema_version 2",
       R"({"source":"health","record_id":"WJ-1","kind":"death_certificate","agreement_id":"wj-2026-001","schema_version":2,"id_number":"11010519491231002X","death_date":"2026-02-28","certificate_no":"C-1"})"},
      {"health", "certificate_no empty",
       R"({"source":"health","record_id":"WJ-1","kind":"death_certificate","agreement_id":"wj-2026-001","schema_version":1,"id_number":"11010519491231002X","death_date":"2026-02-28","certificate_no":""})"},
  };
}

TEST_F(ParserTest, BrokenMessagesAreRefusedByBothSchemaAndParser) {
  const fs::path dir =
      fs::temp_directory_path() / ("xmatch-json-schema-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::vector<BrokenMessage> broken = BrokenMessages();
  std::vector<SchemaCheck> checks;
  for (size_t i = 0; i < broken.size(); ++i) {
    const BrokenMessage& b = broken[i];
    EXPECT_TRUE(std::holds_alternative<Reject>(Parse(b.json)))
        << "the parser accepted " << b.source << ": " << b.what;
    checks.push_back({b.source, dir / ("broken-" + std::to_string(i) + ".json")});
    std::ofstream(checks.back().file) << b.json;
  }
  const std::vector<std::string> verdicts = SchemaVerdicts(checks);
  for (size_t i = 0; i < broken.size(); ++i) {
    EXPECT_EQ(verdicts[i].rfind("invalid: ", 0), 0u)
        << "the schema accepted " << broken[i].source << ": " << broken[i].what << " ("
        << verdicts[i] << ")";
  }
  fs::remove_all(dir);
}

// The schema's $defs/<kind> must list the same fields as record_kinds.h, with the same
// required-ness, enum values and types.
void ExpectFieldMatches(const nlohmann::json& property, const FieldSpec& field) {
  const nlohmann::json& p = field.required ? property : property.at("anyOf").at(0);
  if (!field.required) {
    EXPECT_EQ(property.at("anyOf").at(1), nlohmann::json({{"type", "null"}}));
  }
  switch (field.type) {
    case FieldType::kDate:
      EXPECT_EQ(p.at("$ref"), "#/$defs/date");
      break;
    case FieldType::kMonth:
      EXPECT_EQ(p.at("$ref"), "#/$defs/month");
      break;
    case FieldType::kMoney:
      EXPECT_EQ(p.at("$ref"), "#/$defs/money");
      break;
    case FieldType::kText:
      EXPECT_EQ(p.at("type"), "string");
      EXPECT_EQ(p.at("minLength"), 1);
      break;
    case FieldType::kEnum: {
      std::vector<std::string> values(field.values.begin(), field.values.end());
      EXPECT_EQ(p.at("enum").get<std::vector<std::string>>(), values);
      break;
    }
  }
}

TEST(JsonSchema, DescribesTheKindsAndFieldsTheParserChecks) {
  for (std::string_view source : {"public_security", "justice", "health", "pension"}) {
    SCOPED_TRACE(source);
    const nlohmann::json schema = nlohmann::json::parse(ReadFile(SchemaOf(source)));
    EXPECT_EQ(schema.at("properties").at("source").at("const"), source);
    EXPECT_EQ(schema.at("properties").at("schema_version").at("const"),
              RecordParser::kSchemaVersion);
    std::vector<std::string> kinds, refs;
    for (const KindSpec& spec : AllKinds()) {
      if (spec.source != source) continue;
      SCOPED_TRACE(spec.kind);
      kinds.emplace_back(spec.kind);
      refs.push_back("#/$defs/" + std::string(spec.kind));
      const nlohmann::json& def = schema.at("$defs").at(std::string(spec.kind));
      std::set<std::string> properties = {"kind"}, required = {"kind"};
      for (const FieldSpec& field : spec.fields) {
        SCOPED_TRACE(field.name);
        properties.emplace(field.name);
        if (field.required) required.emplace(field.name);
        ExpectFieldMatches(def.at("properties").at(std::string(field.name)), field);
      }
      std::set<std::string> schema_properties;
      for (const auto& [name, value] : def.at("properties").items()) schema_properties.insert(name);
      EXPECT_EQ(schema_properties, properties);
      EXPECT_EQ(def.at("required").get<std::set<std::string>>(), required);
      EXPECT_EQ(def.at("properties").at("kind").at("const"), spec.kind);
    }
    EXPECT_EQ(schema.at("properties").at("kind").at("enum").get<std::vector<std::string>>(), kinds);
    std::vector<std::string> one_of;
    for (const auto& alternative : schema.at("oneOf")) one_of.push_back(alternative.at("$ref"));
    EXPECT_EQ(one_of, refs);
  }
}

}  // namespace
}  // namespace xmatch::connectors
