// The ordinary department records among which the planted cases sit: what a county's
// police, courts, hospitals and pension office send about everyone, most of whom are not
// on the roll; and a few records that must be rejected.
#include <fmt/format.h>

#include <set>

#include "demo/county_builder.h"

namespace xmatch::demo {
namespace {

using nlohmann::json;

class OrdinaryRecords {
 public:
  explicit OrdinaryRecords(CountyBuilder& b) : b_(b), r_(b.random()) {}

  Date DayBetween(Date from, Date to) {
    return from.AddDays(static_cast<int32_t>(r_.Between(0, std::max(0, to - from))));
  }
  Date InWindow() { return DayBetween(b_.first_month().first_day(), b_.run_date().AddDays(-1)); }
  Person Resident(int min_age, int max_age) {
    const Date R = b_.run_date();
    return b_.people().Make(R.AddDays(-365 * max_age), R.AddDays(-365 * min_age),
                            r_.Percent(50) ? Sex::kMale : Sex::kFemale);
  }

  // Deaths of people not on the roll, some reported years late.
  void Deaths(int n) {
    for (int i = 0; i < n; ++i) {
      Person p = Resident(45, 98);
      Date d = r_.Percent(85) ? InWindow() : DayBetween(b_.run_date().AddDays(-3 * 365),
                                                         b_.first_month().first_day());
      if (r_.Percent(85)) b_.AddRecord("death", p, d, {{"death_date", d.ToString()}});
      if (r_.Percent(70)) {
        b_.AddRecord("death_certificate", p, d,
                     {{"death_date", d.ToString()},
                      {"certificate_no", fmt::format("{}-{}-D{:05d}", b_.county().code, d.year(), i + 1)}});
      }
      if (r_.Percent(30)) {
        b_.AddRecord("deregistration", p, d.AddDays(9), {{"date", d.ToString()}, {"reason", "death"}});
      }
      if (r_.Percent(25)) {
        b_.AddRecord("pension_stop", p, d.AddDays(20), {{"date", d.ToString()}, {"reason", "death"}});
      }
    }
  }

  void Deregistrations(int n) {
    const std::vector<std::string> reasons = {"emigration", "military", "other"};
    for (int i = 0; i < n; ++i) {
      Date d = InWindow();
      b_.AddRecord("deregistration", Resident(18, 60), d,
                   {{"date", d.ToString()}, {"reason", r_.Pick(reasons)}});
    }
  }

  // Pensioners not on the roll, each paid every month of the window.
  void Pensioners(int n) {
    for (int i = 0; i < n; ++i) {
      Person p = Resident(60, 92);
      int kind = static_cast<int>(r_.Weighted({45, 10, 45}));
      const char* scheme = kind == 0 ? "enterprise_employee"
                           : kind == 1 ? "civil_service" : "urban_rural_resident";
      Money amount = Money::FromFen(kind == 0   ? r_.Between(1800, 4500) * 100
                                    : kind == 1 ? r_.Between(3500, 7500) * 100
                                                : r_.Between(140, 260) * 100);
      for (Month m = b_.first_month(); m <= b_.last_month(); m = m.Next()) {
        b_.AddRecord("pension_payment", p, m.first_day().AddDays(static_cast<int32_t>(r_.Between(19, 26))),
                     {{"period", m.ToString()}, {"amount", amount.ToString()}, {"scheme", scheme}});
      }
      if (r_.Percent(3)) {
        Date d = InWindow();
        b_.AddRecord("pension_stop", p, d, {{"date", d.ToString()}, {"reason", "other"}});
      }
    }
  }

  // Small resident pensions of older people on the roll: below the line, no clue.
  void RollResidentPensions() {
    std::set<std::string> done;
    for (const RollEntry& e : b_.entries()) {
      if (e.planted || e.row.status != "active" || !done.insert(e.row.id_number).second) continue;
      if (b_.run_date().year() - e.person.birth.year() < 62 || !r_.Percent(30)) continue;
      Money amount = Money::FromFen(r_.Between(140, 230) * 100);
      for (Month m = b_.first_month(); m <= b_.last_month(); m = m.Next()) {
        b_.AddRecord("pension_payment", e.person, m.first_day().AddDays(20),
                     {{"period", m.ToString()}, {"amount", amount.ToString()},
                      {"scheme", "urban_rural_resident"}});
      }
    }
  }

  void Justice(int n) {
    for (int i = 0; i < n; ++i) {
      Person p = Resident(18, 65);
      switch (r_.Between(0, 3)) {
        case 0: {  // imprisoned in the window
          Date start = InWindow();
          b_.AddRecord("imprisonment", p, start,
                       {{"start_date", start.ToString()},
                        {"expected_release", start.AddDays(static_cast<int32_t>(r_.Between(365, 3650))).ToString()}},
                       r_.Percent(40));
          break;
        }
        case 1: {  // released in the window after years inside
          Date release = InWindow();
          Date start = release.AddDays(-static_cast<int32_t>(r_.Between(400, 2500)));
          b_.AddRecord("imprisonment", p, start, {{"start_date", start.ToString()}});
          b_.AddRecord("release", p, release, {{"release_date", release.ToString()}});
          break;
        }
        case 2: {
          Date start = InWindow();
          b_.AddRecord("community_correction", p, start,
                       {{"start_date", start.ToString()},
                        {"end_date", start.AddDays(static_cast<int32_t>(r_.Between(180, 720))).ToString()}});
          break;
        }
        default: {
          Date start = InWindow();
          json fields = {{"start_date", start.ToString()}};
          if (r_.Percent(80)) {
            fields["end_date"] = std::min(start.AddDays(static_cast<int32_t>(r_.Between(3, 30))),
                                          b_.run_date().AddDays(-1)).ToString();
          }
          b_.AddRecord("detention", p, start, fields, r_.Percent(50));
        }
      }
    }
  }

  // Records that must be rejected: a typo in an ID number, an agreement nobody signed.
  void Rejects() {
    for (int i = 0; i < 2; ++i) {
      Date d = InWindow();
      b_.AddRawRecord("public_security", d,
                      {{"source", "public_security"},
                       {"record_id", b_.NextRecordId("death", d.year())},
                       {"kind", "death"},
                       {"agreement_id", SourceOfKind("death").agreement_id},
                       {"schema_version", 1},
                       {"id_number", b_.people().MakeInvalidIdNumber()},
                       {"death_date", d.ToString()}});
      b_.CountReject();
    }
    Person p = Resident(20, 60);
    Date start = InWindow();
    b_.AddRawRecord("justice", start,
                    {{"source", "justice"},
                     {"record_id", b_.NextRecordId("imprisonment", start.year())},
                     {"kind", "imprisonment"},
                     {"agreement_id", "sf-2019-001"},
                     {"schema_version", 1},
                     {"id_number", p.id_number},
                     {"start_date", start.ToString()}});
    b_.CountReject();
  }

 private:
  CountyBuilder& b_;
  DemoRandom& r_;
};

}  // namespace

void AddOrdinaryRecords(CountyBuilder& builder) {
  const int rows = static_cast<int>(builder.entries().size());
  OrdinaryRecords records(builder);
  records.Deaths(std::max(10, rows / 6));
  records.Deregistrations(std::max(3, rows / 60));
  records.Pensioners(std::max(10, rows / 10));
  records.RollResidentPensions();
  records.Justice(std::max(8, rows / 40));
  records.Rejects();
}

}  // namespace xmatch::demo
