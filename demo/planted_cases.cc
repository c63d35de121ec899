// The planted cases: for every rule of CONTRACT §2, roll rows that must raise a clue and
// near misses that must not, each recorded with CountyBuilder::Plant.
#include <fmt/format.h>

#include "demo/county_builder.h"

namespace xmatch::demo {
namespace {

using nlohmann::json;

const std::vector<std::string> kDibao = {"dibao_urban", "dibao_rural"};
const std::vector<std::string> kDibaoTekun = {"dibao_urban", "dibao_rural", "tekun_dispersed",
                                              "tekun_centralized"};
const std::vector<std::string> kNotMeansTested = {"disability_living", "disability_care",
                                                  "elderly_allowance"};

class Planter {
 public:
  explicit Planter(CountyBuilder& b) : b_(b), r_(b.random()) {}

  // A month of the payment window, from its first month + `from` to its last - `to_end`.
  Month WindowMonth(int from, int to_end) {
    int lo = b_.first_month().index() + from, hi = b_.last_month().index() - to_end;
    return Month::FromIndex(static_cast<int32_t>(r_.Between(lo, std::max(lo, hi))));
  }
  Date DayIn(Month m, int lo, int hi) {
    return m.first_day().AddDays(static_cast<int32_t>(r_.Between(lo - 1, hi - 1)));
  }
  Date DaysBefore(Date d, int lo, int hi) {
    return d.AddDays(-static_cast<int32_t>(r_.Between(lo, hi)));
  }
  std::string CertificateNo(Date d) {
    return fmt::format("{}-{}-{:06d}", b_.county().code, d.year(), ++certificates_);
  }
  // An unused roll row of one of `programs` (any: empty); in a small county that has
  // none left, a new one, enrolled before the window and paid throughout.
  RollEntry& Take(const std::vector<std::string>& programs) {
    if (std::optional<size_t> i = b_.TakeEntry(programs)) return b_.entries()[*i];
    const std::string program = programs.empty() ? "dibao_rural" : programs.front();
    const bool child = program.find("orphan") != std::string::npos;
    const Date R = b_.run_date();
    Date born_to = R.AddDays(child ? -8 * 365 : -60 * 365);
    Person p = b_.people().Make(born_to.AddDays(child ? -9 * 365 : -25 * 365), born_to,
                                r_.Percent(50) ? Sex::kMale : Sex::kFemale);
    const Township& t = r_.Pick(b_.county().townships);
    RollEntry e;
    e.person = p;
    e.row = {.member_id = b_.NextMemberId(), .household_id = b_.NextHouseholdId(),
             .id_number = p.id_number, .name = p.name, .program = program,
             .region_code = r_.Pick(t.villages).code,
             .enrolled_on = DayIn(Month::FromIndex(b_.first_month().index() - 3), 1, 10),
             .monthly_amount = Money::FromFen(r_.Between(40, 120) * 1000),
             .status = "active", .exited_on = std::nullopt};
    e.first_paid = Month::FromIndex(b_.first_month().index() - 3);
    e.quarterly = program.starts_with("tekun");
    e.planted = true;
    return b_.entries()[b_.AddEntry(std::move(e))];
  }
  void Stop(RollEntry& e, Month last_paid, std::optional<Date> exited_on) {
    e.last_paid = last_paid;
    if (exited_on) {
      e.row.status = "exited";
      e.row.exited_on = exited_on;
    }
  }
  void MonthlyPension(const Person& p, Month from, Money amount, const std::string& scheme) {
    for (Month m = from; m <= b_.last_month(); m = m.Next()) {
      b_.AddRecord("pension_payment", p, DayIn(m, 20, 28),
                   {{"period", m.ToString()}, {"amount", amount.ToString()}, {"scheme", scheme}});
    }
  }
  // A second roll row of `e`'s person; `other_township` puts it in another township.
  RollEntry& SecondRow(RollEntry& e, const std::string& program, bool other_township,
                       Month first_paid, bool same_household = false) {
    RollEntry second;
    second.person = e.person;
    std::string region = e.row.region_code;
    if (other_township) {
      const auto& townships = b_.county().townships;
      for (;;) {
        const Township& t = r_.Pick(townships);
        if (townships.size() == 1 || t.code != e.row.region_code.substr(0, 9)) {
          region = r_.Pick(t.villages).code;
          break;
        }
      }
    }
    second.row = {.member_id = b_.NextMemberId(),
                  .household_id = same_household ? e.row.household_id : b_.NextHouseholdId(),
                  .id_number = e.row.id_number, .name = e.row.name, .program = program,
                  .region_code = region, .enrolled_on = DayIn(first_paid, 1, 10),
                  .monthly_amount = e.row.monthly_amount, .status = "active",
                  .exited_on = std::nullopt};
    second.first_paid = first_paid;
    second.quarterly = program.starts_with("tekun");
    second.person_has_other_rows = second.planted = true;
    e.person_has_other_rows = true;
    return b_.entries()[b_.AddEntry(std::move(second))];
  }

