// RollTable: the assistance roll (CONTRACT §1.1) and its payments (§1.2) as the matcher
// holds them in memory, built once per run by RollTableBuilder and immutable after that
// (safe to read from any number of threads).
//
// Rows are numbered 0..size()-1 in the order they were added. What the join and the rules
// touch for every row sits in compact arrays (key64s: 8 bytes a row; program, status,
// township and key check: 16 bytes a row); the strings (member_id, household_id,
// region_code) sit in a side array read only when a clue is made. A row's payments are
// contiguous and sorted by month: payment_begin_[r] .. payment_begin_[r + 1].
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/date.h"
#include "common/money.h"
#include "common/result.h"
#include "matcher/codes.h"
#include "matcher/person_key.h"

namespace xmatch::matcher {

// A payment for one month (`period`), as the rules see it.
struct Payment {
  Month period;
  Money amount;
};

// One roll row as a loader hands it over.
struct RollEntry {
  std::string member_id;     // the roll's own row id, unique
  std::string household_id;
  PersonKey person;          // from the row's id_token
  Program program = Program::kDibaoUrban;
  std::string region_code;   // 12 digits: county (6), township (9), village (12)
  RollStatus status = RollStatus::kActive;
};

class RollTable {
 public:
  size_t size() const { return keys_.size(); }

  // Join keys of all rows, row order: the build input of the join table.
  std::span<const uint64_t> key64s() const { return keys_; }
  PersonKey person(uint32_t row) const { return {keys_[row], hot_[row].check}; }
  Program program(uint32_t row) const { return hot_[row].program; }
  RollStatus status(uint32_t row) const { return hot_[row].status; }
  // The first 9 digits of region_code as a number.
  uint32_t township(uint32_t row) const { return hot_[row].township; }

  const std::string& member_id(uint32_t row) const { return text_[row].member_id; }
  const std::string& household_id(uint32_t row) const { return text_[row].household_id; }
  const std::string& region_code(uint32_t row) const { return text_[row].region_code; }

  // The row's payments, months ascending and distinct.
  std::span<const Payment> payments(uint32_t row) const {
    return {payments_.data() + payment_begin_[row], payments_.data() + payment_begin_[row + 1]};
  }

 private:
  friend class RollTableBuilder;

  struct Hot {
    uint64_t check;
    uint32_t township;
    Program program;
    RollStatus status;
  };
  static_assert(sizeof(Hot) == 16);
  struct Text {
    std::string member_id;
    std::string household_id;
    std::string region_code;
  };

  std::vector<uint64_t> keys_;
  std::vector<Hot> hot_;
  std::vector<Text> text_;
  std::vector<uint32_t> payment_begin_;  // size() + 1 entries
  std::vector<Payment> payments_;
};

// Collects roll rows and payments in any order, then builds a RollTable. Not thread-safe.
class RollTableBuilder {
 public:
  // InvalidArgument when member_id is already on the roll, or region_code is not 12 digits
  // (the message names the member_id).
  Status AddRow(RollEntry entry);
  // NotFound when no row has `member_id` (a payment for someone not on the roll cannot
  // match anything; the caller decides whether that is an error).
  Status AddPayment(std::string_view member_id, Month period, Money amount);
  // Room for `rows` rows, or `payments` payments, in all.
  void Reserve(size_t rows);
  void ReservePayments(size_t payments) { pending_.reserve(payments); }
  // The same as AddPayment for row number `row` (< the rows added so far), for loaders that know it.
  void AddPaymentOfRow(uint32_t row, Payment payment) { pending_.push_back({row, payment}); }
  // InvalidArgument when a member has two payments for one month (names member and month).
  Result<RollTable> Build() &&;

  // The join keys of the rows added so far, in row order: a loader may build the
  // JoinHashTable on them before the payments are in, to learn which rows need payments
  // at all, and hand it to MatchEngine::Create.
  std::span<const uint64_t> key64s() const { return table_.key64s(); }
  // The member_id of row `row` added so far.
  const std::string& member_id(uint32_t row) const { return table_.member_id(row); }

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct PendingPayment {
    uint32_t row;
    Payment payment;
  };

  RollTable table_;
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> row_of_member_;
  std::vector<PendingPayment> pending_;
};

}  // namespace xmatch::matcher
