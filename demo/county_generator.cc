#include "demo/county_generator.h"

#include <algorithm>
#include <fmt/format.h>

#include "demo/county_builder.h"

namespace xmatch::demo {
namespace {

// Born so as to be between min_age and max_age years old on `on`.
std::pair<Date, Date> BornAged(Date on, int min_age, int max_age) {
  Date from = Date::FromValidYmd(on.year() - max_age - 1, on.month(), 1).AddDays(1);
  Date to = Date::FromValidYmd(on.year() - min_age, on.month(), 1);
  return {from, to};
}

int AgeOn(const Person& p, Date on) {
  int age = on.year() - p.birth.year();
  if (on.month() < p.birth.month() || (on.month() == p.birth.month() && on.day() < p.birth.day())) {
    --age;
  }
  return age;
}

Money Yuan(DemoRandom& random, int lo, int hi, int step = 10) {
  int64_t yuan = random.Between(lo / step, hi / step) * step;
  return Money::FromFen(yuan * 100 + (random.Percent(15) ? 50 : 0));
}

// How households are drawn: program, share in per mille, ages, monthly amount (yuan).
struct HouseholdKind {
  std::string program;  // "dibao": urban or rural by township
  int weight;
  int min_age, max_age;
  int min_yuan, max_yuan;
};
const std::vector<HouseholdKind>& HouseholdKinds() {
  static const std::vector<HouseholdKind> kKinds = {
      {"dibao", 560, 28, 88, 0, 0},
      {"tekun_dispersed", 80, 55, 94, 850, 1150},
      {"tekun_centralized", 25, 60, 96, 1100, 1400},
      {"disability_living", 95, 6, 80, 80, 100},
      {"disability_care", 80, 3, 85, 80, 120},
      {"elderly_allowance", 100, 80, 99, 100, 300},
      {"orphan", 10, 1, 17, 1300, 1600},
      {"de_facto_orphan", 20, 1, 17, 1200, 1500},
      {"temp_relief", 30, 22, 75, 500, 3000},
  };
  return kKinds;
}

struct Place {
  const Township* township;
  const Village* village;
};

class HouseholdMaker {
 public:
  explicit HouseholdMaker(CountyBuilder& b) : b_(b) {}

  void Make() {
    DemoRandom& r = b_.random();
    const Township& township = r.Pick(b_.county().townships);
    Place place{&township, &r.Pick(township.villages)};
    std::vector<int> weights;
    for (const auto& k : HouseholdKinds()) weights.push_back(k.weight);
    const HouseholdKind& kind = HouseholdKinds()[r.Weighted(weights)];
    if (kind.program == "dibao") {
      MakeDibao(place);
    } else {
      MakeSingle(place, kind);
    }
  }

 private:
  // Enrolment: some time in the last eight years, not before the person was born.
  Date DrawEnrolment(const Person& p) {
    Date latest = b_.last_month().first_day().AddDays(-20);
    Date earliest = std::max(p.birth, latest.AddDays(-8 * 365));
    if (earliest >= latest) return earliest;
    return earliest.AddDays(static_cast<int32_t>(b_.random().Between(0, latest - earliest)));
  }

  RollEntry Entry(const Person& p, const std::string& program, const Place& place,
                  const std::string& household, Date enrolled, Money amount) {
    RollEntry e;
    e.person = p;
    e.row = {.member_id = b_.NextMemberId(), .household_id = household,
             .id_number = p.id_number, .name = p.name, .program = program,
             .region_code = place.village->code, .enrolled_on = enrolled,
             .monthly_amount = amount, .status = "active", .exited_on = std::nullopt};
    Month m = enrolled.month_of();
    e.first_paid = enrolled.day() <= 15 ? m : m.Next();
    e.quarterly = program.starts_with("tekun");
    return e;
  }

  // ~3% of households leave the roll in the window, ~2% are suspended.
  void DrawStatus(std::vector<size_t>& rows) {
    DemoRandom& r = b_.random();
    int draw = static_cast<int>(r.Between(0, 99));
    if (draw >= 5) return;
    int span = b_.last_month().index() - b_.first_month().index();
    Month stop = Month::FromIndex(b_.first_month().index() + static_cast<int>(r.Between(1, span)));
    Date exited = stop.first_day().AddDays(static_cast<int32_t>(r.Between(0, 25)));
    for (size_t i : rows) {
      RollEntry& e = b_.entries()[i];
      if (e.first_paid > stop) continue;
      e.row.status = draw < 3 ? "exited" : "suspended";
      if (draw < 3) e.row.exited_on = exited;
      e.last_paid = Month::FromIndex(stop.index() - 1);
    }
  }

