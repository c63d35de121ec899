#include "connectors/record_parser.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "common/resident_id.h"
#include "connectors/tests/test_records.h"

namespace xmatch::connectors {
namespace {

using testing::ParserTest;

constexpr const char* kId = "11010519491231002X";  // GB 11643 test vector
constexpr const char* kPsHeader =
    R"("source":"public_security","record_id":"PS-1","agreement_id":"ps-2026-001","schema_version":1)";
constexpr const char* kPensionHeader =
    R"("source":"pension","record_id":"RS-1","kind":"pension_payment","agreement_id":"rs-2026-001","schema_version":1,"id_number":"11010519491231002X","period":"2026-02","scheme":"civil_service")";

std::string Death(const std::string& more = "") {
  return std::string("{") + kPsHeader + R"(,"kind":"death","id_number":")" + kId +
         R"(","death_date":"2026-01-14")" + more + "}";
}

std::string Pension(const std::string& amount) {
  return std::string("{") + kPensionHeader + R"(,"amount":)" + amount + "}";
}

// `s` with the first `from` replaced by `to`.
std::string Replace(std::string s, std::string_view from, std::string_view to) {
  return s.replace(s.find(from), from.size(), to);
}

IdToken TokenOf(const TokenKeyring& keyring, std::string_view id) {
  return keyring.Tokenize(*ResidentId::Parse(id));
}

// ---- The identity paths --------------------------------------------------------------

TEST_F(ParserTest, IdNumberIsReplacedByItsTokenUnderTheCurrentKey) {
  DepartmentRecord r = Accept(Death());
  EXPECT_EQ(r.id_token, TokenOf(keyring_, kId));
  EXPECT_EQ(r.key_version, 2);
  EXPECT_EQ(r.fields_json.find("id_number"), std::string::npos);
  EXPECT_EQ(r.fields_json.find("11010519491231002"), std::string::npos);
}

TEST_F(ParserTest, FifteenDigitIdIsNormalizedBeforeTokenizing) {
  EXPECT_EQ(Accept(Replace(Death(), kId, "110105491231002")).id_token, TokenOf(keyring_, kId));
}

TEST_F(ParserTest, LowercaseXIsTheSamePerson) {
  EXPECT_EQ(Accept(Replace(Death(), kId, "11010519491231002x")).id_token, TokenOf(keyring_, kId));
}

TEST_F(ParserTest, IdTokenUnderAHeldKeyVersionIsTakenAsGivenInLowercase) {
  const IdToken token = *keyring_.Tokenize(*ResidentId::Parse(kId), 1);
  std::string upper = token;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  DepartmentRecord r = Accept(std::string("{") + kPsHeader + R"(,"kind":"death","id_token":")" +
                              upper + R"(","key_version":1,"death_date":"2026-01-14"})");
  EXPECT_EQ(r.id_token, token);
  EXPECT_EQ(r.key_version, 1);
  EXPECT_EQ(r.fields_json, R"({"death_date":"2026-01-14"})");
}

// ---- Typed fields --------------------------------------------------------------------

TEST_F(ParserTest, KindFieldsFillTheTypedColumns) {
  DepartmentRecord r =
      Accept(std::string("{") + kPsHeader + R"(,"kind":"detention","id_number":")" + kId +
             R"(","start_date":"2025-11-20","end_date":"2026-02-19"})");
  EXPECT_EQ(r.source, "public_security");
  EXPECT_EQ(r.record_id, "PS-1");
  EXPECT_EQ(r.kind, "detention");
  EXPECT_EQ(r.agreement_id, "ps-2026-001");
  EXPECT_EQ(r.schema_version, 1);
  EXPECT_EQ(r.event_date, Date::FromValidYmd(2025, 11, 20));
  EXPECT_EQ(r.end_date, Date::FromValidYmd(2026, 2, 19));
  EXPECT_FALSE(r.amount.has_value());
  EXPECT_FALSE(r.reason.has_value());
}

TEST_F(ParserTest, OptionalEndDateMayBeAbsentOrNull) {
  const std::string head = std::string("{") + kPsHeader + R"(,"kind":"detention","id_number":")" +
                           kId + R"(","start_date":"2025-11-20")";
  EXPECT_FALSE(Accept(head + "}").end_date.has_value());
  EXPECT_FALSE(Accept(head + R"(,"end_date":null})").end_date.has_value());
}

