#include "matcher/run/clue_row.h"

#include <openssl/evp.h>

#include <nlohmann/json.hpp>

#include "matcher/run/shard.h"

namespace xmatch::matcher {
namespace {

using Json = nlohmann::json;

// The contract's field names (CONTRACT §1.3) for a kind's typed columns.
struct FieldNames {
  const char* event_date;
  const char* end_date;  // nullptr: the kind has none
  const char* reason;    // nullptr: the kind has none
};

FieldNames NamesOf(RecordKind kind) {
  switch (kind) {
    case RecordKind::kDeath: return {"death_date", nullptr, nullptr};
    case RecordKind::kDeregistration: return {"date", nullptr, "reason"};
    case RecordKind::kDetention: return {"start_date", "end_date", nullptr};
    case RecordKind::kImprisonment: return {"start_date", "expected_release", nullptr};
    case RecordKind::kRelease: return {"release_date", nullptr, nullptr};
    case RecordKind::kCommunityCorrection: return {"start_date", "end_date", nullptr};
    case RecordKind::kDeathCertificate: return {"death_date", nullptr, nullptr};
    case RecordKind::kPensionPayment: return {"period", nullptr, "scheme"};
    case RecordKind::kPensionStop: return {"date", nullptr, "reason"};
  }
  return {"date", nullptr, nullptr};
}

Json RecordFinding(const DeptRecord& r) {
  const FieldNames names = NamesOf(r.kind);
  Json j = {{"source", SourceName(r.source())},
            {"record_id", r.record_id},
            {"kind", RecordKindName(r.kind)}};
  j[names.event_date] = r.kind == RecordKind::kPensionPayment ? r.event_date.month_of().ToString()
                                                              : r.event_date.ToString();
  if (names.end_date != nullptr && r.end_date) j[names.end_date] = r.end_date->ToString();
  if (names.reason != nullptr && !r.reason.empty()) j[names.reason] = r.reason;
  if (r.amount) j["amount"] = r.amount->ToString();
  return j;
}

Json Origin(const RecordOrigin& o) {
  if (!o.topic.empty()) return {{"topic", o.topic}, {"partition", o.partition}, {"offset", o.offset}};
  return {{"file", o.file}, {"line", o.line}};
}

std::string Sha256Hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("EVP_Digest(SHA-256) failed");  // OpenSSL broken: a bug
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xF];
  }
  return hex;
}

std::string Dump(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

ClueRow MakeClueRow(const Clue& clue, const RollTable& roll, const DeptRecordTable& records) {
  Json finding = {{"rule", RuleName(clue.rule)}};
  Json& found_records = finding["records"] = Json::array();
  for (uint32_t i : clue.records) found_records.push_back(RecordFinding(records[i]));
  Json& overpaid = finding["overpaid"] = Json::array();
  for (const Payment& p : clue.overpaid) {
    overpaid.push_back({{"period", p.period.ToString()}, {"amount", p.amount.ToString()}});
  }
  if (clue.rule == Rule::kDuplicateEnrollment) {
    Json& others = finding["other_members"] = Json::array();
    for (uint32_t row : clue.other_rows) others.push_back(roll.member_id(row));
  }

  ClueRow row;
  row.evidence_hash = Sha256Hex(Dump(finding));
  for (size_t k = 0; k < clue.records.size(); ++k) {
    found_records[k]["origin"] = Origin(records[clue.records[k]].origin);
  }
  finding["rule_version"] = kRuleSetVersion;
  row.evidence = Dump(finding);

  row.clue_key = clue.key;
  row.rule = clue.rule;
  row.member_id = roll.member_id(clue.row);
  row.household_id = roll.household_id(clue.row);
  row.region_code = roll.region_code(clue.row);
  row.token_key = TokenKeyOf(roll.person(clue.row).key64);
  row.program = roll.program(clue.row);
  row.overpaid_periods = clue.overpaid_periods();
  row.overpaid_amount = clue.overpaid_amount;
  return row;
}

}  // namespace xmatch::matcher
