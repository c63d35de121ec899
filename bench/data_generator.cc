#include "bench/data_generator.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "common/money.h"
#include "common/resident_id.h"
#include "store/copy_writer.h"
#include "store/connection.h"

namespace xmatch::bench {
namespace {

using store::CopyWriter;

// ---- Deterministic randomness: an independent stream per (purpose, entity). ----

constexpr uint64_t kGolden = 0x9E3779B97F4A7C15ull;

uint64_t Mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

enum Stream : uint64_t {
  kRowStream = 1,
  kHouseholdStream,
  kFateStream,
  kDuplicateStream,
  kFillerStream,
  kChangeStream,
  kNewRecordStream,
};

class Rng {
 public:
  Rng(uint64_t seed, Stream stream, uint64_t index)
      : state_(Mix(seed ^ Mix(static_cast<uint64_t>(stream) * kGolden + index))) {}
  uint64_t Next() { return Mix(state_ += kGolden); }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Uniform() < p; }
  // Uniform in [lo, hi], both inclusive.
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  uint64_t Below(uint64_t n) { return Next() % n; }

 private:
  uint64_t state_;
};

// ---- Geography: counties of Sanmenxia (Henan), 12 townships each, 20 villages each. ----

constexpr std::array<std::string_view, 5> kCounties = {"411202", "411221", "411222",
                                                       "411224", "411282"};
constexpr int kTownships = 12;
constexpr int kVillages = 20;

struct Place {
  int county = 0;
  int township = 0;
  int village = 0;
  std::string RegionCode() const {
    return fmt::format("{}{:03d}{:03d}", kCounties[county], township + 1, village + 1);
  }
};

// ---- People: person index -> a unique, valid resident ID. ----

// IDs are (county, birth day, order code) triples: a bijection from [0, kIdSpace) spreads
// consecutive person indices over counties and birth dates.
constexpr uint64_t kIdDays = 29220;  // 80 years from 1935-01-01
constexpr uint64_t kIdOrders = 999;  // order codes 001..999
constexpr uint64_t kIdSpace = kCounties.size() * kIdDays * kIdOrders;
constexpr uint64_t kIdStride = 1'000'003;  // prime, coprime with kIdSpace
static_assert(kIdSpace % kIdStride != 0);

std::string ResidentIdText(uint64_t seed, uint64_t person) {
  uint64_t k = (person * kIdStride + seed) % kIdSpace;
  const uint64_t county = k % kCounties.size();
  k /= kCounties.size();
  const Date birth = Date::FromValidYmd(1935, 1, 1).AddDays(static_cast<int32_t>(k % kIdDays));
  const uint64_t order = k / kIdDays + 1;
  std::string id = fmt::format("{}{:04d}{:02d}{:02d}{:03d}", kCounties[county], birth.year(),
                               birth.month(), birth.day(), order);
  id += ResidentIdCheckCharacter(id);
  return id;
}

constexpr std::array<std::string_view, 20> kSurnames = {
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
    "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"};
constexpr std::array<std::string_view, 24> kGiven = {
    "伟", "芳", "娜", "秀", "英", "敏", "静", "丽", "强", "磊", "军", "洋",
    "勇", "艳", "杰", "娟", "涛", "明", "超", "兰", "霞", "平", "刚", "桂"};

std::string NameOf(uint64_t seed, uint64_t person) {
  uint64_t h = Mix(seed ^ (person * kGolden));
  std::string name(kSurnames[h % kSurnames.size()]);
  h /= kSurnames.size();
  name += kGiven[h % kGiven.size()];
  h /= kGiven.size();
  if (h % 3 != 0) name += kGiven[(h / 3) % kGiven.size()];
  return name;
}

// ---- Programs ----

struct ProgramShare {
  std::string_view name;
  double share;
  int min_yuan;  // monthly amount range
  int max_yuan;
};
constexpr std::array<ProgramShare, 10> kPrograms = {{
    {"dibao_rural", 0.52, 350, 520},
    {"dibao_urban", 0.12, 600, 780},
    {"tekun_dispersed", 0.07, 900, 1100},
    {"tekun_centralized", 0.03, 1100, 1400},
    {"disability_living", 0.09, 80, 100},
    {"disability_care", 0.06, 80, 120},
    {"elderly_allowance", 0.07, 100, 300},
    {"orphan", 0.01, 1300, 1600},
    {"de_facto_orphan", 0.02, 1300, 1500},
    {"temp_relief", 0.01, 500, 3000},
}};

size_t DrawProgram(Rng& rng) {
  double u = rng.Uniform();
  for (size_t i = 0; i < kPrograms.size(); ++i) {
    if (u < kPrograms[i].share) return i;
    u -= kPrograms[i].share;
  }
  return 0;
}

size_t ProgramIndex(std::string_view name) {
  for (size_t i = 0; i < kPrograms.size(); ++i) {
    if (kPrograms[i].name == name) return i;
  }
  return 0;
}

bool IsDibaoOrTekun(size_t program) { return program <= 3; }

Money DrawAmount(Rng& rng, size_t program) {
  const int64_t yuan = rng.Between(kPrograms[program].min_yuan, kPrograms[program].max_yuan);
  return Money::FromFen(yuan * 100 + (rng.Chance(0.2) ? 50 : 0));
}

// ---- Department record kinds ----

struct KindInfo {
  std::string_view kind;
  std::string_view source;
  std::string_view agreement;
  std::string_view topic;
  std::string_view prefix;  // of record ids
};
enum Kind {
  kDeath,
  kDeregistration,
  kDetention,
  kImprisonment,
  kRelease,
  kCorrection,
  kDeathCertificate,
  kPensionPayment,
  kPensionStop,
};
constexpr std::array<KindInfo, 9> kKinds = {{
    {"death", "public_security", "ps-2026-001", "public_security.records", "GA"},
    {"deregistration", "public_security", "ps-2026-001", "public_security.records", "GA"},
    {"detention", "public_security", "ps-2026-001", "public_security.records", "GA"},
    {"imprisonment", "justice", "sf-2026-001", "justice.records", "SF"},
    {"release", "justice", "sf-2026-001", "justice.records", "SF"},
    {"community_correction", "justice", "sf-2026-001", "justice.records", "SF"},
    {"death_certificate", "health", "wj-2026-001", "health.records", "WJ"},
    {"pension_payment", "pension", "rs-2026-001", "pension.records", "RS"},
    {"pension_stop", "pension", "rs-2026-001", "pension.records", "RS"},
}};

struct Record {
  Kind kind = kDeath;
  Date event;                  // the kind's main date; a pension payment's period's first day
  std::optional<Date> end;     // end_date / expected_release
  std::optional<Money> amount; // pension payment
  std::string_view reason;     // deregistration / pension_stop reason, pension scheme
};

// Writes department records of one batch to COPY, or only counts them (writer == null).
class RecordSink {
 public:
  RecordSink(CopyWriter* writer, uint32_t batch, int key_version)
      : writer_(writer), batch_(batch), key_version_(key_version) {}

