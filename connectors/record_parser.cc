#include "connectors/record_parser.h"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <utility>

#include "common/logging.h"
#include "common/money.h"
#include "common/resident_id.h"
#include "connectors/record_kinds.h"
#include "connectors/reject_payload.h"

namespace xmatch::connectors {
namespace {

constexpr std::string_view kSources = "public_security, justice, health, pension";

struct Failure {
  RejectReason reason;
  std::string message;  // redacted and made storable when the Reject is built
};
using Check = std::optional<Failure>;

Failure Fail(RejectReason reason, std::string message) { return {reason, std::move(message)}; }

// A value quoted for a reject message: ID-shaped runs redacted before it is cut to 40
// bytes (so no part of an ID survives the cut); StorableRejectText later repairs a
// UTF-8 sequence cut here.
std::string Quoted(std::string_view value) {
  constexpr size_t kMax = 40;
  const std::string redacted = RedactIdNumbers(value);
  std::string out = "'";
  out += redacted.substr(0, kMax);
  out += redacted.size() > kMax ? "...'" : "'";
  return out;
}

std::string Join(const std::vector<std::string_view>& values) {
  std::string out;
  for (std::string_view v : values) {
    if (!out.empty()) out += ", ";
    out += v;
  }
  return out;
}

std::string KindsOf(std::string_view source) {
  std::vector<std::string_view> kinds;
  for (const KindSpec& spec : AllKinds()) {
    if (spec.source == source) kinds.push_back(spec.kind);
  }
  return Join(kinds);
}

bool IsCommonField(std::string_view key) {
  return key == "source" || key == "record_id" || key == "kind" || key == "agreement_id" ||
         key == "schema_version";
}

bool IsIdentityField(std::string_view key) {
  return key == "id_number" || key == "id_token" || key == "key_version";
}

bool IsDateShaped(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// Validates one message's members into *record. Holds views into the members; lives for
// one Parse() call.
class Validation {
 public:
  Validation(const std::vector<JsonMember>& members, const TokenKeyring& keyring,
             const AgreementRegistry& agreements, const MessageContext& context)
      : members_(members), keyring_(keyring), agreements_(agreements), context_(context) {}

  Check Run(DepartmentRecord* record) {
    record_ = record;
    if (Check failed = Source()) return failed;
    if (Check failed = Header()) return failed;
    if (Check failed = Person()) return failed;
    if (Check failed = KindFields()) return failed;
    if (Check failed = AgreementInForce()) return failed;
    return Minimize();
  }

 private:
  const JsonMember* Find(std::string_view key) const {
    for (const JsonMember& m : members_) {
      if (m.key == key) return &m;
    }
    return nullptr;
  }

  // A required string member; missing_field when absent, bad_field unless a non-empty
  // string.
  Check RequiredString(std::string_view key, std::string_view* out) const {
    const JsonMember* m = Find(key);
    if (m == nullptr) return Fail(RejectReason::kMissingField, std::string(key) + ": missing");
    if (m->type != JsonType::kString || m->text.empty()) {
      return Fail(RejectReason::kBadField, std::string(key) + ": expected a non-empty string");
    }
    *out = m->text;
    return std::nullopt;
  }

  Check Source() {
    std::string_view source;
    if (Check failed = RequiredString("source", &source)) {
      failed->message += std::string("; one of ") + std::string(kSources);
      return failed;
    }
    if (!IsKnownSource(source)) {
      return Fail(RejectReason::kUnknownSource,
                  "source: " + Quoted(source) + " is not one of " + std::string(kSources));
    }
    if (!context_.expected_source.empty() && source != context_.expected_source) {
      return Fail(RejectReason::kSourceMismatch,
                  "source: " + Quoted(source) + " arrived on the feed for " +
                      context_.expected_source + "; send it on that source's topic or file");
    }
    record_->source = source;
    return std::nullopt;
  }

  Check Header() {
    std::string_view record_id, kind, agreement_id;
    if (Check failed = RequiredString("record_id", &record_id)) return failed;
    if (record_id.size() > RecordParser::kMaxRecordIdBytes) {
      return Fail(RejectReason::kBadField,
                  "record_id: " + std::to_string(record_id.size()) + " bytes, at most " +
                      std::to_string(RecordParser::kMaxRecordIdBytes) + " allowed");
    }
    if (Check failed = RequiredString("kind", &kind)) return failed;
    kind_ = FindKind(record_->source, kind);
    if (kind_ == nullptr) {
      return Fail(RejectReason::kUnknownKind, "kind: " + Quoted(kind) + " is not a kind " +
                                                  record_->source + " sends (" +
                                                  KindsOf(record_->source) + ")");
    }
    if (Check failed = RequiredString("agreement_id", &agreement_id)) return failed;
    const JsonMember* version = Find("schema_version");
    if (version == nullptr) {
      return Fail(RejectReason::kMissingField, "schema_version: missing; this xmatch reads 1");
    }
    if (version->type != JsonType::kInteger) {
      return Fail(RejectReason::kBadField, "schema_version: expected an integer");
    }
    if (version->integer != RecordParser::kSchemaVersion) {
      return Fail(RejectReason::kBadField,
                  "schema_version: " + std::to_string(version->integer) +
                      " is not supported; this xmatch reads version " +
                      std::to_string(RecordParser::kSchemaVersion));
    }
    record_->record_id = record_id;
    record_->kind = kind;
    record_->agreement_id = agreement_id;
    record_->schema_version = RecordParser::kSchemaVersion;
    return std::nullopt;
  }

  Check Person() {
    const JsonMember* id_number = Find("id_number");
    const JsonMember* id_token = Find("id_token");
    const JsonMember* key_version = Find("key_version");
    if (id_number != nullptr && (id_token != nullptr || key_version != nullptr)) {
      return Fail(RejectReason::kBadField,
                  "id_number: give either id_number, or id_token with key_version, not both");
    }
    if (id_number != nullptr) {
      if (id_number->type != JsonType::kString) {
        return Fail(RejectReason::kBadField,
                    "id_number: expected a string (a number would lose a trailing X)");
      }
      Result<ResidentId> id = ResidentId::Parse(id_number->text);
      if (!id.ok()) return Fail(RejectReason::kBadId, "id_number: " + id.status().message());
      record_->id_token = keyring_.Tokenize(*id);
      record_->key_version = keyring_.current_version();
      return std::nullopt;
    }
    if (id_token == nullptr) {
      return Fail(RejectReason::kMissingField,
                  "id_number or id_token: missing; every record names its person by one");
    }
    if (id_token->type != JsonType::kString || !LooksLikeToken(id_token->text)) {
      return Fail(RejectReason::kBadField,
                  "id_token: expected 64 hexadecimal characters (HMAC-SHA256 of the ID)");
    }
    if (key_version == nullptr) {
      return Fail(RejectReason::kMissingField,
                  "key_version: missing; required with id_token");
    }
    if (key_version->type != JsonType::kInteger) {
      return Fail(RejectReason::kBadField, "key_version: expected an integer");
    }
    if (key_version->integer < 1 || key_version->integer > INT32_MAX ||
        !keyring_.has_version(static_cast<int>(key_version->integer))) {
      return Fail(RejectReason::kUnknownKeyVersion,
                  "key_version: " + std::to_string(key_version->integer) +
                      " is not a token key this xmatch holds (current is " +
                      std::to_string(keyring_.current_version()) +
                      "); load that key version, or have the department tokenize with ours");
    }
    record_->id_token.resize(id_token->text.size());
    for (size_t i = 0; i < id_token->text.size(); ++i) {
      const char c = id_token->text[i];
      record_->id_token[i] = c >= 'A' && c <= 'F' ? static_cast<char>(c - 'A' + 'a') : c;
    }
    record_->key_version = static_cast<int>(key_version->integer);
    return std::nullopt;
  }

  Check KindFields() {
    if (const JsonMember* name = Find("name");
        name != nullptr && name->type != JsonType::kString) {
      return Fail(RejectReason::kBadField, "name: expected a string");
    }
    for (const FieldSpec& spec : kind_->fields) {
      const JsonMember* m = Find(spec.name);
      if (m == nullptr || (m->type == JsonType::kNull && !spec.required)) {
        if (!spec.required) continue;
        return Fail(RejectReason::kMissingField,
                    std::string(spec.name) + ": missing; " + record_->source + " " +
                        record_->kind + " records require it");
      }
      if (Check failed = ReadField(spec, *m)) return failed;
    }
    return EndNotBeforeStart();
  }

  Check ReadField(const FieldSpec& spec, const JsonMember& m) {
    const std::string name(spec.name);
    switch (spec.type) {
      case FieldType::kDate: {
        if (m.type != JsonType::kString) {
          return Fail(RejectReason::kBadField, name + ": expected a date string YYYY-MM-DD");
        }
        Result<Date> date = Date::Parse(m.text);
        if (!date.ok()) return DateFailure(name, m.text, date.status());
        Store(spec.column, *date);
        return std::nullopt;
      }
      case FieldType::kMonth: {
        if (m.type != JsonType::kString) {
          return Fail(RejectReason::kBadField, name + ": expected a month string YYYY-MM");
        }
        Result<Month> month = Month::Parse(m.text);
        if (!month.ok()) {
          return Fail(RejectReason::kBadDate,
                      name + ": " + Quoted(m.text) + " is not a month (" +
                          month.status().message() + ")");
        }
        Store(spec.column, month->first_day());
        return std::nullopt;
      }
      case FieldType::kMoney: {
        std::string_view text;
        if (m.type == JsonType::kString) {
          text = m.text;
        } else if (m.type == JsonType::kInteger || m.type == JsonType::kNumber) {
          text = m.raw;  // the number as written: 650.5 stays 650.5, never a double
        } else {
          return Fail(RejectReason::kBadField,
                      name + ": expected yuan as a string or number, e.g. \"650.50\"");
        }
        Result<Money> money = Money::Parse(text);
        if (!money.ok()) {
          return Fail(RejectReason::kBadField, name + ": " + Quoted(text) +
                                                   " is not an amount (" +
                                                   money.status().message() + ")");
        }
        if (money->fen() < 0) {
          return Fail(RejectReason::kBadField, name + ": " + Quoted(text) + " is negative");
        }
        record_->amount = *money;
        return std::nullopt;
      }
      case FieldType::kEnum: {
        if (m.type != JsonType::kString) {
          return Fail(RejectReason::kBadField,
                      name + ": expected a string, one of " + Join(spec.values));
        }
        for (std::string_view value : spec.values) {
          if (m.text == value) {
            record_->reason = std::string(value);
            return std::nullopt;
          }
        }
        return Fail(RejectReason::kBadField,
                    name + ": " + Quoted(m.text) + " is not one of " + Join(spec.values));
      }
      case FieldType::kText:
        if (m.type != JsonType::kString || m.text.empty()) {
          return Fail(RejectReason::kBadField, name + ": expected a non-empty string");
        }
        return std::nullopt;
    }
    return std::nullopt;
  }

  static Failure DateFailure(const std::string& name, std::string_view text,
                             const Status& why) {
    if (!IsDateShaped(text)) {
      return Fail(RejectReason::kBadDate,
                  name + ": " + Quoted(text) + " is not a date; write YYYY-MM-DD, e.g. 2024-02-29");
    }
    return Fail(RejectReason::kBadDate,
                name + ": " + Quoted(text) + " is not a calendar day (" + why.message() + ")");
  }

  void Store(Column column, Date date) {
    if (column == Column::kEventDate) record_->event_date = date;
    if (column == Column::kEndDate) record_->end_date = date;
  }

  Check EndNotBeforeStart() const {
    if (!record_->event_date || !record_->end_date ||
        *record_->end_date >= *record_->event_date) {
      return std::nullopt;
    }
    std::string_view start, end;
    for (const FieldSpec& spec : kind_->fields) {
      if (spec.column == Column::kEventDate) start = spec.name;
      if (spec.column == Column::kEndDate) end = spec.name;
    }
    return Fail(RejectReason::kBadDate, std::string(end) + ": " +
                                            record_->end_date->ToString() + " is before " +
                                            std::string(start) + " " +
                                            record_->event_date->ToString());
  }

  Check AgreementInForce() {
    const std::string& id = record_->agreement_id;
    const std::string quoted = Quoted(id);
    switch (agreements_.Check(id, record_->source, record_->kind, context_.received_on)) {
      case AgreementCheck::kOk:
        agreement_ = agreements_.Find(id);
        return std::nullopt;
      case AgreementCheck::kUnknown:
        return Fail(RejectReason::kUnknownAgreement,
                    "agreement_id: " + quoted +
                        " is not a known agreement; add its YAML file to agreements_dir");
      case AgreementCheck::kWrongSource:
        return Fail(RejectReason::kAgreementWrongSource,
                    "agreement_id: " + quoted + " covers " + agreements_.Find(id)->provider +
                        " records, not " + record_->source);
      case AgreementCheck::kWrongKind:
        return Fail(RejectReason::kAgreementWrongKind,
                    "agreement_id: " + quoted + " does not cover kind " + record_->kind);
      case AgreementCheck::kNotInForce: {
        const Agreement& a = *agreements_.Find(id);
        return Fail(RejectReason::kAgreementNotInForce,
                    "agreement_id: " + quoted + " is in force from " + a.valid_from.ToString() +
                        " to " + a.valid_to.ToString() + ", not on " +
                        context_.received_on.ToString() + " when the record was received");
      }
    }
    return Fail(RejectReason::kUnknownAgreement, "agreement_id: " + quoted + " cannot be checked");
  }

  bool IsKindField(std::string_view key) const {
    for (const FieldSpec& spec : kind_->fields) {
      if (spec.name == key) return true;
    }
    return false;
  }

  // Builds `fields` from the kind's own fields and the optional fields the agreement
  // allows; names every other optional field in dropped_fields.
  Check Minimize() {
    std::string& fields = record_->fields_json;
    fields = "{";
    for (const JsonMember& m : members_) {
      if (IsCommonField(m.key) || IsIdentityField(m.key)) continue;
      if (!IsKindField(m.key) && agreement_->fields.count(std::string(m.key)) == 0) {
        record_->dropped_fields.emplace_back(m.key);
        continue;
      }
      // PostgreSQL's jsonb cannot hold U+0000 in a string.
      if (m.raw.find("\\u0000") != std::string_view::npos) {
        return Fail(RejectReason::kBadField,
                    std::string(m.key) + ": contains \\u0000, which cannot be stored");
      }
      if (fields.size() > 1) fields += ',';
      AppendJsonString(m.key, &fields);
      fields += ':';
      fields += m.raw;
    }
    fields += '}';
    return std::nullopt;
  }

  const std::vector<JsonMember>& members_;
  const TokenKeyring& keyring_;
  const AgreementRegistry& agreements_;
  const MessageContext& context_;
  DepartmentRecord* record_ = nullptr;
  const KindSpec* kind_ = nullptr;          // set by Header()
  const Agreement* agreement_ = nullptr;    // set by AgreementInForce()
};

}  // namespace

RecordParser::RecordParser(const TokenKeyring& keyring, const AgreementRegistry& agreements)
    : keyring_(keyring), agreements_(agreements) {
  if (keyring_.empty()) {
    throw std::invalid_argument(
        "RecordParser needs at least one token key: set token_keys or XMATCH_TOKEN_KEYS");
  }
}

ParseOutcome RecordParser::Parse(std::string_view message, const MessageContext& context) {
  Status json = reader_.Read(message, &members_);
  if (!json.ok()) {
    return Reject{RejectReason::kBadJson, StorableRejectText(json.message()),
                  StorableRejectText(message), context.expected_source, ""};
  }
  DepartmentRecord record;
  Check failed = Validation(members_, keyring_, agreements_, context).Run(&record);
  if (!failed) return record;

  Reject reject{failed->reason, StorableRejectText(failed->message),
                RejectPayload(members_, keyring_), context.expected_source, ""};
  for (const JsonMember& m : members_) {
    if (m.type != JsonType::kString) continue;
    if (m.key == "source" && reject.source.empty() && IsKnownSource(m.text)) {
      reject.source = m.text;
    }
    if (m.key == "agreement_id" && m.text.size() <= 200) {
      reject.agreement_id = StorableRejectText(m.text);
    }
  }
  return reject;
}

}  // namespace xmatch::connectors
