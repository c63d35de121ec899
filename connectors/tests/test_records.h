// Shared set-up for the connectors' unit tests: a parser over the keyring and agreements
// of test_agreements.h, and the day every test record is received.
#pragma once

#include <string>
#include <variant>

#include <gtest/gtest.h>

#include "connectors/record_parser.h"
#include "connectors/tests/test_agreements.h"

namespace xmatch::connectors::testing {

// The day every test record is "received".
inline Date ReceivedOn() { return Date::FromValidYmd(2026, 3, 20); }

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
