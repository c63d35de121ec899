// The closed vocabularies of CONTRACT §1 as small enums, so the matcher's hot arrays hold
// one byte instead of a string: roll programs and statuses, department sources and
// record kinds. Each has Parse (text -> enum) and Name (enum -> the contract's text).
#pragma once

#include <cstdint>
#include <string_view>

#include "common/result.h"

namespace xmatch::matcher {

enum class Program : uint8_t {
  kDibaoUrban,
  kDibaoRural,
  kTekunCentralized,
  kTekunDispersed,
  kOrphan,
  kDeFactoOrphan,
  kDisabilityLiving,
  kDisabilityCare,
  kElderlyAllowance,
  kTempRelief,
};
inline constexpr int kProgramCount = 10;

enum class RollStatus : uint8_t { kActive, kSuspended, kExited };

enum class Source : uint8_t { kPublicSecurity, kJustice, kHealth, kPension };

// Kinds are unique across sources (CONTRACT §1.3), so one enum covers all of them.
enum class RecordKind : uint8_t {
  kDeath,                // public_security
  kDeregistration,       // public_security
  kDetention,            // public_security
  kImprisonment,         // justice
  kRelease,              // justice
  kCommunityCorrection,  // justice
  kDeathCertificate,     // health
  kPensionPayment,       // pension
  kPensionStop,          // pension
};

// InvalidArgument naming the unknown value and the accepted ones.
Result<Program> ParseProgram(std::string_view text);
Result<RollStatus> ParseRollStatus(std::string_view text);
Result<Source> ParseSource(std::string_view text);
// Fails also when `kind` is not one of `source`'s kinds.
Result<RecordKind> ParseRecordKind(Source source, std::string_view kind);

std::string_view ProgramName(Program p);
std::string_view RollStatusName(RollStatus s);
std::string_view SourceName(Source s);
std::string_view RecordKindName(RecordKind k);
Source SourceOf(RecordKind k);

inline bool IsDibao(Program p) { return p == Program::kDibaoUrban || p == Program::kDibaoRural; }
inline bool IsTekun(Program p) {
  return p == Program::kTekunCentralized || p == Program::kTekunDispersed;
}

}  // namespace xmatch::matcher