  void MakeDibao(const Place& place) {
    DemoRandom& r = b_.random();
    PersonFactory& people = b_.people();
    const Date R = b_.run_date();
    const bool urban = place.township->urban() || r.Percent(4);
    const std::string program = urban ? "dibao_urban" : "dibao_rural";
    const Money amount = urban ? Yuan(r, 560, 780) : Yuan(r, 300, 520);
    const std::string household = b_.NextHouseholdId();
    const int size = static_cast<int>(r.Weighted({28, 30, 20, 14, 8})) + 1;

    auto [from, to] = BornAged(R, 28, 88);
    Sex head_sex = r.Percent(55) ? Sex::kMale : Sex::kFemale;
    Person head = people.Make(from, to, head_sex);
    const int head_age = AgeOn(head, R);
    std::vector<Person> members = {head};
    if (size >= 2 && r.Percent(75)) {
      auto [sf, st] = BornAged(R, std::max(20, head_age - 6), head_age + 5);
      members.push_back(people.Make(sf, st, head_sex == Sex::kMale ? Sex::kFemale : Sex::kMale));
    }
    while (static_cast<int>(members.size()) < size) {
      // Children; under old heads, grandchildren left with them.
      int hi = head_age >= 62 ? 17 : std::max(1, head_age - 20);
      int lo = head_age >= 62 ? 1 : std::max(1, head_age - 40);
      auto [cf, ct] = BornAged(R, lo, hi);
      Sex sex = r.Percent(50) ? Sex::kMale : Sex::kFemale;
      members.push_back(people.MakeWithSurname(cf, ct, sex, SurnameOf(head.name)));
    }

    const Date enrolled = DrawEnrolment(head);
    std::vector<size_t> rows;
    for (const Person& p : members) {
      Date since = std::max(enrolled, p.birth.AddDays(30));
      rows.push_back(b_.AddEntry(Entry(p, program, place, household, since, amount)));
      // Dibao members can also draw the disability living allowance or, over 80, the
      // elderly allowance: allowed together, so they must raise nothing.
      const int age = AgeOn(p, R);
      const char* extra = age >= 80 && r.Percent(50)          ? "elderly_allowance"
                          : age >= 16 && age < 70 && r.Percent(8) ? "disability_living"
                                                                 : nullptr;
      if (extra != nullptr) {
        Money extra_amount = std::string(extra) == "elderly_allowance" ? Yuan(r, 100, 200, 50)
                                                                       : Yuan(r, 80, 100);
        rows.push_back(b_.AddEntry(Entry(p, extra, place, household, DrawEnrolment(p), extra_amount)));
        b_.entries()[rows.back()].person_has_other_rows = true;
        b_.entries()[rows[rows.size() - 2]].person_has_other_rows = true;
      }
    }
    DrawStatus(rows);
  }

  void MakeSingle(const Place& place, const HouseholdKind& kind) {
    DemoRandom& r = b_.random();
    auto [from, to] = BornAged(b_.run_date(), kind.min_age, kind.max_age);
    Person p = b_.people().Make(from, to, b_.people().DrawSex(kind.max_age));
    Money amount = Yuan(r, kind.min_yuan, kind.max_yuan);
    if (kind.program == "temp_relief") {
      // One payment in a month of the window, then the row is closed.
      int span = b_.last_month().index() - b_.first_month().index();
      Month m = Month::FromIndex(b_.first_month().index() + static_cast<int>(r.Between(0, span)));
      RollEntry e = Entry(p, kind.program, place, b_.NextHouseholdId(),
                          m.first_day().AddDays(static_cast<int32_t>(r.Between(0, 9))), amount);
      e.first_paid = m;
      e.last_paid = m;
      e.row.status = "exited";
      e.row.exited_on = m.last_day();
      b_.AddEntry(std::move(e));
      return;
    }
    std::vector<size_t> rows = {
        b_.AddEntry(Entry(p, kind.program, place, b_.NextHouseholdId(), DrawEnrolment(p), amount))};
    DrawStatus(rows);
  }

