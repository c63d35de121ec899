// Why a department record was refused, in the form the rejects table stores
// (schemas/sql/0001_init.sql): a stable reason code, a message for the person who has to
// fix the feed, and the payload with every resident ID number replaced by its token.
#pragma once

#include <string>
#include <string_view>

namespace xmatch::connectors {

enum class RejectReason {
  kBadJson,               // not one JSON object (syntax, trailing text, duplicate key)
  kUnknownSource,         // `source` is not one of the four departments
  kSourceMismatch,        // `source` differs from the topic's (or --source's) source
  kUnknownKind,           // the source does not send this kind
  kMissingField,          // a required field is absent
  kBadField,              // wrong JSON type or format (money, enum, text, integer)
  kBadDate,               // a date or period that is malformed or not a calendar day
  kBadId,                 // id_number fails GB 11643 (shape, birth date, check character)
  kUnknownKeyVersion,     // id_token made under a key version we do not hold
  kUnknownAgreement,      // no agreement with that agreement_id
  kAgreementWrongSource,  // the agreement covers another source
  kAgreementWrongKind,    // the agreement does not cover this kind
  kAgreementNotInForce,   // the agreement is not in force on the day of receipt
};

// The text stored in rejects.reason_code: "bad_json", "unknown_source", ... (the
// enumerator's name in snake_case). Stable: reports and alerts filter on it.
std::string_view RejectReasonCode(RejectReason reason);

// A refused record. Holds no resident ID number: `message` names the field and the rule
// (values are quoted only after ID redaction), `payload` has each ID replaced.
struct Reject {
  RejectReason reason;
  // rejects.reason, e.g. "death_date: '2026-02-30' is not a calendar day (...)".
  std::string message;
  std::string payload;       // rejects.payload
  // rejects.source: the feed's expected source, else the message's if it is one of the
  // four; may be empty.
  std::string source;
  std::string agreement_id;  // rejects.agreement_id as the message gave it; may be empty
};

}  // namespace xmatch::connectors
