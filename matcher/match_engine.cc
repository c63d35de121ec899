#include "matcher/match_engine.h"

#include <algorithm>
#include <span>
#include <string>

#include "matcher/parallel.h"
#include "matcher/rules/deceased.h"
#include "matcher/rules/duplicate_enrollment.h"
#include "matcher/rules/imprisoned.h"
#include "matcher/rules/pension_income.h"
#include "matcher/rules/rule.h"

namespace xmatch::matcher {
namespace {

constexpr RuleFn kRules[] = {FindDeceased, FindImprisoned, FindPensionIncome,
                             FindDuplicateEnrollment};

// Smallest number of people worth a thread of their own.
constexpr size_t kMinPersonChunk = 512;

// The matched department records grouped by person. A person is named by the first
// (lowest) roll row holding their key; records_of(p) lists their records ascending.
class RecordsByPerson {
 public:
  RecordsByPerson(const JoinHashTable& index, size_t roll_rows,
                  const ProbeMatches& matches)
      : begin_(roll_rows + 1, 0), records_(matches.size()) {
    // Counting sort on the person, stable, so each person's records stay ascending.
    matches.ForEach([&](const ProbeMatch& m) { ++begin_[index.Rows(m.rows).front() + 1]; });
    for (size_t p = 0; p < roll_rows; ++p) begin_[p + 1] += begin_[p];
    std::vector<uint32_t> cursor(begin_.begin(), begin_.end() - 1);
    matches.ForEach([&](const ProbeMatch& m) {
      records_[cursor[index.Rows(m.rows).front()]++] = m.probe_index;
    });
  }

  std::span<const uint32_t> records_of(uint32_t person) const {
    return {records_.data() + begin_[person], records_.data() + begin_[person + 1]};
  }

 private:
  std::vector<uint32_t> begin_;
  std::vector<uint32_t> records_;
};

void RunRules(const RuleInput& in, const Person& person, std::vector<Clue>* out) {
  for (RuleFn rule : kRules) rule(in, person, out);
}

// Runs the rules on everyone holding one join key. Almost always one person; when
// different people's keys collide in 64 bits, their key checks tell them apart, and a
// record is only ever paired with rows whose check it shares.
void RunRulesOnKey(const RuleInput& in, std::span<const uint32_t> rows,
                   std::span<const uint32_t> records, std::vector<Clue>* out) {
  const uint64_t first_check = in.roll.person(rows.front()).check;
  const auto same_check = [&](uint64_t check) { return check == first_check; };
  const bool one_person =
      std::all_of(rows.begin(), rows.end(),
                  [&](uint32_t r) { return same_check(in.roll.person(r).check); }) &&
      std::all_of(records.begin(), records.end(),
                  [&](uint32_t i) { return same_check(in.records[i].person.check); });
  if (one_person) {
    RunRules(in, Person{rows, records}, out);
    return;
  }
  std::vector<uint64_t> checks;
  for (uint32_t r : rows) checks.push_back(in.roll.person(r).check);
  std::sort(checks.begin(), checks.end());
  checks.erase(std::unique(checks.begin(), checks.end()), checks.end());
  for (uint64_t check : checks) {
    std::vector<uint32_t> their_rows;
    std::vector<uint32_t> their_records;
    for (uint32_t r : rows) {
      if (in.roll.person(r).check == check) their_rows.push_back(r);
    }
    for (uint32_t i : records) {
      if (in.records[i].person.check == check) their_records.push_back(i);
    }
    RunRules(in, Person{their_rows, their_records}, out);
  }
}

}  // namespace

Result<MatchEngine> MatchEngine::Create(const RollTable& roll, const MatchConfig& config,
                                        MatchOptions options) {
  XM_ASSIGN_OR_RETURN(JoinHashTable index, JoinHashTable::Build(roll.key64s()));
  return Create(roll, std::move(index), config, options);
}

Result<MatchEngine> MatchEngine::Create(const RollTable& roll, JoinHashTable index,
                                        const MatchConfig& config, MatchOptions options) {
  if (index.build_rows() != roll.size()) {
    return Status::Internal("match engine: the join table was built on " +
                            std::to_string(index.build_rows()) + " rows, the roll has " +
                            std::to_string(roll.size()));
  }
  XM_ASSIGN_OR_RETURN(RuleSettings settings, RuleSettings::FromConfig(config));
  return MatchEngine(roll, std::move(index), settings, ResolveThreads(options.threads));
}

std::vector<Clue> MatchEngine::Run(const DeptRecordTable& records, Date run_date) const {
  const RollTable& roll = *roll_;
  const RecordsByPerson by_person(index_, roll.size(),
                                  index_.ProbeAll(records.key64s(), threads_));

  // People worth a look: those with department records, and those on two or more rows
  // (duplicate enrollment needs no department record).
  std::vector<uint32_t> people;
  for (uint32_t p = 0; p < roll.size(); ++p) {
    if (!by_person.records_of(p).empty()) people.push_back(p);
  }
  index_.ForEachSharedKey([&](uint32_t rows) {
    const uint32_t p = index_.Rows(rows).front();
    if (by_person.records_of(p).empty()) people.push_back(p);
  });
  std::sort(people.begin(), people.end());

  const RuleInput in{roll, records, settings_, run_date};
  const size_t chunks = ChunkCount(people.size(), threads_, kMinPersonChunk);
  std::vector<std::vector<Clue>> parts(chunks);
  ParallelChunks(people.size(), chunks, [&](size_t begin, size_t end, size_t chunk) {
    for (size_t i = begin; i < end; ++i) {
      const uint32_t p = people[i];
      const RowList rows = index_.Rows(index_.Find(roll.key64s()[p]));
      RunRulesOnKey(in, rows.span(), by_person.records_of(p), &parts[chunk]);
    }
  });

  std::vector<Clue> clues;
  for (std::vector<Clue>& part : parts) {
    std::move(part.begin(), part.end(), std::back_inserter(clues));
  }
  std::sort(clues.begin(), clues.end(),
            [](const Clue& a, const Clue& b) { return a.key < b.key; });
  return clues;
}

}  // namespace xmatch::matcher
