// The keyring and agreements department records are checked against in the connectors'
// unit tests and in bench/connect_bench.cc (no GoogleTest here): two key versions and
// the agreements the examples in schemas/json/examples/ and generated_records.h are sent
// under, plus a few more for the agreement rejects. In force 2026-01-01..2027-12-31.
#pragma once

#include <stdexcept>
#include <utility>
#include <vector>

#include "common/agreements.h"
#include "common/date.h"
#include "common/token.h"

namespace xmatch::connectors::testing {

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

}  // namespace xmatch::connectors::testing