  void Deceased(int n) {
    const Date R = b_.run_date();
    const Month handled_by = R.AddDays(-100).month_of();
    for (int i = 0; i < n; ++i) {
      {  // Death reported by the police (and often the hospital); payments went on.
        RollEntry& e = Take({});
        Date d = DayIn(WindowMonth(2, 2), 1, 28);
        b_.AddRecord("death", e.person, d, {{"death_date", d.ToString()}});
        if (r_.Percent(60)) {
          Date cert = r_.Percent(30) ? d.AddDays(-1) : d;  // the earliest date counts
          b_.AddRecord("death_certificate", e.person, cert,
                       {{"death_date", cert.ToString()}, {"certificate_no", CertificateNo(cert)}});
        }
        b_.Plant("deceased", e, true, "死亡后继续发放 (death reported, payments went on)");
      }
      {  // Deregistered for death; payments stopped one to three months late.
        RollEntry& e = Take({});
        Date d = DayIn(WindowMonth(2, 4), 1, 28);
        Month last = Month::FromIndex(d.month_of().index() + static_cast<int32_t>(r_.Between(1, 3)));
        Stop(e, last, DayIn(last.Next(), 3, 20));
        b_.AddRecord("deregistration", e.person, d.AddDays(5),
                     {{"date", d.ToString()}, {"reason", "death"}});
        b_.Plant("deceased", e, true, "死亡后延迟停发 (stopped 1-3 months late)");
      }
      {  // Pension stopped for death; payments stopped, but the row is still active.
        RollEntry& e = Take({});
        Month dm = Month::FromIndex(static_cast<int32_t>(
            r_.Between(b_.first_month().index() + 1, handled_by.index() - 1)));
        Date d = DayIn(dm, 1, 28);
        Stop(e, dm, std::nullopt);
        b_.AddRecord("pension_stop", e.person, d, {{"date", d.ToString()}, {"reason", "death"}});
        b_.Plant("deceased", e, true, "死亡超过90天仍在册 (still active 90 days after death)");
      }
      {  // Control: death handled in time (stopped, exited).
        RollEntry& e = Take({});
        Month dm = Month::FromIndex(static_cast<int32_t>(
            r_.Between(b_.first_month().index() + 1, handled_by.index() - 1)));
        Date d = DayIn(dm, 1, 28);
        Stop(e, dm, d.AddDays(static_cast<int32_t>(r_.Between(10, 40))));
        b_.AddRecord("death", e.person, d, {{"death_date", d.ToString()}});
        b_.AddRecord("death_certificate", e.person, d,
                     {{"death_date", d.ToString()}, {"certificate_no", CertificateNo(d)}});
        b_.Plant("deceased", e, false, "control: death handled in time");
      }
      {  // Control: a recent death, within the 90 days the notices allow.
        RollEntry& e = Take({});
        Date d = DaysBefore(R, 20, 70);
        Stop(e, std::min(d.month_of(), b_.last_month()), std::nullopt);
        b_.AddRecord("death_certificate", e.person, d,
                     {{"death_date", d.ToString()}, {"certificate_no", CertificateNo(d)}});
        b_.Plant("deceased", e, false, "control: died less than 90 days ago, not paid since");
      }
      {  // Control: deregistered for emigration, not death.
        RollEntry& e = Take({});
        Date d = DayIn(WindowMonth(1, 1), 1, 28);
        b_.AddRecord("deregistration", e.person, d, {{"date", d.ToString()}, {"reason", "emigration"}});
        b_.Plant("deceased", e, false, "control: deregistered for emigration, not death");
      }
    }
  }