TEST_F(ParserTest, PeriodBecomesItsFirstDayAndSchemeTheReason) {
  DepartmentRecord r = Accept(Pension(R"("1650.50")"));
  EXPECT_EQ(r.event_date, Date::FromValidYmd(2026, 2, 1));
  EXPECT_EQ(r.reason, "civil_service");
  EXPECT_EQ(r.amount, Money::FromFen(165050));
}

TEST_F(ParserTest, MoneyAsStringOrNumberIsReadFromItsDigits) {
  EXPECT_EQ(Accept(Pension(R"("650.5")")).amount, Money::FromFen(65050));
  EXPECT_EQ(Accept(Pension("650.5")).amount, Money::FromFen(65050));
  EXPECT_EQ(Accept(Pension("650")).amount, Money::FromFen(65000));
  // 0.07 has no exact binary value: read through a double it would be 6 or 7 fen.
  EXPECT_EQ(Accept(Pension("0.07")).amount, Money::FromFen(7));
  EXPECT_EQ(Accept(Pension("9999999.99")).amount, Money::FromFen(999999999));
}

TEST_F(ParserTest, MoneyWithThreeDecimalsExponentOrSignIsRefused) {
  for (const char* amount :
       {R"("650.555")", "650.555", "1e3", "6.5E2", R"("-5.00")", "-5", "true", R"("")"}) {
    SCOPED_TRACE(amount);
    Reject r = RejectOf(Pension(amount));
    EXPECT_EQ(r.reason, RejectReason::kBadField);
    EXPECT_EQ(r.message.rfind("amount: ", 0), 0u) << r.message;
  }
}

// ---- Minimization --------------------------------------------------------------------

TEST_F(ParserTest, FieldTheAgreementDoesNotListIsDropped) {
  DepartmentRecord r = Accept(Death(R"(,"address":"河南省三门峡市")"));
  EXPECT_EQ(r.dropped_fields, std::vector<std::string>{"address"});
  EXPECT_EQ(r.fields_json.find("address"), std::string::npos);
  EXPECT_EQ(r.fields_json, R"({"death_date":"2026-01-14"})");
}

TEST_F(ParserTest, FieldTheAgreementListsIsKeptAsReceived) {
  DepartmentRecord r =
      Accept(Replace(Death(R"(,"address":"河南省三门峡市\u6e56滨区","name":"王建国")"),
                     "ps-2026-001", "ps-2026-address"));
  EXPECT_EQ(r.fields_json, R"({"death_date":"2026-01-14","address":"河南省三门峡市\u6e56滨区"})");
  EXPECT_EQ(r.dropped_fields, std::vector<std::string>{"name"});
}

TEST_F(ParserTest, NameIsKeptOnlyWhenTheAgreementListsIt) {
  DepartmentRecord kept = Accept(Death(R"(,"name":"王建国")"));
  EXPECT_EQ(kept.fields_json, R"({"death_date":"2026-01-14","name":"王建国"})");
  EXPECT_TRUE(kept.dropped_fields.empty());

  DepartmentRecord dropped = Accept(
      R"({"source":"justice","record_id":"SF-1","kind":"release","agreement_id":"sf-2026-001",)"
      R"("schema_version":1,"id_number":"11010519491231002X","name":"王建国",)"
      R"("release_date":"2026-03-15","notes":{"cell":[1,2]}})");
  EXPECT_EQ(dropped.fields_json, R"({"release_date":"2026-03-15"})");
  EXPECT_EQ(dropped.dropped_fields, (std::vector<std::string>{"name", "notes"}));
}

TEST_F(ParserTest, KindsOwnOptionalFieldsNeedNoListing) {
  DepartmentRecord r = Accept(
      R"({"source":"justice","record_id":"SF-2","kind":"imprisonment","agreement_id":"sf-2026-001",)"
      R"("schema_version":1,"id_number":"11010519491231002X","start_date":"2025-09-01",)"
      R"("expected_release":"2028-08-31"})");
  EXPECT_EQ(r.fields_json, R"({"start_date":"2025-09-01","expected_release":"2028-08-31"})");
  EXPECT_TRUE(r.dropped_fields.empty());
}

// ---- Every reject reason, with its message -------------------------------------------

struct RejectCase {
  const char* name;
  std::string json;
  RejectReason reason;
  std::string message_starts_with;
  std::string expected_source = "";
};

std::string Ps(const std::string& members) {
  return std::string("{") + kPsHeader + "," + members + "}";
}
std::string Id() { return std::string(R"("id_number":")") + kId + "\""; }

