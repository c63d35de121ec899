// GenerateCounty: a realistic county for the demo, deterministic from a seed.
//
//   roll       households in the county's real villages; programs in shares like a
//              county's (dibao rural in towns, urban in 街道 sub-districts, tekun, disability,
//              elderly allowance, orphans, one-off temporary relief); household members
//              share a surname; ages fit the program; ~3% exited, ~2% suspended.
//   payments   `months` months ending the month before the run date: monthly programs
//              paid before the 10th, tekun quarterly in the quarter's first month.
//   records    department feeds (CONTRACT §1.3) with planted cases of every rule and
//              their near-miss controls (planted_cases.h), among ordinary records: deaths,
//              pensions and justice records of people who are not on the roll, deaths
//              of people who left the roll long ago.
#pragma once

#include <cstdint>

#include "common/date.h"
#include "common/token.h"
#include "demo/county_data.h"
#include "demo/divisions.h"

namespace xmatch::demo {

struct CountyOptions {
  uint64_t seed = 20261123;
  int households = 2500;  // about 1.9 roll rows each
  int months = 12;        // of payments
  Date run_date = Date::Today();
  // When not empty, some justice and public-security records carry id_token/key_version
  // (made with the current key) instead of id_number, as departments that pseudonymize do.
  const TokenKeyring* keyring = nullptr;
};

// At least 60 households are needed for every kind of planted case; fewer is
// InvalidArgument.
Result<CountyData> GenerateCounty(const County& county, const CountyOptions& options);

}  // namespace xmatch::demo
