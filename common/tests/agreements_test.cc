#include "common/agreements.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/tests/temp_dir.h"

namespace xmatch {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using test_support::TempDir;

constexpr const char* kPublicSecurity = R"(id: ps-2026-001
provider: public_security
kinds: [death, deregistration, detention]
fields: [name]
purpose: 核查社会救助对象死亡、羁押情况
valid_from: 2026-01-01
valid_to: 2027-12-31
retention_days: 1095
)";

Date D(const char* text) { return *Date::Parse(text); }

// kPublicSecurity with one line replaced (or removed, when `replacement` is empty).
std::string With(const std::string& line_start, const std::string& replacement) {
  std::string yaml = kPublicSecurity;
  const size_t begin = yaml.find(line_start);
  const size_t end = yaml.find('\n', begin) + 1;
  yaml.replace(begin, end - begin, replacement.empty() ? "" : replacement + "\n");
  return yaml;
}

// Loading a directory holding just `yaml` must fail; returns the message.
std::string LoadError(const std::string& yaml) {
  TempDir dir;
  dir.Write("ps.yaml", yaml);
  Result<AgreementRegistry> registry = AgreementRegistry::LoadDir(dir.path());
  EXPECT_FALSE(registry.ok()) << yaml;
  EXPECT_THAT(registry.status().message(), HasSubstr(dir.path() + "/ps.yaml"));
  return registry.status().message();
}

TEST(AgreementRegistry, LoadsEveryYamlFileInTheDirectory) {
  TempDir dir;
  dir.Write("ps.yaml", kPublicSecurity);
  dir.Write("health.yml", R"(id: wj-2026-001
provider: health
kinds: [death_certificate]
purpose: 核查死亡医学证明
valid_from: 2026-03-01
valid_to: 2026-03-01
retention_days: 30
)");
  dir.Write("README.txt", "not an agreement");
  Result<AgreementRegistry> registry = AgreementRegistry::LoadDir(dir.path());
  ASSERT_TRUE(registry.ok()) << registry.status().ToString();
  ASSERT_EQ(registry->all().size(), 2u);

  const Agreement* ps = registry->Find("ps-2026-001");
  ASSERT_NE(ps, nullptr);
  EXPECT_EQ(ps->provider, "public_security");
  EXPECT_EQ(ps->kinds, (std::set<std::string>{"death", "deregistration", "detention"}));
  EXPECT_EQ(ps->fields, (std::set<std::string>{"name"}));
  EXPECT_EQ(ps->purpose, "核查社会救助对象死亡、羁押情况");
  EXPECT_EQ(ps->valid_from, D("2026-01-01"));
  EXPECT_EQ(ps->valid_to, D("2027-12-31"));
  EXPECT_EQ(ps->retention_days, 1095);
  EXPECT_EQ(ps->file, dir.path() + "/ps.yaml");

  const Agreement* health = registry->Find("wj-2026-001");
  ASSERT_NE(health, nullptr);
  EXPECT_TRUE(health->fields.empty());
  EXPECT_EQ(registry->Find("nope"), nullptr);
}

TEST(AgreementRegistry, ExampleAgreementsLoad) {
  const auto dir = test_support::SourceRoot() / "config/agreements";
  Result<AgreementRegistry> registry = AgreementRegistry::LoadDir(dir.string());
  ASSERT_TRUE(registry.ok()) << registry.status().ToString();
  std::set<std::string> providers;
  for (const auto& [id, a] : registry->all()) providers.insert(a.provider);
  EXPECT_EQ(providers,
            (std::set<std::string>{"public_security", "justice", "health", "pension"}));
}

TEST(AgreementRegistry, MissingRequiredFieldIsNamed) {
  for (const char* field :
       {"id", "provider", "kinds", "purpose", "valid_from", "valid_to", "retention_days"}) {
    EXPECT_THAT(LoadError(With(std::string(field) + ":", "")),
                HasSubstr(std::string(field) + ": missing"));
  }
}

TEST(AgreementRegistry, BadDateNamesFieldLineAndFormat) {
  EXPECT_THAT(LoadError(With("valid_to:", "valid_to: 2027-13-01")),
              AllOf(HasSubstr("ps.yaml:7: valid_to: '2027-13-01' is not a date (YYYY-MM-DD)")));
}

TEST(AgreementRegistry, ValidToBeforeValidFromIsAnError) {
  EXPECT_THAT(LoadError(With("valid_to:", "valid_to: 2025-12-31")),
              HasSubstr("valid_to: 2025-12-31 is before valid_from 2026-01-01"));
}