  bool counting() const { return writer_ == nullptr; }
  size_t count() const { return count_; }

  // `token` is ignored when counting.
  void Add(const Record& r, std::string_view token) {
    ++count_;
    if (writer_ == nullptr) return;
    const KindInfo& k = kKinds[r.kind];
    CopyWriter& w = *writer_;
    w.PlainField(k.source);
    const std::string record_id = fmt::format("{}{:02d}{:010d}", k.prefix, batch_, count_);
    w.PlainField(record_id);
    w.PlainField(k.kind);
    w.PlainField(k.agreement);
    w.IntField(1);
    w.PlainField(token);
    w.IntField(key_version_);
    w.IntField(TokenKeyOfToken(token));
    const std::string event = r.event.ToString();
    w.PlainField(event);
    if (r.end) {
      w.PlainField(r.end->ToString());
    } else {
      w.NullField();
    }
    if (r.amount) {
      w.PlainField(r.amount->ToString());
    } else {
      w.NullField();
    }
    if (r.reason.empty()) {
      w.NullField();
    } else {
      w.PlainField(r.reason);
    }
    w.PlainField(FieldsJson(r, event, record_id));
    w.PlainField(k.topic);
    w.IntField(static_cast<int64_t>(count_ % 3));
    w.IntField(static_cast<int64_t>(count_ / 3));
    w.EndRow();
  }

 private:
  static std::string FieldsJson(const Record& r, const std::string& event,
                                const std::string& record_id) {
    const std::string end = r.end ? r.end->ToString() : std::string();
    switch (r.kind) {
      case kDeath:
        return fmt::format(R"({{"death_date":"{}"}})", event);
      case kDeregistration:
      case kPensionStop:
        return fmt::format(R"({{"date":"{}","reason":"{}"}})", event, r.reason);
      case kDetention:
      case kCorrection:
        return r.end ? fmt::format(R"({{"start_date":"{}","end_date":"{}"}})", event, end)
                     : fmt::format(R"({{"start_date":"{}"}})", event);
      case kImprisonment:
        return r.end ? fmt::format(R"({{"start_date":"{}","expected_release":"{}"}})", event, end)
                     : fmt::format(R"({{"start_date":"{}"}})", event);
      case kRelease:
        return fmt::format(R"({{"release_date":"{}"}})", event);
      case kDeathCertificate:
        return fmt::format(R"({{"death_date":"{}","certificate_no":"C{}"}})", event, record_id);
      case kPensionPayment:
        return fmt::format(R"({{"period":"{}","amount":"{}","scheme":"{}"}})",
                           event.substr(0, 7), r.amount->ToString(), r.reason);
    }
    return "{}";
  }