const std::vector<RejectCase>& RejectCases() {
  static const std::vector<RejectCase> cases = {
      {"Truncated", R"({"source":"public_security",)", RejectReason::kBadJson, "not valid JSON"},
      {"NotAnObject", R"(["public_security"])", RejectReason::kBadJson, "not valid JSON"},
      {"Empty", "", RejectReason::kBadJson, "not valid JSON"},
      {"TextAfterTheObject", Death() + " {}", RejectReason::kBadJson, "not valid JSON"},
      {"BadLiteralInsideNestedValue", Death(R"(,"extra":[1,tru])"), RejectReason::kBadJson,
       "not valid JSON"},
      {"DuplicateMember", Death(R"(,"death_date":"2026-01-15")"), RejectReason::kBadJson,
       "not valid JSON: member \"death_date\" appears more than once"},
      {"UnknownSource",
       R"({"source":"tax","record_id":"T-1","kind":"death","agreement_id":"x","schema_version":1})",
       RejectReason::kUnknownSource,
       "source: 'tax' is not one of public_security, justice, health, pension"},
      {"MissingSource", R"({"record_id":"T-1"})", RejectReason::kMissingField,
       "source: missing; one of public_security"},
      {"SourceMismatch", Death(), RejectReason::kSourceMismatch,
       "source: 'public_security' arrived on the feed for justice", "justice"},
      {"UnknownKind", Ps(R"("kind":"birth",)" + Id()), RejectReason::kUnknownKind,
       "kind: 'birth' is not a kind public_security sends (death, deregistration, detention)"},
      {"MissingRecordId",
       R"({"source":"health","kind":"death_certificate","agreement_id":"wj-2026-001","schema_version":1})",
       RejectReason::kMissingField, "record_id: missing"},
      {"EmptyRecordId",
       R"({"source":"health","record_id":"","kind":"death_certificate","agreement_id":"wj-2026-001","schema_version":1})",
       RejectReason::kBadField, "record_id: expected a non-empty string"},
      {"LongRecordId",
       R"({"source":"health","record_id":")" + std::string(201, 'r') +
           R"(","kind":"death_certificate","agreement_id":"wj-2026-001","schema_version":1})",
       RejectReason::kBadField, "record_id: 201 bytes, at most 200 allowed"},
      {"MissingKindField", Ps(R"("kind":"death",)" + Id()), RejectReason::kMissingField,
       "death_date: missing; public_security death records require it"},
      {"NoPerson", Ps(R"("kind":"death","death_date":"2026-01-14")"), RejectReason::kMissingField,
       "id_number or id_token: missing"},
      {"TokenWithoutKeyVersion",
       Ps(R"("kind":"death","death_date":"2026-01-14","id_token":")" + std::string(64, 'a') + "\""),
       RejectReason::kMissingField, "key_version: missing; required with id_token"},
      {"SchemaVersionAsString",
       R"({"source":"public_security","record_id":"PS-1","kind":"death","agreement_id":"ps-2026-001","schema_version":"1"})",
       RejectReason::kBadField, "schema_version: expected an integer"},
      {"FutureSchemaVersion",
       R"({"source":"public_security","record_id":"PS-1","kind":"death","agreement_id":"ps-2026-001","schema_version":2})",
       RejectReason::kBadField, "schema_version: 2 is not supported; this xmatch reads version 1"},
      {"BothIdForms", Death(R"(,"id_token":")" + std::string(64, 'a') + R"(","key_version":1)"),
       RejectReason::kBadField, "id_number: give either id_number, or id_token"},
      {"IdNumberAsNumber",
       Ps(R"("kind":"death","death_date":"2026-01-14","id_number":110105194912310021)"),
       RejectReason::kBadField, "id_number: expected a string"},
      {"ShortToken",
       Ps(R"("kind":"death","death_date":"2026-01-14","key_version":1,"id_token":"abc")"),
       RejectReason::kBadField, "id_token: expected 64 hexadecimal characters"},
      {"DeregistrationReasonNotInTheList",
       Ps(R"("kind":"deregistration","date":"2026-02-03","reason":"moved",)" + Id()),
       RejectReason::kBadField, "reason: 'moved' is not one of death, emigration, military, other"},
      {"SchemeNotInTheList", Replace(Pension(R"("1.00")"), "civil_service", "private"),
       RejectReason::kBadField,
       "scheme: 'private' is not one of enterprise_employee, civil_service, urban_rural_resident"},
      {"EmptyCertificateNo",
       R"({"source":"health","record_id":"WJ-1","kind":"death_certificate","agreement_id":"wj-2026-001",)"
       R"("schema_version":1,"id_number":"11010519491231002X","death_date":"2026-02-28","certificate_no":""})",
       RejectReason::kBadField, "certificate_no: expected a non-empty string"},
      {"NameNotAString", Death(R"(,"name":42)"), RejectReason::kBadField,
       "name: expected a string"},
      {"NulInAKeptField", Death(R"(,"name":"a\u0000b")"), RejectReason::kBadField,
       "name: contains \\u0000, which cannot be stored"},
      {"NotACalendarDay", Ps(R"("kind":"death","death_date":"2026-02-30",)" + Id()),
       RejectReason::kBadDate,
       "death_date: '2026-02-30' is not a calendar day (2026-02 has no day 30)"},
      {"NotADate", Ps(R"("kind":"death","death_date":"14/01/2026",)" + Id()),
       RejectReason::kBadDate, "death_date: '14/01/2026' is not a date; write YYYY-MM-DD"},
      {"DateAsNumber", Ps(R"("kind":"death","death_date":20260114,)" + Id()),
       RejectReason::kBadField, "death_date: expected a date string YYYY-MM-DD"},
      {"NotAMonth", Replace(Pension(R"("1.00")"), "2026-02", "2026-13"), RejectReason::kBadDate,
       "period: '2026-13' is not a month (month 13 is not 1..12)"},
      {"EndBeforeStart",
       Ps(R"("kind":"detention","start_date":"2026-02-01","end_date":"2026-01-01",)" + Id()),
       RejectReason::kBadDate, "end_date: 2026-01-01 is before start_date 2026-02-01"},
      {"BadCheckCharacter",
       Ps(R"("kind":"death","death_date":"2026-01-14","id_number":"110105194912310021")"),
       RejectReason::kBadId, "id_number: resident ID check character"},
      {"UnknownKeyVersion",
       Ps(R"("kind":"death","death_date":"2026-01-14","key_version":9,"id_token":")" +
          std::string(64, 'a') + "\""),
       RejectReason::kUnknownKeyVersion, "key_version: 9 is not a token key this xmatch holds"},
      {"UnknownAgreement", Replace(Death(), "ps-2026-001", "ps-9999"),
       RejectReason::kUnknownAgreement, "agreement_id: 'ps-9999' is not a known agreement"},
      {"AgreementOfAnotherSource", Replace(Death(), "ps-2026-001", "sf-2026-001"),
       RejectReason::kAgreementWrongSource,
       "agreement_id: 'sf-2026-001' covers justice records, not public_security"},
      {"AgreementOfAnotherKind",
       Replace(Ps(R"("kind":"detention","start_date":"2026-02-01",)" + Id()), "ps-2026-001",
               "ps-2026-address"),
       RejectReason::kAgreementWrongKind,
       "agreement_id: 'ps-2026-address' does not cover kind detention"},
      {"AgreementExpired", Replace(Death(), "ps-2026-001", "ps-2020-001"),
       RejectReason::kAgreementNotInForce,
       "agreement_id: 'ps-2020-001' is in force from 2020-01-01 to 2020-12-31, not on 2026-03-20"},
  };
  return cases;
}