  void Imprisoned(int n) {
    for (int i = 0; i < n; ++i) {
      {  // Imprisoned, no release: paid throughout.
        RollEntry& e = Take(kDibaoTekun);
        Date start = DayIn(WindowMonth(1, 3), 5, 25);
        b_.AddRecord("imprisonment", e.person, start,
                     {{"start_date", start.ToString()},
                      {"expected_release", start.AddDays(static_cast<int32_t>(r_.Between(700, 1800))).ToString()}},
                     r_.Percent(50));
        b_.Plant("imprisoned", e, true, "服刑期间领取 (imprisoned, still paid)");
      }
      {  // Imprisoned and released months later: paid throughout.
        RollEntry& e = Take(kDibaoTekun);
        Date start = DayIn(WindowMonth(1, 7), 5, 25);
        Date release = start.AddDays(static_cast<int32_t>(r_.Between(100, 150)));
        bool token = r_.Percent(50);
        b_.AddRecord("imprisonment", e.person, start, {{"start_date", start.ToString()}}, token);
        b_.AddRecord("release", e.person, release, {{"release_date", release.ToString()}}, token);
        b_.Plant("imprisoned", e, true, "服刑期间领取，已释放 (paid while in prison, since released)");
      }
      {  // Detained for two months or more: paid throughout.
        RollEntry& e = Take({});
        Date start = DayIn(WindowMonth(1, 3), 1, 10);
        Date end = start.AddDays(static_cast<int32_t>(r_.Between(55, 90)));
        b_.AddRecord("detention", e.person, start,
                     {{"start_date", start.ToString()}, {"end_date", end.ToString()}}, r_.Percent(50));
        b_.Plant("imprisoned", e, true, "羁押期间领取 (paid while detained)");
      }
      {  // Control: detained for days, never a whole month.
        RollEntry& e = Take({});
        Date start = DayIn(WindowMonth(1, 1), 3, 12);
        Date end = start.AddDays(static_cast<int32_t>(r_.Between(5, 12)));
        b_.AddRecord("detention", e.person, start,
                     {{"start_date", start.ToString()}, {"end_date", end.ToString()}});
        b_.Plant("imprisoned", e, false, "control: detained for days only");
      }
      {  // Control: community correction is not custody.
        RollEntry& e = Take({});
        Date start = DayIn(WindowMonth(0, 2), 1, 28);
        b_.AddRecord("community_correction", e.person, start,
                     {{"start_date", start.ToString()},
                      {"end_date", start.AddDays(static_cast<int32_t>(r_.Between(180, 365))).ToString()}});
        b_.Plant("imprisoned", e, false, "control: community correction");
      }
    }
  }

  void PensionIncome(int n) {
    for (int i = 0; i < n; ++i) {
      {  // An employee pension well over the line, not declared.
        RollEntry& e = Take(kDibaoTekun);
        MonthlyPension(e.person, WindowMonth(0, 6), Money::FromFen(r_.Between(110, 280) * 1000 + 50 * r_.Between(0, 1)),
                       "enterprise_employee");
        b_.Plant("pension_income", e, true, "养老金超过标准 (pension above the line)");
      }
      {  // Two pensions that add up to more than the line.
        RollEntry& e = Take(kDibaoTekun);
        Money resident = Money::FromFen(r_.Between(140, 250) * 100);
        Money employee = Money::FromFen(100000 - resident.fen() + r_.Between(5, 30) * 1000);
        Month from = WindowMonth(0, 4);
        MonthlyPension(e.person, from, resident, "urban_rural_resident");
        MonthlyPension(e.person, from, employee, "enterprise_employee");
        b_.Plant("pension_income", e, true, "两项养老金合计超标 (two pensions add up over the line)");
      }
      {  // Control: exactly the line is not more than it.
        RollEntry& e = Take(kDibaoTekun);
        MonthlyPension(e.person, b_.first_month(), Money::FromFen(100000), "enterprise_employee");
        b_.Plant("pension_income", e, false, "control: pension exactly 1000.00");
      }
      {  // Control: a small resident pension.
        RollEntry& e = Take(kDibaoTekun);
        MonthlyPension(e.person, b_.first_month(), Money::FromFen(r_.Between(140, 230) * 100),
                       "urban_rural_resident");
        b_.Plant("pension_income", e, false, "control: small resident pension");
      }
      {  // Control: programs that are not means-tested ignore pensions.
        RollEntry& e = Take(kNotMeansTested);
        MonthlyPension(e.person, b_.first_month(), Money::FromFen(r_.Between(150, 250) * 1000),
                       "enterprise_employee");
        b_.Plant("pension_income", e, false, "control: pension, but not a means-tested program");
      }
    }
  }