  CopyWriter* writer_;
  uint32_t batch_;
  int key_version_;
  size_t count_ = 0;
};

const std::vector<std::string> kRollColumns = {
    "member_id", "household_id", "id_number",      "id_token", "key_version", "name",
    "program",   "region_code",  "monthly_amount", "enrolled_on", "status",   "exited_on",
    "token_key"};
const std::vector<std::string> kPaymentColumns = {"member_id", "period", "amount", "paid_on"};
const std::vector<std::string> kRecordColumns = {
    "source",   "record_id", "kind",   "agreement_id", "schema_version", "id_token",
    "key_version", "token_key", "event_date", "end_date", "amount", "reason", "fields",
    "origin_topic", "origin_partition", "origin_offset"};

// ---- What happens to a person on the roll ----

struct Fate {
  enum Kind {
    kNone,
    kDeath,
    kCustody,
    kCorrection,
    kPensionHigh,
    kPensionBoundary,
    kPensionTwoSchemes,
    kPensionSmall,
  } kind = kNone;
  // kDeath: the death date, the months paid after its month (-1: never stopped), whether
  // the row was left active, and which departments report it with what date offsets.
  Date died;
  int paid_after = 0;
  bool left_active = false;
  bool ps_death = false, certificate = false, deregistration = false, pension_stop = false;
  int ps_delay = 0, deregistration_delay = 0, pension_stop_delay = 0;
  // kCustody / kCorrection.
  enum Custody { kPrisonReleased, kPrisonOpen, kDetentionEnded, kDetentionOpen } custody =
      kPrisonOpen;
  Date start;
  std::optional<Date> end;       // release, detention end or correction end
  std::optional<Date> expected;  // imprisonment expected_release
  std::optional<Date> earlier_release;  // a release before the start: ends nothing
  bool payments_stopped = false;
  // Pensions: monthly amount (fen) and the first month drawn (index into the window).
  int64_t pension_fen = 0;
  int pension_from = 0;
};

// Everything about the generated world that does not depend on a database.
class World {
 public:
  explicit World(const GeneratorOptions& o)
      : o_(o),
        last_month_(o.run_date.month_of().index() - 1),
        first_month_(last_month_ - o.months + 1),
        duplicate_rows_(o.roll_rows * 3 / 1000),
        first_rows_(o.roll_rows - duplicate_rows_) {}

  const GeneratorOptions& options() const { return o_; }
  int32_t first_month() const { return first_month_; }
  int32_t last_month() const { return last_month_; }
  size_t first_rows() const { return first_rows_; }
  // Person indices: roll persons are [0, first_rows); Load's other people start at
  // roll_rows; each AddChanges batch gets a fresh range after that.
  uint64_t batch_person_base(uint32_t batch) const {
    return o_.roll_rows + static_cast<uint64_t>(batch) * batch_span();
  }
  uint64_t batch_span() const { return o_.dept_records + o_.roll_rows + 1024; }
  std::string MemberId(uint64_t row) const { return fmt::format("M{:010d}", row); }

  Fate FateOf(uint64_t person) const;
  void PlantedRecords(const Fate& f, std::string_view token, RecordSink* sink) const;
  // One ordinary draw: a pensioner's months, or one event of someone not on the roll.
  void OrdinaryRecords(uint64_t draw, std::string_view token, size_t limit,
                       RecordSink* sink) const;