  CountyBuilder& b_;
};

}  // namespace

// ---- CountyBuilder ----

CountyBuilder::CountyBuilder(const County& county, Date run_date, int months, uint64_t seed,
                             const TokenKeyring* keyring)
    : county_(county),
      run_date_(run_date),
      first_month_(Month::FromIndex(run_date.month_of().index() - months)),
      last_month_(Month::FromIndex(run_date.month_of().index() - 1)),
      random_(seed),
      people_(county.id_address_code(), random_),
      keyring_(keyring) {}

size_t CountyBuilder::AddEntry(RollEntry entry) {
  entries_.push_back(std::move(entry));
  return entries_.size() - 1;
}

std::string CountyBuilder::NextMemberId() {
  return fmt::format("M{}{:05d}", county_.code, ++member_seq_);
}

std::string CountyBuilder::NextHouseholdId() {
  return fmt::format("H{}{:05d}", county_.code, ++household_seq_);
}

std::string CountyBuilder::NextRecordId(const std::string& kind, int year) {
  return fmt::format("{}-{}-{:06d}", SourceOfKind(kind).id_prefix, year, ++record_seq_[kind]);
}

void CountyBuilder::AddRecord(const std::string& kind, const Person& person, Date date,
                              nlohmann::json fields, bool use_token) {
  const KindSource& ks = SourceOfKind(kind);
  nlohmann::json rec = {{"source", ks.source},
                        {"record_id", NextRecordId(kind, date.year())},
                        {"kind", kind},
                        {"agreement_id", ks.agreement_id},
                        {"schema_version", 1}};
  if (use_token && keyring_ != nullptr && !keyring_->empty()) {
    Result<ResidentId> id = ResidentId::Parse(person.id_number);
    rec["id_token"] = keyring_->Tokenize(*id);
    rec["key_version"] = keyring_->current_version();
  } else {
    rec["id_number"] = person.id_number;
    rec["name"] = person.name;
  }
  rec.update(fields);
  records_[ks.source].emplace_back(date.ToString(), std::move(rec));
}

void CountyBuilder::AddRawRecord(const std::string& source, Date date, nlohmann::json record) {
  records_[source].emplace_back(date.ToString(), std::move(record));
}

void CountyBuilder::Plant(std::string rule, const RollEntry& entry, bool raises,
                          std::string what) {
  planted_.push_back({.rule = std::move(rule), .member_id = entry.row.member_id,
                      .raises_clue = raises, .what = std::move(what)});
}

std::optional<size_t> CountyBuilder::TakeEntry(const std::vector<std::string>& programs) {
  // Start at a random place so that the cases spread over townships and programs.
  const size_t n = entries_.size();
  const size_t start = static_cast<size_t>(random_.Between(0, static_cast<int64_t>(n) - 1));
  for (size_t k = 0; k < n; ++k) {
    RollEntry& e = entries_[(start + k) % n];
    if (e.planted || e.person_has_other_rows || e.row.status != "active" || e.last_paid ||
        e.first_paid > first_month_) {
      continue;
    }
    if (!programs.empty() &&
        std::find(programs.begin(), programs.end(), e.row.program) == programs.end()) {
      continue;
    }
    e.planted = true;
    return (start + k) % n;
  }
  return std::nullopt;
}

CountyData CountyBuilder::Finish() {
  CountyData data;
  data.county = county_;
  data.run_date = run_date_;
  for (const RollEntry& e : entries_) {
    Month from = std::max(e.first_paid, first_month_);
    Month to = std::min(e.last_paid.value_or(last_month_), last_month_);
    for (Month m = from; m <= to; m = m.Next()) {
      Date paid_on;
      if (e.quarterly) {
        Month quarter_first = Month::FromIndex(m.index() - (m.month() - 1) % 3);
        paid_on = quarter_first.first_day().AddDays(static_cast<int32_t>(random_.Between(3, 8)));
      } else {
        paid_on = m.first_day().AddDays(static_cast<int32_t>(random_.Between(3, 8)));
      }
      data.payments.push_back({e.row.member_id, m, e.row.monthly_amount, paid_on});
    }
    data.roll.push_back(e.row);
  }
  for (auto& [source, records] : records_) {
    std::stable_sort(records.begin(), records.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [date, rec] : records) data.records[source].push_back(std::move(rec));
  }
  data.planted = std::move(planted_);
  data.planted_rejects = planted_rejects_;
  return data;
}

const KindSource& SourceOfKind(const std::string& kind) {
  static const std::map<std::string, KindSource> kKinds = {
      {"death", {"public_security", "ps-2026-001", "PS-DEATH"}},
      {"deregistration", {"public_security", "ps-2026-001", "PS-DEREG"}},
      {"detention", {"public_security", "ps-2026-001", "PS-DET"}},
      {"imprisonment", {"justice", "sf-2026-001", "SF-IMP"}},
      {"release", {"justice", "sf-2026-001", "SF-REL"}},
      {"community_correction", {"justice", "sf-2026-001", "SF-CC"}},
      {"death_certificate", {"health", "wj-2026-001", "WJ-DC"}},
      {"pension_payment", {"pension", "rs-2026-001", "RS-PAY"}},
      {"pension_stop", {"pension", "rs-2026-001", "RS-STOP"}},
  };
  return kKinds.at(kind);
}

Result<CountyData> GenerateCounty(const County& county, const CountyOptions& options) {
  if (options.households < 60) {
    return Status::InvalidArgument(fmt::format(
        "a demo county needs at least 60 households for every planted case, got {}",
        options.households));
  }
  if (options.months < 6 || options.months > 36) {
    return Status::InvalidArgument(
        fmt::format("months of payments must be 6 to 36, got {}", options.months));
  }
  CountyBuilder builder(county, options.run_date, options.months, options.seed, options.keyring);
  HouseholdMaker households(builder);
  for (int i = 0; i < options.households; ++i) households.Make();
  PlantCases(builder);
  AddOrdinaryRecords(builder);
  return builder.Finish();
}

}  // namespace xmatch::demo