TEST(AgreementRegistry, UnknownProviderOrKindIsAnError) {
  EXPECT_THAT(LoadError(With("provider:", "provider: police")),
              AllOf(HasSubstr("provider: 'police' is not a source"), HasSubstr("justice")));
  EXPECT_THAT(LoadError(With("kinds:", "kinds: [death, imprisonment]")),
              HasSubstr("kinds: 'imprisonment' is not a public_security kind"));
  EXPECT_THAT(LoadError(With("kinds:", "kinds: []")), HasSubstr("kinds: must list"));
}

TEST(AgreementRegistry, WrongTypesAndUnknownFieldsAreErrors) {
  EXPECT_THAT(LoadError(With("kinds:", "kinds: death")), HasSubstr("kinds: expected a list"));
  EXPECT_THAT(LoadError(With("fields:", "fields: [[name]]")),
              HasSubstr("fields: expected a list of non-empty strings"));
  EXPECT_THAT(LoadError(With("retention_days:", "retention_days: 3 years")),
              HasSubstr("retention_days: '3 years' is not a positive number of days"));
  EXPECT_THAT(LoadError(With("retention_days:", "retention_days: 0")),
              HasSubstr("retention_days: '0'"));
  EXPECT_THAT(LoadError(std::string(kPublicSecurity) + "purpse: typo\n"),
              HasSubstr("purpse: unknown field"));
  EXPECT_THAT(LoadError("- just a list\n"), HasSubstr("expected a map"));
  EXPECT_THAT(LoadError("id: [unclosed\n"), HasSubstr("not valid YAML"));
}

TEST(AgreementRegistry, DuplicateIdNamesBothFiles) {
  TempDir dir;
  dir.Write("a.yaml", kPublicSecurity);
  dir.Write("b.yaml", kPublicSecurity);
  Result<AgreementRegistry> registry = AgreementRegistry::LoadDir(dir.path());
  ASSERT_FALSE(registry.ok());
  EXPECT_THAT(registry.status().message(),
              AllOf(HasSubstr("b.yaml: id: 'ps-2026-001' is already used by"),
                    HasSubstr(dir.path() + "/a.yaml")));
}

TEST(AgreementRegistry, MissingOrEmptyDirectoryIsNotFound) {
  TempDir dir;
  Result<AgreementRegistry> empty = AgreementRegistry::LoadDir(dir.path());
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), Status::Code::kNotFound);
  EXPECT_THAT(empty.status().message(), HasSubstr("no agreement files"));

  Result<AgreementRegistry> missing = AgreementRegistry::LoadDir(dir.path() + "/absent");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("XMATCH_AGREEMENTS_DIR"));
}

class AgreementCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TempDir dir;
    dir.Write("ps.yaml", kPublicSecurity);
    Result<AgreementRegistry> loaded = AgreementRegistry::LoadDir(dir.path());
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    registry_ = std::move(*loaded);
  }
  AgreementCheck Check(const char* id, const char* source, const char* kind, const char* day) {
    return registry_.Check(id, source, kind, D(day));
  }
  AgreementRegistry registry_;
};

TEST_F(AgreementCheckTest, AcceptsCoveredRecordsOnFirstAndLastDayInForce) {
  EXPECT_EQ(Check("ps-2026-001", "public_security", "death", "2026-01-01"), AgreementCheck::kOk);
  EXPECT_EQ(Check("ps-2026-001", "public_security", "detention", "2027-12-31"),
            AgreementCheck::kOk);
}

TEST_F(AgreementCheckTest, RejectsOutsideTheValidityPeriod) {
  EXPECT_EQ(Check("ps-2026-001", "public_security", "death", "2025-12-31"),
            AgreementCheck::kNotInForce);
  EXPECT_EQ(Check("ps-2026-001", "public_security", "death", "2028-01-01"),
            AgreementCheck::kNotInForce);
}

TEST_F(AgreementCheckTest, RejectsUnknownAgreementOtherSourceAndOtherKind) {
  EXPECT_EQ(Check("ps-2099-001", "public_security", "death", "2026-06-01"),
            AgreementCheck::kUnknown);
  EXPECT_EQ(Check("ps-2026-001", "justice", "death", "2026-06-01"),
            AgreementCheck::kWrongSource);
  EXPECT_EQ(Check("ps-2026-001", "public_security", "death_certificate", "2026-06-01"),
            AgreementCheck::kWrongKind);
}

TEST(AgreementKinds, EverySourceHasTheContractKinds) {
  const auto& kinds = KindsBySource();
  ASSERT_EQ(kinds.size(), 4u);
  EXPECT_EQ(kinds.at("public_security"),
            (std::set<std::string>{"death", "deregistration", "detention"}));
  EXPECT_EQ(kinds.at("justice"),
            (std::set<std::string>{"imprisonment", "release", "community_correction"}));
  EXPECT_EQ(kinds.at("health"), (std::set<std::string>{"death_certificate"}));
  EXPECT_EQ(kinds.at("pension"), (std::set<std::string>{"pension_payment", "pension_stop"}));
}

}  // namespace
}  // namespace xmatch