 private:
  const GeneratorOptions& o_;
  int32_t last_month_;
  int32_t first_month_;
  size_t duplicate_rows_;
  size_t first_rows_;
};

Fate World::FateOf(uint64_t person) const {
  Rng rng(o_.seed, kFateStream, person);
  const double u = rng.Uniform();
  Fate f;
  const Date r = o_.run_date;
  if (u < 0.008) {
    f.kind = Fate::kDeath;
    f.died = r.AddDays(-static_cast<int32_t>(rng.Between(10, 400)));
    const double stop = rng.Uniform();
    f.paid_after = stop < 0.45 ? 0 : stop < 0.65 ? 1 : stop < 0.75 ? 2 : stop < 0.85 ? 3 : -1;
    f.left_active = f.paid_after == 0 && rng.Chance(0.2);
    f.ps_death = rng.Chance(0.85);
    f.certificate = rng.Chance(0.6) || !f.ps_death;
    f.deregistration = rng.Chance(0.25);
    f.pension_stop = rng.Chance(0.1);
    f.ps_delay = rng.Chance(0.2) ? static_cast<int>(rng.Between(1, 3)) : 0;
    f.deregistration_delay = static_cast<int>(rng.Between(10, 60));
    f.pension_stop_delay = static_cast<int>(rng.Between(20, 90));
  } else if (u < 0.0095) {
    f.kind = Fate::kCustody;
    const double c = rng.Uniform();
    f.custody = c < 0.4 ? Fate::kPrisonReleased
                : c < 0.7 ? Fate::kPrisonOpen
                : c < 0.9 ? Fate::kDetentionEnded
                          : Fate::kDetentionOpen;
    f.start = r.AddDays(-static_cast<int32_t>(rng.Between(20, 540)));
    if (f.custody == Fate::kPrisonReleased) {
      const Date release = f.start.AddDays(static_cast<int32_t>(rng.Between(60, 400)));
      if (release < r) f.end = release;
    } else if (f.custody == Fate::kDetentionEnded) {
      const Date end = f.start.AddDays(static_cast<int32_t>(rng.Between(3, 120)));
      if (end < r) f.end = end;
    }
    if (f.custody <= Fate::kPrisonOpen) {
      if (rng.Chance(0.5)) f.expected = f.start.AddDays(static_cast<int32_t>(rng.Between(180, 900)));
      if (rng.Chance(0.1)) f.earlier_release = f.start.AddDays(-static_cast<int32_t>(rng.Between(100, 1000)));
    }
    f.payments_stopped = rng.Chance(0.3);
  } else if (u < 0.010) {
    f.kind = Fate::kCorrection;
    f.start = r.AddDays(-static_cast<int32_t>(rng.Between(30, 300)));
    f.end = f.start.AddDays(180);
  } else if (u < 0.013) {
    f.kind = Fate::kPensionHigh;
    f.pension_fen = rng.Between(1100, 3500) * 100 + rng.Between(0, 99);
    f.pension_from = static_cast<int>(rng.Between(0, o_.months - 1));
  } else if (u < 0.0135) {
    f.kind = Fate::kPensionBoundary;
  } else if (u < 0.014) {
    f.kind = Fate::kPensionTwoSchemes;
    f.pension_from = static_cast<int>(rng.Between(0, o_.months - 1));
  } else if (u < 0.114) {
    f.kind = Fate::kPensionSmall;
    f.pension_fen = rng.Between(110, 300) * 100;
  }
  return f;
}

void World::PlantedRecords(const Fate& f, std::string_view token, RecordSink* sink) const {
  const Date last_day = o_.run_date.AddDays(-1);
  auto pension = [&](int32_t month, int64_t fen, std::string_view scheme) {
    sink->Add({kPensionPayment, Month::FromIndex(month).first_day(), std::nullopt,
               Money::FromFen(fen), scheme},
              token);
  };
  switch (f.kind) {
    case Fate::kNone:
      return;
    case Fate::kDeath:
      if (f.ps_death) sink->Add({kDeath, f.died.AddDays(f.ps_delay), {}, {}, {}}, token);
      if (f.certificate) sink->Add({kDeathCertificate, f.died, {}, {}, {}}, token);
      if (f.deregistration) {
        sink->Add({kDeregistration, std::min(last_day, f.died.AddDays(f.deregistration_delay)),
                   {}, {}, "death"},
                  token);
      }
      if (f.pension_stop) {
        sink->Add({kPensionStop, std::min(last_day, f.died.AddDays(f.pension_stop_delay)), {},
                   {}, "death"},
                  token);
      }
      return;
    case Fate::kCustody: {
      const bool prison = f.custody <= Fate::kPrisonOpen;
      if (prison) {
        sink->Add({kImprisonment, f.start, f.expected, {}, {}}, token);
        if (f.end) sink->Add({kRelease, *f.end, {}, {}, {}}, token);
        if (f.earlier_release) sink->Add({kRelease, *f.earlier_release, {}, {}, {}}, token);
      } else {
        sink->Add({kDetention, f.start, f.end, {}, {}}, token);
      }
      return;
    }
    case Fate::kCorrection:
      sink->Add({kCorrection, f.start, f.end, {}, {}}, token);
      return;
    case Fate::kPensionHigh:
      for (int32_t m = first_month_ + f.pension_from; m <= last_month_; ++m) {
        pension(m, f.pension_fen, "enterprise_employee");
      }
      return;
    case Fate::kPensionBoundary:
      // 1000.00 is not more than the threshold; 1000.01 is.
      for (int32_t m = first_month_; m <= last_month_; ++m) {
        pension(m, m % 2 == 0 ? 100000 : 100001, "enterprise_employee");
      }
      return;
    case Fate::kPensionTwoSchemes:
      for (int32_t m = first_month_; m <= last_month_; ++m) {
        pension(m, 15000, "urban_rural_resident");
        if (m >= first_month_ + f.pension_from) pension(m, 86000, "enterprise_employee");
      }
      return;
    case Fate::kPensionSmall:
      for (int32_t m = first_month_; m <= last_month_; ++m) {
        pension(m, f.pension_fen, "urban_rural_resident");
      }
      return;
  }
}

void World::OrdinaryRecords(uint64_t draw, std::string_view token, size_t limit,
                            RecordSink* sink) const {
  Rng rng(o_.seed, kFillerStream, draw);
  const Date r = o_.run_date;
  auto past = [&](int64_t max_days) {
    return r.AddDays(-static_cast<int32_t>(rng.Between(1, max_days)));
  };
  const double u = rng.Uniform();
  if (u < 0.36) {  // a pensioner: one record a month
    const double s = rng.Uniform();
    const std::string_view scheme = s < 0.6    ? "urban_rural_resident"
                                    : s < 0.95 ? "enterprise_employee"
                                               : "civil_service";
    const int64_t fen = scheme == "urban_rural_resident" ? rng.Between(120, 400) * 100
                        : scheme == "enterprise_employee" ? rng.Between(1800, 4500) * 100
                                                          : rng.Between(4000, 8000) * 100;
    for (int32_t m = first_month_; m <= last_month_ && sink->count() < limit; ++m) {
      sink->Add({kPensionPayment, Month::FromIndex(m).first_day(), {}, Money::FromFen(fen),
                 scheme},
                token);
    }
    return;
  }
  const double k = rng.Uniform();
  if (k < 0.40) {
    const Date died = past(400);
    sink->Add({kDeath, died, {}, {}, {}}, token);
    if (rng.Chance(0.5) && sink->count() < limit) {
      sink->Add({kDeathCertificate, died, {}, {}, {}}, token);
    }
  } else if (k < 0.60) {
    sink->Add({kDeregistration, past(700), {}, {}, rng.Chance(0.7) ? "emigration" : "other"},
              token);
  } else if (k < 0.70) {
    const Date start = past(500);
    sink->Add({kDetention, start, start.AddDays(static_cast<int32_t>(rng.Between(3, 30))), {}, {}},
              token);
  } else if (k < 0.78) {
    sink->Add({kImprisonment, past(900), {}, {}, {}}, token);
  } else if (k < 0.85) {
    sink->Add({kRelease, past(300), {}, {}, {}}, token);
  } else if (k < 0.90) {
    const Date start = past(400);
    sink->Add({kCorrection, start, start.AddDays(365), {}, {}}, token);
  } else {
    sink->Add({kPensionStop, past(400), {}, {}, "other"}, token);
  }
}

// ---- Roll rows ----

struct RollRow {
  uint64_t person = 0;
  uint64_t household = 0;
  size_t program = 0;
  Place place;
  Money monthly;
  Date enrolled;
  std::string_view status = "active";
  std::optional<Date> exited;
  int32_t first_paid = 0;  // month indices, inclusive; none when last_paid < first_paid
  int32_t last_paid = -1;
};

class RollModel {
 public:
  explicit RollModel(const World& w) : w_(w), o_(w.options()) {}

