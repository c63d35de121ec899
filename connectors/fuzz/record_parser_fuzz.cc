// libFuzzer entry point for RecordParser (build: see connectors/CMakeLists.txt).
//
// Besides not crashing, every outcome must keep the parser's promises: an accepted
// record carries a lowercase 64-hex token and a `fields` text that is one valid JSON
// object; a reject's message and payload hold no ID-shaped digit run.
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

#include <simdjson.h>

#include "common/logging.h"
#include "connectors/record_parser.h"

namespace {

using namespace xmatch;
using namespace xmatch::connectors;

const TokenKeyring& Keyring() {
  static const TokenKeyring keyring =
      TokenKeyring::FromSecrets({{1, "fuzz key one, 32 bytes long ...."},
                                 {2, "fuzz key two, 32 bytes long ...."}});
  return keyring;
}

const AgreementRegistry& Agreements() {
  static const AgreementRegistry registry = [] {
    const Date from = Date::FromValidYmd(2026, 1, 1);
    const Date to = Date::FromValidYmd(2027, 12, 31);
    Result<AgreementRegistry> r = AgreementRegistry::FromAgreements({
        {"ps-2026-001", "public_security", {"death", "deregistration", "detention"},
         {"name", "address"}, "fuzz", from, to, 1095, "fuzz"},
        {"sf-2026-001", "justice", {"imprisonment", "release", "community_correction"}, {},
         "fuzz", from, to, 1095, "fuzz"},
        {"wj-2026-001", "health", {"death_certificate"}, {"name"}, "fuzz", from, to, 1095,
         "fuzz"},
        {"rs-2026-001", "pension", {"pension_payment", "pension_stop"}, {}, "fuzz", from, to,
         1095, "fuzz"},
    });
    if (!r.ok()) std::abort();
    return *r;
  }();
  return registry;
}

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static RecordParser parser(Keyring(), Agreements());
  static simdjson::dom::parser json;
  const std::string_view message(reinterpret_cast<const char*>(data), size);
  ParseOutcome outcome = parser.Parse(message, {"", Date::FromValidYmd(2026, 3, 20)});
  if (const auto* record = std::get_if<DepartmentRecord>(&outcome)) {
    Check(record->id_token.size() == 64);
    for (char c : record->id_token) Check((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    simdjson::dom::element fields;
    Check(json.parse(record->fields_json).get(fields) == simdjson::SUCCESS);
    Check(fields.is_object());
  } else {
    const Reject& reject = std::get<Reject>(outcome);
    Check(RedactIdNumbers(reject.message) == reject.message);
    Check(RedactIdNumbers(reject.payload) == reject.payload);
  }
  return 0;
}
