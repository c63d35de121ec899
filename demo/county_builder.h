// CountyBuilder: the generator's working state, shared by the steps that make a county
// (households in county_generator.cc, planted cases in planted_cases.cc, ordinary
// department records in department_records.cc). Internal to the demo module.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/date.h"
#include "common/money.h"
#include "common/token.h"
#include "demo/county_data.h"
#include "demo/person_factory.h"
#include "demo/random.h"

namespace xmatch::demo {

// A roll row with its person and which months it was paid for.
struct RollEntry {
  RollRow row;
  Person person;
  Month first_paid;                  // enrolment month, or later
  std::optional<Month> last_paid;    // nullopt: paid through the last month of the window
  bool quarterly = false;            // tekun: paid per quarter
  bool person_has_other_rows = false;
  bool planted = false;              // already used by a planted case
};

class CountyBuilder {
 public:
  CountyBuilder(const County& county, Date run_date, int months, uint64_t seed,
                const TokenKeyring* keyring);

  const County& county() const { return county_; }
  Date run_date() const { return run_date_; }
  Month first_month() const { return first_month_; }  // of the payment window
  Month last_month() const { return last_month_; }    // the month before the run date's
  DemoRandom& random() { return random_; }
  PersonFactory& people() { return people_; }
  std::vector<RollEntry>& entries() { return entries_; }

  // Adds a roll row; returns its index in entries().
  size_t AddEntry(RollEntry entry);
  std::string NextMemberId();
  std::string NextHouseholdId();

  // Appends a department record of `kind` about `person` with the kind's own fields.
  // `name` is sent where the department includes it. With `use_token` and a keyring the
  // person is sent as id_token + key_version.
  // `date` orders the records as the department would have sent them.
  void AddRecord(const std::string& kind, const Person& person, Date date,
                 nlohmann::json fields, bool use_token = false);
  // Appends a record as given (for the planted rejects), under its source.
  void AddRawRecord(const std::string& source, Date date, nlohmann::json record);
  std::string NextRecordId(const std::string& kind, int year);

  void Plant(std::string rule, const RollEntry& entry, bool raises, std::string what);
  void CountReject() { ++planted_rejects_; }

  // An unplanted, single-row, active entry whose program is one of `programs` (any when
  // empty) and that was paid for every month of the window; marks it planted. nullopt
  // when none is left.
  std::optional<size_t> TakeEntry(const std::vector<std::string>& programs);

  // Materializes payments and hands everything over.
  CountyData Finish();

 private:
  County county_;
  Date run_date_;
  Month first_month_;
  Month last_month_;
  DemoRandom random_;
  PersonFactory people_;
  const TokenKeyring* keyring_;
  std::vector<RollEntry> entries_;
  // Per source: (the record's main date, the record), sorted by date when finished.
  std::map<std::string, std::vector<std::pair<std::string, nlohmann::json>>> records_;
  std::map<std::string, int> record_seq_;
  std::vector<PlantedCase> planted_;
  int planted_rejects_ = 0;
  int member_seq_ = 0;
  int household_seq_ = 0;
};

// The source (department) and agreement of a record kind (config/agreements).
struct KindSource {
  std::string source;
  std::string agreement_id;
  std::string id_prefix;  // of record ids: PS-DEATH, SF-IMP, ...
};
const KindSource& SourceOfKind(const std::string& kind);

// Adds the planted cases of every rule (planted_cases.cc).
void PlantCases(CountyBuilder& builder);
// Adds the ordinary department records (department_records.cc).
void AddOrdinaryRecords(CountyBuilder& builder);

}  // namespace xmatch::demo