  // Row `row` of the initial roll (0 <= row < roll_rows).
  RollRow Row(uint64_t row) const {
    return row < w_.first_rows() ? FirstRow(row) : SecondRow(row);
  }

  // A new row of AddChanges: a new person, or (about one in five) a second row of a
  // person on the roll, in another township.
  RollRow NewRow(uint32_t batch, uint64_t index, Date run_date) const {
    Rng rng(o_.seed, kChangeStream, (static_cast<uint64_t>(batch) << 40) | (index << 1) | 1);
    RollRow row;
    if (rng.Chance(0.2)) {
      const RollRow first = FirstRow(rng.Below(w_.first_rows()));
      row.person = first.person;
      row.program = first.program;
      row.place = first.place;
      row.place.township = (first.place.township + 1 + static_cast<int>(rng.Below(kTownships - 1))) % kTownships;
    } else {
      row.person = w_.batch_person_base(batch) + index;
      row.program = DrawProgram(rng);
      row.place = {static_cast<int>(rng.Below(kCounties.size())),
                   static_cast<int>(rng.Below(kTownships)), 0};
    }
    row.place.village = static_cast<int>(rng.Below(kVillages));
    row.household = (1ull << 40) + (static_cast<uint64_t>(batch) << 24) + index;
    row.monthly = DrawAmount(rng, row.program);
    row.enrolled = run_date.AddDays(-static_cast<int32_t>(rng.Between(30, 200)));
    row.first_paid = row.enrolled.month_of().index() + 1;
    row.last_paid = w_.last_month();
    return row;
  }

 private:
  RollRow FirstRow(uint64_t r) const {
    Rng rng(o_.seed, kRowStream, r);
    RollRow row;
    row.person = r;
    row.household = r * 5 / 12;  // households of 2 or 3 members
    Rng home(o_.seed, kHouseholdStream, row.household);
    row.place = {static_cast<int>(home.Below(kCounties.size())),
                 static_cast<int>(home.Below(kTownships)), static_cast<int>(home.Below(kVillages))};
    row.program = DrawProgram(rng);
    row.monthly = DrawAmount(rng, row.program);
    const Fate fate = w_.FateOf(r);
    const bool planted = fate.kind == Fate::kDeath || fate.kind == Fate::kCustody;
    const Date window_start = Month::FromIndex(w_.first_month()).first_day();
    const Date oldest = Date::FromValidYmd(2012, 1, 1);
    const Date newest = planted ? window_start.AddDays(-31) : o_.run_date.AddDays(-40);
    row.enrolled = oldest.AddDays(static_cast<int32_t>(rng.Between(0, newest - oldest)));
    row.first_paid = std::max(w_.first_month(), row.enrolled.month_of().index() + 1);
    row.last_paid = w_.last_month();
    if (fate.kind == Fate::kDeath) {
      const int32_t death_month = fate.died.month_of().index();
      if (fate.paid_after >= 0) {
        // Paid up to `paid_after` months after the death's month, then exited (or, for
        // some stopped on time, left active by mistake).
        const int32_t last = death_month + fate.paid_after;
        row.last_paid = std::min(row.last_paid, last);
        if (!fate.left_active) {
          Exit(&row, Month::FromIndex(last + 1).first_day().AddDays(static_cast<int32_t>(rng.Between(0, 20))),
               /*stop_payments=*/false);
        }
      }
    } else if (fate.kind == Fate::kCustody && fate.payments_stopped) {
      row.status = "suspended";
      row.last_paid = std::min(row.last_paid, fate.start.month_of().index());
    } else {
      OrdinaryStatus(rng, &row);
    }
    if (kPrograms[row.program].name == "temp_relief" && row.first_paid <= row.last_paid) {
      row.first_paid = row.last_paid = static_cast<int32_t>(rng.Between(row.first_paid, row.last_paid));
    }
    return row;
  }

