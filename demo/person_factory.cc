#include "demo/person_factory.h"

#include <fmt/format.h>

#include <array>
#include <string_view>
#include <vector>

#include "common/resident_id.h"

namespace xmatch::demo {
namespace {

// The most common surnames with rough weights (per mille of the population).
struct WeightedSurname {
  std::string_view surname;
  int weight;
};
constexpr std::array<WeightedSurname, 40> kSurnames = {{
    {"王", 72}, {"李", 72}, {"张", 69}, {"刘", 54}, {"陈", 45}, {"杨", 31}, {"黄", 23},
    {"赵", 22}, {"吴", 20}, {"周", 19}, {"徐", 13}, {"孙", 12}, {"马", 12}, {"朱", 11},
    {"胡", 11}, {"郭", 11}, {"何", 10}, {"林", 9},  {"高", 9},  {"罗", 9},  {"郑", 8},
    {"梁", 8},  {"谢", 7},  {"宋", 6},  {"唐", 6},  {"许", 6},  {"韩", 6},  {"冯", 6},
    {"邓", 6},  {"曹", 5},  {"彭", 5},  {"曾", 5},  {"田", 5},  {"董", 5},  {"袁", 4},
    {"潘", 4},  {"蒋", 4},  {"蔡", 4},  {"杜", 4},  {"魏", 4},
}};

// Given names by generation and sex: what a county's rolls look like.
struct GenerationNames {
  int born_before;  // year
  std::vector<std::string> male;
  std::vector<std::string> female;
};
const std::vector<GenerationNames>& Generations() {
  static const std::vector<GenerationNames> kGenerations = {
      {1950,
       {"长顺", "富贵", "德明", "守仁", "振山", "福生", "庆余", "保全", "来福", "有才"},
       {"秀英", "桂兰", "玉兰", "淑珍", "凤英", "桂英", "秀兰", "玉珍", "桂芝", "春花"}},
      {1966,
       {"建国", "国庆", "建军", "卫东", "振华", "文华", "跃进", "国强", "志刚", "保国"},
       {"秀珍", "素梅", "凤兰", "玉梅", "爱华", "红英", "翠花", "金凤", "素英", "改香"}},
      {1986,
       {"志强", "建华", "海军", "伟", "勇", "军", "磊", "涛", "斌", "小龙", "红卫", "永刚"},
       {"红梅", "丽华", "海燕", "静", "敏", "丽", "艳", "芳", "娟", "小红", "晓燕", "春燕"}},
      {2006,
       {"浩", "鹏", "宇", "帅", "鑫", "博文", "俊杰", "晨阳", "家豪", "志远"},
       {"婷", "雪", "欣", "佳琪", "雨欣", "思雨", "梦瑶", "晓雪", "婧", "琳"}},
      {9999,
       {"子涵", "梓轩", "浩然", "宇轩", "一诺", "子墨", "思远", "沐阳", "睿泽", "铭轩"},
       {"欣怡", "雨桐", "诗涵", "佳怡", "梓涵", "若汐", "一诺", "可馨", "语桐", "梦琪"}},
  };
  return kGenerations;
}

Date DrawDay(DemoRandom& random, Date from, Date to) {
  return from.AddDays(static_cast<int32_t>(random.Between(0, to - from)));
}

}  // namespace

std::string SurnameOf(const std::string& name) { return name.substr(0, 3); }  // one UTF-8 CJK

std::string PersonFactory::DrawSurname() {
  std::vector<int> weights;
  for (const auto& s : kSurnames) weights.push_back(s.weight);
  return std::string(kSurnames[random_.Weighted(weights)].surname);
}

Sex PersonFactory::DrawSex(int age) {
  return random_.Percent(age >= 70 ? 58 : 50) ? Sex::kFemale : Sex::kMale;
}

std::string PersonFactory::GivenName(Date birth, Sex sex) {
  for (const GenerationNames& g : Generations()) {
    if (birth.year() < g.born_before) return random_.Pick(sex == Sex::kMale ? g.male : g.female);
  }
  return "明";  // unreachable: the last generation has no end
}

std::string PersonFactory::NewIdNumber(Date birth, Sex sex) {
  // Order codes 001-999; odd for men, even for women. A county's births on one day use a
  // few hundred of them at most, so a free one is found within a few draws.
  for (;;) {
    int64_t order = random_.Between(0, 498) * 2 + (sex == Sex::kMale ? 1 : 2);
    std::string id = fmt::format("{}{:04d}{:02d}{:02d}{:03d}", address_code_, birth.year(),
                                 birth.month(), birth.day(), order);
    id += ResidentIdCheckCharacter(id);
    if (used_ids_.insert(id).second) return id;
  }
}

Person PersonFactory::MakeWithSurname(Date born_from, Date born_to, Sex sex,
                                      const std::string& surname) {
  Person p;
  p.birth = DrawDay(random_, born_from, born_to);
  p.sex = sex;
  p.id_number = NewIdNumber(p.birth, sex);
  p.name = surname + GivenName(p.birth, sex);
  return p;
}

Person PersonFactory::Make(Date born_from, Date born_to, Sex sex) {
  return MakeWithSurname(born_from, born_to, sex, DrawSurname());
}

std::string PersonFactory::MakeInvalidIdNumber() {
  Date birth = DrawDay(random_, Date::FromValidYmd(1950, 1, 1), Date::FromValidYmd(1990, 12, 31));
  std::string id = NewIdNumber(birth, Sex::kMale);
  id.back() = id.back() == '0' ? '1' : '0';
  return id;
}

}  // namespace xmatch::demo
