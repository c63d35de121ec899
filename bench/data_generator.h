// DataGenerator: deterministic, realistic synthetic data for the benchmarks and the demo —
// an assistance roll (roll_members), its payments and department records (dept_records),
// COPYed straight into a migrated database.
//
// What it looks like (rates are per roll person; a handful of counties of Sanmenxia,
// 12 townships each, 20 villages per township):
//   roll        programs mostly dibao_rural, then dibao_urban, tekun, disability,
//               elderly; ~93% active, ~2% suspended, ~5% exited. Valid 18-character
//               resident IDs (GB 11643), tokenized with the given keyring.
//   payments    one per member and month paid, over the `months` months before the run
//               date's month; stop when a row exits, is suspended, or a death is handled.
//   planted     cases of every rule of CONTRACT §2:
//               ~0.8% die (death / death certificate / deregistration / pension_stop
//                 evidence; payments stopped on time, 1-3 months late, or never);
//               ~0.15% custody (imprisonment with or without release, detention with or
//                 without an end), ~0.05% community correction (raises nothing);
//               ~0.3% pensions over 1000 yuan/month, ~0.05% exactly 1000.00 or 1000.01,
//                 ~0.05% two schemes adding up over it, ~10% small resident pensions;
//               ~0.3% of roll rows are a second row of a person already on the roll
//                 (other township, incompatible or same program, or harmless).
//   ordinary    the rest of the department records: pensions, deaths, deregistrations
//               and justice records of people who are not on the roll.
//
// Every value is a pure function of (seed, entity index), so two runs with the same
// options produce identical tables. Not thread-safe; one generator per connection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <pqxx/pqxx>

#include "common/date.h"
#include "common/result.h"
#include "common/token.h"

namespace xmatch::bench {

struct GeneratorOptions {
  uint64_t seed = 20260715;
  size_t roll_rows = 1'000'000;     // roll_members rows
  int months = 12;                  // months of payments, ending with the run date's previous month
  size_t dept_records = 4'000'000;  // dept_records rows
  Date run_date = Date::FromValidYmd(2026, 7, 15);  // R of the first match run
  int key_version = 1;              // the keyring version records and roll are tokenized under
};

// Rows written by one Load() or AddChanges() call.
struct LoadReport {
  size_t roll_rows = 0;     // inserted (Load) or inserted + changed (AddChanges)
  size_t payments = 0;
  size_t dept_records = 0;
  double seconds = 0;       // wall time, generation and COPY together
  // Load(): each table's own time (roll + payments run beside the records).
  double roll_seconds = 0;
  double payments_seconds = 0;
  double records_seconds = 0;
  size_t rows() const { return roll_rows + payments + dept_records; }
};

class DataGenerator {
 public:
  // `keyring` must hold options.key_version.
  DataGenerator(GeneratorOptions options, TokenKeyring keyring);

  // COPYs the roll, its payments and the department records into the (empty) tables of
  // the database at `dsn`, one transaction per table, on two connections of its own (the
  // records beside the roll and payments). Each table's secondary indexes are dropped
  // for the COPY and rebuilt after, inside its transaction. Errors (a duplicate key, a
  // constraint) come back as store::StatusFromPqxx does.
  Result<LoadReport> Load(const std::string& dsn) const;

  // A day's changes, batch number `batch` (1, 2, ...; each batch is different):
  // `new_records` new department records — 2% deaths of roll persons, 0.5% detentions
  // of roll persons still held, 0.5% releases, 5% last month's pensions of roll persons
  // (900-1500 yuan), the rest ordinary — and `roll_changes` roll changes: 85% changes to
  // existing rows (program changes, exits, resumptions, suspensions), 15% new rows (one
  // in five a second row of a person on the roll, in another township) with their
  // payments. Dated as of run_date + batch days. Changed rows get a new change_xid, as an
  // import would give them. One transaction.
  Result<LoadReport> AddChanges(pqxx::connection& conn, uint32_t batch, size_t new_records,
                                size_t roll_changes) const;

  const GeneratorOptions& options() const { return options_; }

 private:
  GeneratorOptions options_;
  TokenKeyring keyring_;
};

}  // namespace xmatch::bench
