// RandomWorld: random changes to a match test's inputs — roll rows added, changed, moved
// to another person and deleted; payments added, changed and removed; department records
// landed and purged — among kPeople people. It remembers what exists so that it can pick
// rows to change or delete, and never reads the database: the same seed makes the same
// changes, so two worlds with one seed keep two databases identical. Test-only.
#pragma once

#include <random>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "common/date.h"
#include "matcher/tests/run_test_support.h"

namespace xmatch::matcher::testing {

constexpr int kPeople = 30;  // people the changes pick from
const char* const kPrograms[] = {"dibao_urban", "dibao_rural", "tekun_dispersed",
                                  "disability_living", "orphan", "de_facto_orphan"};
const char* const kVillages[] = {"410102001001", "410102001002", "410102002001", "410103001001"};
const char* const kStatuses[] = {"active", "active", "active", "suspended", "exited"};

class RandomWorld {
 public:
  explicit RandomWorld(unsigned seed) : rng_(seed) {}

  void Change(pqxx::work& tx, Date today) {
    switch (Pick(10)) {
      case 0: case 1: AddRollRow(tx); break;
      case 2: ChangeRollRow(tx); break;
      case 3: DeleteRollRow(tx); break;
      case 4: case 5: AddPayments(tx, today); break;
      case 6: RemovePayment(tx); break;
      case 7: case 8: AddRecord(tx, today); break;
      case 9: PurgeRecord(tx); break;
    }
  }

 private:
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) { return items[Pick(static_cast<int>(N))]; }
  std::string MonthNear(Date around, int spread_months) {
    const int32_t index = around.month_of().index() - spread_months + Pick(2 * spread_months + 1);
    return xmatch::Month::FromIndex(index).ToString();
  }
  std::string DayNear(Date around, int spread_days) {
    return around.AddDays(Pick(2 * spread_days + 1) - spread_days).ToString();
  }

  void AddRollRow(pqxx::work& tx) {
    const std::string member = "M" + std::to_string(next_member_++);
    InsertRollRow(tx, member, Pick(kPeople), Pick(kPrograms), Pick(kVillages), Pick(kStatuses));
    members_.push_back(member);
  }
  void ChangeRollRow(pqxx::work& tx) {
    if (members_.empty()) return;
    const std::string& member = members_[Pick(static_cast<int>(members_.size()))];
    switch (Pick(4)) {
      case 0:
        tx.exec_params("UPDATE roll_members SET status = $2 WHERE member_id = $1", member,
                       Pick(kStatuses));
        break;
      case 1:
        tx.exec_params("UPDATE roll_members SET program = $2 WHERE member_id = $1", member,
                       Pick(kPrograms));
        break;
      case 2:
        tx.exec_params("UPDATE roll_members SET region_code = $2 WHERE member_id = $1", member,
                       Pick(kVillages));
        break;
      case 3: {  // a corrected ID number: the row moves to another person
        const int person = Pick(kPeople);
        tx.exec_params(
            "UPDATE roll_members SET id_number = $2, id_token = $3, "
            "token_key = xmatch_token_key($3) WHERE member_id = $1",
            member,
            IdOfPerson(person), TokenOfPerson(person));
        break;
      }
    }
  }
  void DeleteRollRow(pqxx::work& tx) {
    if (members_.empty()) return;
    const size_t i = Pick(static_cast<int>(members_.size()));
    tx.exec_params("DELETE FROM roll_members WHERE member_id = $1", members_[i]);
    members_.erase(members_.begin() + static_cast<long>(i));
  }
  void AddPayments(pqxx::work& tx, Date today) {
    if (members_.empty()) return;
    const std::string& member = members_[Pick(static_cast<int>(members_.size()))];
    for (int k = Pick(4); k >= 0; --k) {
      InsertPayment(tx, member, MonthNear(today, 5), Pick(3) == 0 ? "900.00" : "650.00");
    }
  }
  void RemovePayment(pqxx::work& tx) {
    if (members_.empty()) return;
    tx.exec_params(
        "DELETE FROM payments WHERE (member_id, period) IN ("
        "  SELECT member_id, period FROM payments WHERE member_id = $1 ORDER BY period LIMIT 1)",
        members_[Pick(static_cast<int>(members_.size()))]);
  }
  void AddRecord(pqxx::work& tx, Date today) {
    RecordRow r;
    r.record_id = "R" + std::to_string(next_record_++);
    r.id_token = TokenOfPerson(Pick(kPeople));
    r.event_date = DayNear(today, 150);
    switch (Pick(9)) {
      case 0: r.source = "public_security"; r.kind = "death"; break;
      case 1:
        r.source = "public_security";
        r.kind = "deregistration";
        r.reason = Pick(2) == 0 ? "death" : "emigration";
        break;
      case 2: r.source = "health"; r.kind = "death_certificate"; break;
      case 3:
        r.source = "pension";
        r.kind = "pension_stop";
        r.reason = Pick(2) == 0 ? "death" : "other";
        break;
      case 4:
        r.source = "public_security";
        r.kind = "detention";
        if (Pick(2) == 0) r.end_date = DayNear(Date::Parse(r.event_date)->AddDays(60), 60);
        break;
      case 5:
        r.source = "justice";
        r.kind = "imprisonment";
        if (Pick(2) == 0) r.end_date = DayNear(today, 100);  // expected_release
        break;
      case 6: r.source = "justice"; r.kind = "release"; break;
      case 7:
        r.source = "justice";
        r.kind = "community_correction";
        break;
      case 8:
        r.source = "pension";
        r.kind = "pension_payment";
        r.event_date = MonthNear(today, 5) + "-01";
        r.amount = Pick(2) == 0 ? "600.00" : "1000.00";
        r.reason = "enterprise_employee";
        break;
    }
    InsertRecord(tx, r);
    records_.push_back(r.source + "/" + r.record_id);
  }
  void PurgeRecord(pqxx::work& tx) {
    if (records_.empty()) return;
    const size_t i = Pick(static_cast<int>(records_.size()));
    const std::string& id = records_[i];
    tx.exec_params("DELETE FROM dept_records WHERE source = $1 AND record_id = $2",
                   id.substr(0, id.find('/')), id.substr(id.find('/') + 1));
    records_.erase(records_.begin() + static_cast<long>(i));
  }

  std::mt19937 rng_;
  int next_member_ = 0;
  int next_record_ = 0;
  std::vector<std::string> members_;
  std::vector<std::string> records_;  // "source/record_id"
};

}  // namespace xmatch::matcher::testing
