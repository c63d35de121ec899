// Synthetic, valid department records for the connector tests, the test producer and the
// benchmark: record i comes from source i % 4, has record_id "r<i>" and a made-up token
// under key version 1, and is sent under the agreements of test_agreements.h (which
// ConnectEnv writes, under the same ids, as YAML files for the `xmatch` child processes).
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include <fmt/format.h>

namespace xmatch::connectors::testing {

inline const std::array<const char*, 4>& GeneratedSources() {
  static const std::array<const char*, 4> kSources = {"public_security", "justice", "health",
                                                      "pension"};
  return kSources;
}

// The default topic of record i's source (CONTRACT §1.3).
inline std::string GeneratedTopic(int64_t i) {
  return std::string(GeneratedSources()[i % 4]) + ".records";
}

// Record i as a JSON message; `padding` bytes of an extra field the agreements do not
// allow (dropped on landing) when non-zero.
inline std::string GeneratedRecord(int64_t i, size_t padding = 0) {
  const std::string head = fmt::format(
      R"({{"source":"{}","record_id":"r{}","schema_version":1,"id_token":"{:064x}","key_version":1,)",
      GeneratedSources()[i % 4], i, uint64_t(i) * 2654435761u);
  std::string body;
  switch (i % 4) {
    case 0:
      body = R"("kind":"death","agreement_id":"ps-2026-001","death_date":"2026-01-14")";
      break;
    case 1:
      body = R"("kind":"imprisonment","agreement_id":"sf-2026-001","start_date":"2025-09-01")";
      break;
    case 2:
      body = fmt::format(
          R"("kind":"death_certificate","agreement_id":"wj-2026-001","death_date":"2026-02-28","certificate_no":"C-{}")",
          i);
      break;
    default:
      body = R"("kind":"pension_payment","agreement_id":"rs-2026-001","period":"2026-02","amount":"1650.50","scheme":"civil_service")";
  }
  if (padding > 0) body += R"(,"padding":")" + std::string(padding, 'p') + "\"";
  return head + body + "}";
}

}  // namespace xmatch::connectors::testing