  // A person's second roll row: another township with the same program, an incompatible
  // program in the same township, or a harmless one (compatible program, or exited).
  RollRow SecondRow(uint64_t r) const {
    Rng rng(o_.seed, kDuplicateStream, r);
    const RollRow first = FirstRow(rng.Below(w_.first_rows()));
    RollRow row = first;
    row.household = (1ull << 39) + r;
    const double u = rng.Uniform();
    const size_t p = first.program;
    if (u < 0.40) {
      row.place.township = (first.place.township + 1 + static_cast<int>(rng.Below(kTownships - 1))) % kTownships;
      if (rng.Chance(0.3)) row.place.county = static_cast<int>(rng.Below(kCounties.size()));
    } else if (u < 0.60) {
      row.program = IsDibaoOrTekun(p) ? (p == 0 ? 2 : 0)                        // dibao_rural <-> tekun
                    : kPrograms[p].name == "orphan" ? ProgramIndex("de_facto_orphan")
                                                    : p;
    } else {
      row.program = kPrograms[p].name == "disability_living" ? ProgramIndex("elderly_allowance")
                                                             : ProgramIndex("disability_living");
    }
    row.place.village = static_cast<int>(rng.Below(kVillages));
    row.monthly = DrawAmount(rng, row.program);
    row.status = "active";
    row.exited.reset();
    const Date oldest = Date::FromValidYmd(2015, 1, 1);
    row.enrolled = oldest.AddDays(static_cast<int32_t>(rng.Between(0, o_.run_date.AddDays(-60) - oldest)));
    row.first_paid = std::max(w_.first_month(), row.enrolled.month_of().index() + 1);
    row.last_paid = w_.last_month();
    if (u >= 0.85) Exit(&row, o_.run_date.AddDays(-static_cast<int32_t>(rng.Between(10, 300))));
    return row;
  }

  void OrdinaryStatus(Rng& rng, RollRow* row) const {
    const double s = rng.Uniform();
    if (s < 0.93) return;
    if (s < 0.95) {
      row->status = "suspended";
      row->last_paid = std::min(row->last_paid,
                                w_.first_month() + static_cast<int32_t>(rng.Below(o_.months)));
      return;
    }
    const Date lo = std::max(row->enrolled.AddDays(31),
                             Month::FromIndex(w_.first_month()).first_day().AddDays(-365));
    const Date hi = o_.run_date.AddDays(-1);
    if (hi < lo) return;
    Exit(row, lo.AddDays(static_cast<int32_t>(rng.Between(0, hi - lo))));
  }

  // Exits the row on `day` (if before the run date); when `stop_payments`, it is paid up
  // to the month before.
  void Exit(RollRow* row, Date day, bool stop_payments = true) const {
    if (!(day < o_.run_date)) return;
    row->status = "exited";
    row->exited = day;
    if (stop_payments) row->last_paid = std::min(row->last_paid, day.month_of().index() - 1);
  }

  const World& w_;
  const GeneratorOptions& o_;
};

// ---- COPY helpers ----

class Tokenizer {
 public:
  Tokenizer(const TokenKeyring& keyring, const GeneratorOptions& o) : keyring_(keyring), o_(o) {}
  std::string IdNumber(uint64_t person) const { return ResidentIdText(o_.seed, person); }
  std::string Token(uint64_t person) const { return TokenOfId(IdNumber(person)); }
  std::string TokenOfId(const std::string& id) const {
    return keyring_.Tokenize(ResidentId::Parse(id).value(), o_.key_version).value();
  }

 private:
  const TokenKeyring& keyring_;
  const GeneratorOptions& o_;
};

void WriteRollRow(const World& w, const Tokenizer& tok, uint64_t index, const RollRow& row,
                  CopyWriter* out) {
  const GeneratorOptions& o = w.options();
  const std::string id = tok.IdNumber(row.person);
  const std::string region = row.place.RegionCode();
  out->PlainField(w.MemberId(index));
  out->PlainField(fmt::format("H{}{:011d}", region.substr(0, 6), row.household));
  out->PlainField(id);
  const std::string token = tok.TokenOfId(id);
  out->PlainField(token);
  out->IntField(o.key_version);
  out->Field(NameOf(o.seed, row.person));
  out->PlainField(kPrograms[row.program].name);
  out->PlainField(region);
  out->PlainField(row.monthly.ToString());
  out->PlainField(row.enrolled.ToString());
  out->PlainField(row.status);
  if (row.exited) {
    out->PlainField(row.exited->ToString());
  } else {
    out->NullField();
  }
  out->IntField(TokenKeyOfToken(token));
  out->EndRow();
}

size_t WritePayments(const World& w, uint64_t index, const RollRow& row, CopyWriter* out) {
  const std::string member = w.MemberId(index);
  const std::string amount = row.monthly.ToString();
  for (int32_t m = row.first_paid; m <= row.last_paid; ++m) {
    const Date first = Month::FromIndex(m).first_day();
    out->PlainField(member);
    out->PlainField(first.ToString());
    out->PlainField(amount);
    out->PlainField(first.AddDays(static_cast<int32_t>(index % 9)).ToString());  // before the 10th
    out->EndRow();
  }
  return row.last_paid >= row.first_paid ? static_cast<size_t>(row.last_paid - row.first_paid + 1) : 0;
}

// Runs `fn(tx)` in a transaction and commits; libpqxx errors become a Status.
template <typename Fn>
Status InTransaction(pqxx::connection& conn, std::string_view what, Fn&& fn) {
  try {
    pqxx::work tx(conn);
    fn(tx);
    tx.commit();
    return Status::Ok();
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, what);
  }
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// COPYs `fill`'s rows into `table` in one transaction, with the table's secondary indexes
// (those not backing a constraint) dropped first and rebuilt from their definitions
// after: one sort per index instead of millions of random B-tree inserts. Other sessions
// never see the table without its indexes. Returns the seconds taken.
template <typename Fill>
Result<double> BulkCopy(pqxx::connection& conn, const std::string& table,
                        const std::vector<std::string>& columns, Fill&& fill) {
  const auto start = std::chrono::steady_clock::now();
  XM_RETURN_IF_ERROR(InTransaction(conn, "loading " + table, [&](pqxx::work& tx) {
    std::vector<std::pair<std::string, std::string>> indexes;  // name, definition
    for (const auto& row : tx.exec_params(
             "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index i "
             "WHERE indrelid = $1::regclass AND NOT EXISTS "
             "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
             table)) {
      indexes.emplace_back(row[0].as<std::string>(), row[1].as<std::string>());
    }
    for (const auto& index : indexes) tx.exec0("DROP INDEX " + index.first);
    CopyWriter out(tx, table, columns);
    fill(out);
    out.Complete();
    for (const auto& index : indexes) tx.exec0(index.second);
  }));
  return SecondsSince(start);
}

Result<std::unique_ptr<pqxx::connection>> Connect(const std::string& dsn) {
  return store::Connect(dsn);
}

}  // namespace