class RejectCaseTest : public ParserTest, public ::testing::WithParamInterface<RejectCase> {};

TEST_P(RejectCaseTest, HasItsReasonAndAMessageNamingTheField) {
  const RejectCase& c = GetParam();
  Reject r = RejectOf(c.json, c.expected_source);
  EXPECT_EQ(RejectReasonCode(r.reason), RejectReasonCode(c.reason));
  EXPECT_EQ(r.message.substr(0, c.message_starts_with.size()), c.message_starts_with)
      << "full message: " << r.message;
  EXPECT_EQ(r.payload.find("11010519491231002"), std::string::npos) << r.payload;
}

INSTANTIATE_TEST_SUITE_P(Every, RejectCaseTest, ::testing::ValuesIn(RejectCases()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(RejectReasons, EveryReasonHasACase) {
  std::set<std::string_view> covered;
  for (const RejectCase& c : RejectCases()) covered.insert(RejectReasonCode(c.reason));
  EXPECT_EQ(covered.size(), 13u);
}

TEST(RejectReasons, CodesAreTheStoredNames) {
  EXPECT_EQ(RejectReasonCode(RejectReason::kBadJson), "bad_json");
  EXPECT_EQ(RejectReasonCode(RejectReason::kAgreementNotInForce), "agreement_not_in_force");
  EXPECT_EQ(RejectReasonCode(RejectReason::kUnknownKeyVersion), "unknown_key_version");
}

// ---- What a reject carries, and what it must not -------------------------------------

TEST_F(ParserTest, RejectPayloadCarriesTheTokenInPlaceOfAValidId) {
  Reject r = RejectOf(Replace(Death(), "2026-01-14", "2026-02-30"));
  EXPECT_EQ(r.reason, RejectReason::kBadDate);
  EXPECT_EQ(r.source, "public_security");
  EXPECT_EQ(r.agreement_id, "ps-2026-001");
  EXPECT_EQ(r.payload.find(kId), std::string::npos);
  EXPECT_NE(r.payload.find(R"("id_token":")" + TokenOf(keyring_, kId) + R"(","key_version":2)"),
            std::string::npos)
      << r.payload;
  EXPECT_NE(r.payload.find(R"("death_date":"2026-02-30")"), std::string::npos) << r.payload;
}

TEST_F(ParserTest, RejectPayloadRedactsAnInvalidId) {
  Reject r =
      RejectOf(Ps(R"("kind":"death","death_date":"2026-01-14","id_number":"110105194912310021")"));
  EXPECT_EQ(r.reason, RejectReason::kBadId);
  EXPECT_NE(r.payload.find(R"("id_number":"[invalid ID redacted]")"), std::string::npos);
  EXPECT_EQ(r.payload.find("110105194912310021"), std::string::npos);
  EXPECT_EQ(r.message.find("110105194912310021"), std::string::npos);
}

TEST_F(ParserTest, LegacyIdIsReplacedInTheRejectPayloadToo) {
  Reject r = RejectOf(Replace(Replace(Death(), kId, "110105491231002"), "ps-2026-001", "ps-9999"));
  EXPECT_EQ(r.payload.find("110105491231002"), std::string::npos) << r.payload;
  EXPECT_NE(r.payload.find(TokenOf(keyring_, kId)), std::string::npos) << r.payload;
}

TEST_F(ParserTest, UnparseableMessageHasIdShapedRunsRedacted) {
  Reject r = RejectOf(R"({"id_number":"11010519491231002X","name":"王建国",)");
  EXPECT_EQ(r.reason, RejectReason::kBadJson);
  EXPECT_EQ(r.payload.find("11010519491231002"), std::string::npos) << r.payload;
  EXPECT_NE(r.payload.find("[ID redacted]"), std::string::npos) << r.payload;
  EXPECT_NE(r.payload.find("王建国"), std::string::npos) << "other text is kept";
}

TEST_F(ParserTest, UnparseableMessageIsStoredAsValidUtf8WithoutNul) {
  Reject r = RejectOf(std::string("{\"name\":\"\xff\xfe\0x", 13));
  EXPECT_EQ(r.reason, RejectReason::kBadJson);
  EXPECT_EQ(r.payload.find('\0'), std::string::npos);
  EXPECT_EQ(r.payload.find('\xff'), std::string::npos);
  EXPECT_NE(r.payload.find("\xEF\xBF\xBD"), std::string::npos);
}

TEST_F(ParserTest, IdsElsewhereInTheMessageAreRedactedFromPayloadAndMessage) {
  // An ID in another member, one spelled with \u escapes, and one used as a source.
  Reject r = RejectOf(
      R"({"source":"11010519491231002X","note":"\u0031\u00310105194912310021","spouse":"110105194912310021"})");
  EXPECT_EQ(r.reason, RejectReason::kUnknownSource);
  EXPECT_EQ(r.message,
            "source: '[ID redacted]' is not one of public_security, justice, health, pension");
  EXPECT_EQ(r.payload.find("0105194912310"), std::string::npos) << r.payload;
  EXPECT_EQ(r.source, "");
}

TEST_F(ParserTest, RejectSourceIsTheFeedsSourceWhenGiven) {
  EXPECT_EQ(RejectOf("not json", "health").source, "health");
  EXPECT_EQ(RejectOf(Death(), "justice").source, "justice");
}

TEST(RecordParser, RefusesToStartWithoutTokenKeys) {
  TokenKeyring empty;
  AgreementRegistry agreements;
  EXPECT_THROW(RecordParser(empty, agreements), std::invalid_argument);
}

}  // namespace
}  // namespace xmatch::connectors
