// One public_security message per reject reason (and a few valid ones), for the landing
// tests of both paths: `feed import --source public_security` and the
// public_security.records topic. The agreements are those of test_records.h and
// ConnectEnv: ps-2026-001 (death, deregistration, detention; name), ps-2026-address
// (death; address), ps-2020-001 (expired), sf-2026-001 (justice). Token key version 1.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace xmatch::connectors::testing {

constexpr char kValidId[] = "11010519491231002X";  // never to be found in rejects

inline std::string PsMessage(const std::string& record_id, const std::string& more) {
  return R"({"source":"public_security","record_id":")" + record_id + R"(","schema_version":1,)" +
         more + "}";
}

inline std::string PsDeath(const std::string& record_id, const std::string& agreement = "ps-2026-001",
                           const std::string& extra = "") {
  return PsMessage(record_id, R"("kind":"death","agreement_id":")" + agreement +
                                  R"(","id_number":"11010519491231002X","death_date":"2026-01-14")" +
                                  extra);
}

// reason code -> message.
inline std::vector<std::pair<std::string, std::string>> RejectLines() {
  return {
      {"bad_json", R"({"source":"public_security","record_id":)"},
      {"unknown_source", R"({"source":"tax","record_id":"x1","kind":"death","agreement_id":"ps-2026-001","schema_version":1,"id_number":"11010519491231002X","death_date":"2026-01-14"})"},
      {"source_mismatch", R"({"source":"justice","record_id":"x2","kind":"release","agreement_id":"sf-2026-001","schema_version":1,"id_number":"11010519491231002X","release_date":"2026-01-14"})"},
      {"unknown_kind", PsMessage("x3", R"("kind":"birth","agreement_id":"ps-2026-001","id_number":"11010519491231002X")")},
      {"missing_field", PsMessage("x4", R"("kind":"death","agreement_id":"ps-2026-001","id_number":"11010519491231002X")")},
      {"bad_field", R"({"source":"public_security","record_id":5,"kind":"death","agreement_id":"ps-2026-001","schema_version":1,"id_number":"11010519491231002X","death_date":"2026-01-14"})"},
      {"bad_date", PsMessage("x6", R"("kind":"death","agreement_id":"ps-2026-001","id_number":"11010519491231002X","death_date":"2026-02-30")")},
      {"bad_id", PsMessage("x7", R"("kind":"death","agreement_id":"ps-2026-001","id_number":"110105194912310021","death_date":"2026-01-14")")},
      {"unknown_key_version", PsMessage("x8", R"("kind":"death","agreement_id":"ps-2026-001","id_token":"00000000000000000000000000000000000000000000000000000000000000aa","key_version":9,"death_date":"2026-01-14")")},
      {"unknown_agreement", PsDeath("x9", "ps-1999-404")},
      {"agreement_wrong_source", PsDeath("x10", "sf-2026-001")},
      {"agreement_wrong_kind", PsMessage("x11", R"("kind":"detention","agreement_id":"ps-2026-address","id_number":"11010519491231002X","start_date":"2026-01-14")")},
      {"agreement_not_in_force", PsDeath("x12", "ps-2020-001")},
  };
}

// Valid messages: two records, one of them sent twice (the second, different, copy
// changes nothing), one with a field its agreement does not allow (dropped, counted).
inline std::vector<std::string> ValidLines() {
  return {
      PsDeath("ok-1"),
      PsDeath("ok-2", "ps-2026-001", R"(,"address":"河南省三门峡市","name":"王建国")"),
      PsMessage("ok-1", R"("kind":"death","agreement_id":"ps-2026-001","id_number":"11010519491231002X","death_date":"2026-03-01")"),
  };
}

}  // namespace xmatch::connectors::testing