DataGenerator::DataGenerator(GeneratorOptions options, TokenKeyring keyring)
    : options_(options), keyring_(std::move(keyring)) {}

Result<LoadReport> DataGenerator::Load(const std::string& dsn) const {
  const auto start = std::chrono::steady_clock::now();
  const World world(options_);
  const RollModel roll(world);
  const Tokenizer tok(keyring_, options_);
  LoadReport report;

  // Department records on a thread and a connection of their own, beside the roll and
  // its payments: generation and the server's work overlap on both cores.
  Status records_status;
  std::thread records([&] {
    Result<std::unique_ptr<pqxx::connection>> conn = Connect(dsn);
    if (!conn.ok()) {
      records_status = conn.status();
      return;
    }
    // Planted records of roll persons, interleaved with ordinary ones so that the
    // table's physical order looks like a feed's, not like the roll's.
    RecordSink counter(nullptr, 0, options_.key_version);
    for (uint64_t p = 0; p < world.first_rows(); ++p) {
      world.PlantedRecords(world.FateOf(p), {}, &counter);
    }
    const size_t planted = std::min(counter.count(), options_.dept_records);
    const size_t ordinary = options_.dept_records - planted;
    Result<double> seconds =
        BulkCopy(**conn, "dept_records", kRecordColumns, [&](CopyWriter& out) {
          RecordSink sink(&out, 0, options_.key_version);
          uint64_t draw = 0;
          auto ordinary_until = [&](size_t target) {
            while (sink.count() < target) {
              const uint64_t person = world.batch_person_base(0) + draw;
              world.OrdinaryRecords(draw++, tok.Token(person), target, &sink);
            }
          };
          size_t planted_done = 0;
          for (uint64_t p = 0; p < world.first_rows() && planted_done < planted; ++p) {
            const Fate fate = world.FateOf(p);
            if (fate.kind == Fate::kNone) continue;
            RecordSink one(nullptr, 0, 0);
            world.PlantedRecords(fate, {}, &one);
            if (planted_done + one.count() > planted) break;
            world.PlantedRecords(fate, tok.Token(p), &sink);
            planted_done += one.count();
            ordinary_until(planted_done +
                           static_cast<size_t>(static_cast<double>(ordinary) *
                                               static_cast<double>(p + 1) /
                                               static_cast<double>(world.first_rows())));
          }
          ordinary_until(options_.dept_records);
          report.dept_records = sink.count();
        });
    if (seconds.ok()) report.records_seconds = *seconds;
    records_status = seconds.status();
  });

  Status roll_status = [&]() -> Status {
    XM_ASSIGN_OR_RETURN(std::unique_ptr<pqxx::connection> conn, Connect(dsn));
    XM_ASSIGN_OR_RETURN(report.roll_seconds,
                        BulkCopy(*conn, "roll_members", kRollColumns, [&](CopyWriter& out) {
                          for (uint64_t r = 0; r < options_.roll_rows; ++r) {
                            WriteRollRow(world, tok, r, roll.Row(r), &out);
                          }
                        }));
    report.roll_rows = options_.roll_rows;
    XM_ASSIGN_OR_RETURN(report.payments_seconds,
                        BulkCopy(*conn, "payments", kPaymentColumns, [&](CopyWriter& out) {
                          for (uint64_t r = 0; r < options_.roll_rows; ++r) {
                            report.payments += WritePayments(world, r, roll.Row(r), &out);
                          }
                        }));
    return Status::Ok();
  }();
  records.join();
  XM_RETURN_IF_ERROR(roll_status);
  XM_RETURN_IF_ERROR(records_status);
  report.seconds = SecondsSince(start);
  return report;
}

