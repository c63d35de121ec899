// Scenario: a small roll, payments and department records written as in a test case,
// matched through the real MatchEngine. Test-only.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "common/config.h"
#include "common/date.h"
#include "common/money.h"
#include "matcher/match_engine.h"

namespace xmatch::matcher::testing {

inline Date D(const char* ymd) { return *Date::Parse(ymd); }
inline Month M(const char* ym) { return *Month::Parse(ym); }
inline Money Fen(int64_t fen) { return Money::FromFen(fen); }

// Person n's key: key64 spread over the bits like a digest, check = n.
inline PersonKey PersonNo(uint64_t n) { return {n * 0x9E3779B97F4A7C15ull, n}; }

inline constexpr const char* kVillageA = "410102001001";  // township 410102001
inline constexpr const char* kVillageA2 = "410102001002";  // same township, other village
inline constexpr const char* kVillageB = "410102002001";  // township 410102002

class Scenario {
 public:
  Scenario& Row(const std::string& member_id, uint64_t person, Program program,
                const char* region = kVillageA, RollStatus status = RollStatus::kActive) {
    return RowWithKey(member_id, PersonNo(person), program, region, status);
  }
  Scenario& RowWithKey(const std::string& member_id, PersonKey key, Program program,
                       const char* region = kVillageA, RollStatus status = RollStatus::kActive) {
    EXPECT_TRUE(builder_.AddRow(RollEntry{member_id, "H-" + member_id, key, program, region,
                                          status}).ok());
    return *this;
  }
  // Payments of `fen` for each month first..last.
  Scenario& Paid(const std::string& member_id, const char* first, const char* last,
                 int64_t fen = 65000) {
    for (Month m = M(first); m <= M(last); m = m.Next()) {
      EXPECT_TRUE(builder_.AddPayment(member_id, m, Fen(fen)).ok());
    }
    return *this;
  }
  Scenario& Record(RecordKind kind, const std::string& record_id, uint64_t person,
                   const char* event_date, std::optional<const char*> end_date = std::nullopt,
                   std::string reason = "", std::optional<int64_t> amount_fen = std::nullopt) {
    return RecordWithKey(kind, record_id, PersonNo(person), event_date, end_date,
                         std::move(reason), amount_fen);
  }
  Scenario& RecordWithKey(RecordKind kind, const std::string& record_id, PersonKey key,
                          const char* event_date,
                          std::optional<const char*> end_date = std::nullopt,
                          std::string reason = "",
                          std::optional<int64_t> amount_fen = std::nullopt) {
    DeptRecord r;
    r.kind = kind;
    r.record_id = record_id;
    r.person = key;
    r.event_date = D(event_date);
    if (end_date) r.end_date = D(*end_date);
    if (amount_fen) r.amount = Fen(*amount_fen);
    r.reason = std::move(reason);
    r.origin.topic = std::string(SourceName(SourceOf(kind))) + ".records";
    records_.Add(std::move(r));
    return *this;
  }
  Scenario& Pension(const std::string& record_id, uint64_t person, const char* period,
                    int64_t fen, std::string scheme = "enterprise_employee") {
    const std::string first_day = std::string(period) + "-01";
    return Record(RecordKind::kPensionPayment, record_id, person, first_day.c_str(),
                  std::nullopt, std::move(scheme), fen);
  }

  // Builds the tables and runs the engine as of `run_date`.
  std::vector<Clue> Run(const char* run_date, const MatchConfig& config = {}, int threads = 2) {
    if (!roll_) {
      Result<RollTable> roll = std::move(builder_).Build();
      EXPECT_TRUE(roll.ok()) << roll.status().ToString();
      roll_.emplace(std::move(*roll));
    }
    Result<MatchEngine> engine = MatchEngine::Create(*roll_, config, MatchOptions{threads});
    EXPECT_TRUE(engine.ok()) << engine.status().ToString();
    return engine->Run(records_, D(run_date));
  }

  const RollTable& roll() const { return *roll_; }
  const DeptRecordTable& records() const { return records_; }

  // The clue with `key`, or null.
  static const Clue* Find(const std::vector<Clue>& clues, const std::string& key) {
    for (const Clue& c : clues) {
      if (c.key == key) return &c;
    }
    return nullptr;
  }
  static std::vector<std::string> Months(const Clue& clue) {
    std::vector<std::string> out;
    for (const Payment& p : clue.overpaid) out.push_back(p.period.ToString());
    return out;
  }
  std::vector<std::string> RecordIds(const Clue& clue) const {
    std::vector<std::string> out;
    for (uint32_t i : clue.records) out.push_back(records_[i].record_id);
    return out;
  }
  std::vector<std::string> OtherMembers(const Clue& clue) const {
    std::vector<std::string> out;
    for (uint32_t r : clue.other_rows) out.push_back(roll_->member_id(r));
    return out;
  }
  static std::vector<std::string> Keys(const std::vector<Clue>& clues) {
    std::vector<std::string> out;
    for (const Clue& c : clues) out.push_back(c.key);
    return out;
  }

 private:
  RollTableBuilder builder_;
  std::optional<RollTable> roll_;
  DeptRecordTable records_;
};

}  // namespace xmatch::matcher::testing
