#include "matcher/codes.h"

#include <array>
#include <string>

namespace xmatch::matcher {
namespace {

constexpr std::array<std::string_view, kProgramCount> kProgramNames = {
    "dibao_urban",       "dibao_rural",     "tekun_centralized", "tekun_dispersed",
    "orphan",            "de_facto_orphan", "disability_living", "disability_care",
    "elderly_allowance", "temp_relief",
};
constexpr std::array<std::string_view, 3> kStatusNames = {"active", "suspended", "exited"};
constexpr std::array<std::string_view, 4> kSourceNames = {"public_security", "justice",
                                                          "health", "pension"};
constexpr std::array<std::string_view, 9> kKindNames = {
    "death",   "deregistration",       "detention",         "imprisonment",
    "release", "community_correction", "death_certificate", "pension_payment",
    "pension_stop",
};
constexpr std::array<Source, 9> kKindSources = {
    Source::kPublicSecurity, Source::kPublicSecurity, Source::kPublicSecurity,
    Source::kJustice,        Source::kJustice,        Source::kJustice,
    Source::kHealth,         Source::kPension,        Source::kPension,
};

template <typename Enum, size_t N>
Result<Enum> ParseName(const std::array<std::string_view, N>& names, std::string_view what,
                       std::string_view text) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  // The text itself is not repeated: a misplaced column may hold an ID number.
  std::string msg = "unknown " + std::string(what) + "; expected one of";
  for (std::string_view name : names) msg += " " + std::string(name);
  return Status::InvalidArgument(msg);
}

}  // namespace

Result<Program> ParseProgram(std::string_view text) {
  return ParseName<Program>(kProgramNames, "program", text);
}
Result<RollStatus> ParseRollStatus(std::string_view text) {
  return ParseName<RollStatus>(kStatusNames, "status", text);
}
Result<Source> ParseSource(std::string_view text) {
  return ParseName<Source>(kSourceNames, "source", text);
}

Result<RecordKind> ParseRecordKind(Source source, std::string_view kind) {
  XM_ASSIGN_OR_RETURN(const RecordKind k, ParseName<RecordKind>(kKindNames, "kind", kind));
  if (SourceOf(k) != source) {
    return Status::InvalidArgument("kind " + std::string(RecordKindName(k)) + " is not a " +
                                   std::string(SourceName(source)) + " kind");
  }
  return k;
}

std::string_view ProgramName(Program p) { return kProgramNames[static_cast<size_t>(p)]; }
std::string_view RollStatusName(RollStatus s) { return kStatusNames[static_cast<size_t>(s)]; }
std::string_view SourceName(Source s) { return kSourceNames[static_cast<size_t>(s)]; }
std::string_view RecordKindName(RecordKind k) { return kKindNames[static_cast<size_t>(k)]; }
Source SourceOf(RecordKind k) { return kKindSources[static_cast<size_t>(k)]; }

}  // namespace xmatch::matcher