Result<LoadReport> DataGenerator::AddChanges(pqxx::connection& conn, uint32_t batch,
                                             size_t new_records, size_t roll_changes) const {
  const auto start = std::chrono::steady_clock::now();
  const World world(options_);
  if (batch == 0 || new_records + roll_changes >= world.batch_span()) {
    return Status::InvalidArgument(fmt::format(
        "AddChanges: batch must be 1 or more and a batch at most {} rows (got batch {}, {} rows)",
        world.batch_span() - 1, batch, new_records + roll_changes));
  }
  const RollModel roll(world);
  const Tokenizer tok(keyring_, options_);
  const GeneratorOptions& o = options_;
  const Date today = o.run_date.AddDays(static_cast<int32_t>(batch));
  const uint64_t person_base = world.batch_person_base(batch);
  const size_t new_rows = roll_changes * 15 / 100;
  const size_t changed_rows = roll_changes - new_rows;
  const uint64_t first_new_row = o.roll_rows + (batch - 1) * (world.batch_span());
  LoadReport report;

  Status status = InTransaction(conn, "adding changes", [&](pqxx::work& tx) {
    {
      CopyWriter out(tx, "dept_records", kRecordColumns);
      RecordSink sink(&out, batch, o.key_version);
      uint64_t draw = 0;
      while (sink.count() < new_records) {
        Rng rng(o.seed, kNewRecordStream, (static_cast<uint64_t>(batch) << 40) | draw);
        const double u = rng.Uniform();
        const uint64_t roll_person = rng.Below(world.first_rows());
        if (u < 0.02) {  // a death of someone on the roll
          sink.Add({kDeath, today.AddDays(-static_cast<int32_t>(rng.Between(1, 60))), {}, {}, {}},
                   tok.Token(roll_person));
        } else if (u < 0.025) {  // taken into custody, still held
          sink.Add({kDetention, today.AddDays(-static_cast<int32_t>(rng.Between(35, 150))), {}, {}, {}},
                   tok.Token(roll_person));
        } else if (u < 0.03) {  // a release (most end nothing)
          sink.Add({kRelease, today.AddDays(-static_cast<int32_t>(rng.Between(1, 30))), {}, {}, {}},
                   tok.Token(roll_person));
        } else if (u < 0.08) {  // last month's pension of someone on the roll
          sink.Add({kPensionPayment, Month::FromIndex(world.last_month()).first_day(), {},
                    Money::FromFen(rng.Between(900, 1500) * 100), "enterprise_employee"},
                   tok.Token(roll_person));
        } else {
          const uint64_t person = person_base + new_rows + draw;
          world.OrdinaryRecords((static_cast<uint64_t>(batch) << 40) | draw, tok.Token(person),
                                new_records, &sink);
        }
        ++draw;
      }
      out.Complete();
      report.dept_records = sink.count();
    }
    std::vector<RollRow> added;
    {
      CopyWriter out(tx, "roll_members", kRollColumns);
      for (uint64_t i = 0; i < new_rows; ++i) {
        added.push_back(roll.NewRow(batch, i, today));
        WriteRollRow(world, tok, first_new_row + i, added.back(), &out);
      }
      out.Complete();
    }
    {
      CopyWriter out(tx, "payments", kPaymentColumns);
      for (uint64_t i = 0; i < new_rows; ++i) {
        report.payments += WritePayments(world, first_new_row + i, added[i], &out);
      }
      out.Complete();
    }
    tx.exec0(
        "CREATE TEMP TABLE bench_roll_changes (member_id text PRIMARY KEY, program text, "
        "status text NOT NULL, exited_on date) ON COMMIT DROP");
    {
      CopyWriter out(tx, "bench_roll_changes", {"member_id", "program", "status", "exited_on"});
      // Distinct existing rows: a stride coprime with roll_rows walks them without repeats.
      uint64_t stride = 1'000'003;
      while (std::gcd(stride, static_cast<uint64_t>(o.roll_rows)) != 1) stride += 2;
      const uint64_t offset = Mix(o.seed + batch) % o.roll_rows;
      for (uint64_t i = 0; i < changed_rows; ++i) {
        const uint64_t row = (offset + i * stride) % o.roll_rows;
        Rng rng(o.seed, kChangeStream, (static_cast<uint64_t>(batch) << 40) | (row << 1));
        const double u = rng.Uniform();
        out.PlainField(world.MemberId(row));
        if (u < 0.25) {
          out.PlainField(kPrograms[DrawProgram(rng)].name);
        } else {
          out.NullField();
        }
        if (u < 0.25 || (u >= 0.60 && u < 0.75)) {
          out.PlainField("active");
          out.NullField();
        } else if (u < 0.60) {
          out.PlainField("exited");
          out.PlainField(today.AddDays(-static_cast<int32_t>(rng.Between(1, 25))).ToString());
        } else {
          out.PlainField("suspended");
          out.NullField();
        }
        out.EndRow();
      }
      out.Complete();
    }
    tx.exec0(
        "UPDATE roll_members m SET program = coalesce(c.program, m.program), "
        "status = CASE WHEN c.program IS NOT NULL THEN m.status ELSE c.status END, "
        "exited_on = CASE WHEN c.program IS NOT NULL THEN m.exited_on ELSE c.exited_on END, "
        "change_xid = pg_current_xact_id(), updated_at = now() "
        "FROM bench_roll_changes c WHERE m.member_id = c.member_id");
    report.roll_rows = new_rows + changed_rows;
  });
  XM_RETURN_IF_ERROR(status);
  report.seconds = SecondsSince(start);
  return report;
}

}  // namespace xmatch::bench
