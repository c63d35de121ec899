// Shared set-up for the connectors' unit tests: a keyring with two key versions, the
// agreements the example messages in schemas/json/examples/ are sent under, and a few
// more for the agreement rejects.
#pragma once

#include <string>
#include <variant>

#include <gtest/gtest.h>

#include "common/agreements.h"
#include "common/token.h"
#include "connectors/record_parser.h"

namespace xmatch::connectors::testing {

// The day every test record is "received".
inline Date ReceivedOn() { return Date::FromValidYmd(2026, 3, 20); }

inline TokenKeyring TestKeyring() {
  return TokenKeyring::FromSecrets({{1, "test key one, 32 bytes long ...."},
                                    {2, "test key two, 32 bytes long ...."}});
}

inline AgreementRegistry TestAgreements() {
  const Date from = Date::FromValidYmd(2026, 1, 1);
  const Date to = Date::FromValidYmd(2027, 12, 31);
  std::vector<Agreement> all = {
      {"ps-2026-001", "public_security", {"death", "deregistration", "detention"}, {"name"},
       "死亡、羁押核查", from, to, 1095, "ps-2026-001.yaml"},
      {"ps-2026-address", "public_security", {"death"}, {"address"}, "住址核查", from, to,
       1095, "ps-2026-address.yaml"},
      {"ps-2020-001", "public_security", {"death"}, {}, "expired",
       Date::FromValidYmd(2020, 1, 1), Date::FromValidYmd(2020, 12, 31), 1095,
       "ps-2020-001.yaml"},
      {"sf-2026-001", "justice", {"imprisonment", "release", "community_correction"}, {},
       "服刑核查", from, to, 1095, "sf-2026-001.yaml"},
      {"wj-2026-001", "health", {"death_certificate"}, {"name"}, "死亡核查", from, to, 1095,
       "wj-2026-001.yaml"},
      {"rs-2026-001", "pension", {"pension_payment", "pension_stop"}, {}, "养老金核查", from,
       to, 1095, "rs-2026-001.yaml"},
  };
  Result<AgreementRegistry> registry = AgreementRegistry::FromAgreements(std::move(all));
  if (!registry.ok()) throw std::runtime_error(registry.status().ToString());
  return *registry;
}

// A parser over the test keyring and agreements.
class ParserTest : public ::testing::Test {
 protected:
  ParseOutcome Parse(const std::string& json, const std::string& expected_source = "") {
    return parser_.Parse(json, MessageContext{expected_source, ReceivedOn()});
  }
  // The record `json` yields; a test failure (and an empty record) if it is rejected.
  DepartmentRecord Accept(const std::string& json) {
    ParseOutcome outcome = Parse(json);
    if (const Reject* r = std::get_if<Reject>(&outcome)) {
      ADD_FAILURE() << "rejected (" << RejectReasonCode(r->reason) << "): " << r->message;
      return {};
    }
    return std::get<DepartmentRecord>(std::move(outcome));
  }
  // The reject `json` yields; a test failure (and an empty reject) if it is accepted.
  Reject RejectOf(const std::string& json, const std::string& expected_source = "") {
    ParseOutcome outcome = Parse(json, expected_source);
    if (std::holds_alternative<DepartmentRecord>(outcome)) {
      ADD_FAILURE() << "accepted: " << json;
      return {};
    }
    return std::get<Reject>(std::move(outcome));
  }

  TokenKeyring keyring_ = TestKeyring();
  AgreementRegistry agreements_ = TestAgreements();
  RecordParser parser_{keyring_, agreements_};
};

}  // namespace xmatch::connectors::testing