  void DuplicateEnrollment(int n) {
    for (int i = 0; i < n; ++i) {
      {  // Enrolled again in another township.
        RollEntry& e = Take(kDibao);
        RollEntry& again = SecondRow(e, "dibao_rural", true, WindowMonth(2, 4));
        b_.Plant("duplicate_enrollment", e, true, "跨乡镇重复享受 (enrolled in two townships)");
        b_.Plant("duplicate_enrollment", again, true, "跨乡镇重复享受 (enrolled in two townships)");
      }
      {  // Dibao and tekun at once.
        RollEntry& e = Take(kDibao);
        RollEntry& again = SecondRow(e, "tekun_dispersed", false, WindowMonth(1, 4));
        b_.Plant("duplicate_enrollment", e, true, "低保特困重复享受 (dibao and tekun at once)");
        b_.Plant("duplicate_enrollment", again, true, "低保特困重复享受 (dibao and tekun at once)");
      }
      {  // Orphan and de facto orphan allowances at once.
        RollEntry& e = Take({"orphan", "de_facto_orphan"});
        std::string other = e.row.program == "orphan" ? "de_facto_orphan" : "orphan";
        RollEntry& again = SecondRow(e, other, false, WindowMonth(1, 4));
        b_.Plant("duplicate_enrollment", e, true, "孤儿与事实无人抚养儿童重复 (two orphan allowances)");
        b_.Plant("duplicate_enrollment", again, true, "孤儿与事实无人抚养儿童重复 (two orphan allowances)");
      }
      {  // Control: programs allowed together, same household.
        RollEntry& e = Take({"tekun_dispersed", "dibao_rural"});
        RollEntry& again = SecondRow(e, "disability_care", false, WindowMonth(1, 4), true);
        again.row.monthly_amount = Money::FromFen(r_.Between(8, 12) * 1000);
        b_.Plant("duplicate_enrollment", e, false, "control: compatible programs");
        b_.Plant("duplicate_enrollment", again, false, "control: compatible programs");
      }
      {  // Control: moved township; the old row was exited.
        RollEntry& e = Take(kDibao);
        Month moved = WindowMonth(2, 6);
        RollEntry& old = SecondRow(e, e.row.program, true, b_.first_month());
        Stop(old, Month::FromIndex(moved.index() - 1), DayIn(moved, 1, 10));
        b_.Plant("duplicate_enrollment", e, false, "control: moved, old row exited");
        b_.Plant("duplicate_enrollment", old, false, "control: moved, old row exited");
      }
    }
  }

 private:
  CountyBuilder& b_;
  DemoRandom& r_;
  int certificates_ = 0;
};

}  // namespace

void PlantCases(CountyBuilder& builder) {
  // About one case of each kind per 500 roll rows, at least one.
  const int n = std::max<int>(1, static_cast<int>(builder.entries().size() / 500));
  // Cases keep references to rows while adding second rows: no reallocation meanwhile.
  builder.entries().reserve(builder.entries().size() + 64 * static_cast<size_t>(n) + 64);
  Planter planter(builder);
  planter.Deceased(n);
  planter.Imprisoned(n);
  planter.PensionIncome(n);
  planter.DuplicateEnrollment(n);
}

}  // namespace xmatch::demo
