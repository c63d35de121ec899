#include "connectors/reject.h"

namespace xmatch::connectors {

std::string_view RejectReasonCode(RejectReason reason) {
  switch (reason) {
    case RejectReason::kBadJson: return "bad_json";
    case RejectReason::kUnknownSource: return "unknown_source";
    case RejectReason::kSourceMismatch: return "source_mismatch";
    case RejectReason::kUnknownKind: return "unknown_kind";
    case RejectReason::kMissingField: return "missing_field";
    case RejectReason::kBadField: return "bad_field";
    case RejectReason::kBadDate: return "bad_date";
    case RejectReason::kBadId: return "bad_id";
    case RejectReason::kUnknownKeyVersion: return "unknown_key_version";
    case RejectReason::kUnknownAgreement: return "unknown_agreement";
    case RejectReason::kAgreementWrongSource: return "agreement_wrong_source";
    case RejectReason::kAgreementWrongKind: return "agreement_wrong_kind";
    case RejectReason::kAgreementNotInForce: return "agreement_not_in_force";
  }
  return "unknown";  // unreachable: every enumerator is listed above
}

}  // namespace xmatch::connectors
