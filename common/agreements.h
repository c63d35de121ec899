// Data-sharing agreements (CONTRACT §1.4): one YAML file per agreement in a directory.
//
// An AgreementRegistry is loaded once and is read-only afterwards (safe to share between
// threads). It answers the questions the connectors ask of every record: is this
// agreement known, does it cover this source and kind, is it in force on the day the
// record was received, and which optional fields may be kept.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/date.h"
#include "common/result.h"

namespace xmatch {

struct Agreement {
  std::string id;                 // what records carry as agreement_id
  std::string provider;           // the source it covers: public_security, justice, health, pension
  std::set<std::string> kinds;    // record kinds it covers
  std::set<std::string> fields;   // optional fields allowed beyond the kind's own
  std::string purpose;
  Date valid_from;
  Date valid_to;                  // inclusive
  int retention_days = 0;
  std::string file;               // where it was read from

  bool InForceOn(Date day) const { return valid_from <= day && day <= valid_to; }
};

// Why an agreement check failed; the connectors store the code in rejects.reason_code.
enum class AgreementCheck {
  kOk,
  kUnknown,        // no agreement with that id
  kWrongSource,    // covers another source
  kWrongKind,      // does not cover this kind
  kNotInForce,     // not in force on the day of receipt
};

class AgreementRegistry {
 public:
  AgreementRegistry() = default;

  // Reads every *.yaml / *.yml file in `dir`. Errors name the file and the field:
  //   "config/agreements/ps.yaml: valid_to: '2027-13-01' is not a date (YYYY-MM-DD)".
  // Two files with the same id, an unknown provider or kind, valid_to before
  // valid_from, or a missing required field are errors.
  static Result<AgreementRegistry> LoadDir(const std::string& dir);
  static Result<AgreementRegistry> FromAgreements(std::vector<Agreement> agreements);

  const Agreement* Find(const std::string& id) const;
  AgreementCheck Check(const std::string& id, const std::string& source,
                       const std::string& kind, Date received_on) const;
  const std::map<std::string, Agreement>& all() const { return by_id_; }

 private:
  std::map<std::string, Agreement> by_id_;
};

// The kinds each source may send (CONTRACT §1.3).
const std::map<std::string, std::set<std::string>>& KindsBySource();

}  // namespace xmatch
