#include "review/zh_labels.h"

#include <map>

#include "review/clue_actions.h"

namespace xmatch::review {
namespace {

using Table = std::map<std::string_view, std::string_view>;

std::string Lookup(const Table& table, std::string_view code) {
  auto it = table.find(code);
  return std::string(it == table.end() ? code : it->second);
}

}  // namespace

std::string RuleLabel(std::string_view rule) {
  static const Table kTable = {{"deceased", "死亡人员仍领取救助金"},
                               {"imprisoned", "服刑在押人员仍领取救助金"},
                               {"pension_income", "领取养老金收入超标"},
                               {"duplicate_enrollment", "重复享受救助"}};
  return Lookup(kTable, rule);
}

std::string ProgramLabel(std::string_view program) {
  static const Table kTable = {{"dibao_urban", "城市低保"},       {"dibao_rural", "农村低保"},
                               {"tekun_centralized", "集中供养特困"}, {"tekun_dispersed", "分散供养特困"},
                               {"orphan", "孤儿"},                {"de_facto_orphan", "事实无人抚养儿童"},
                               {"disability_living", "困难残疾人生活补贴"},
                               {"disability_care", "重度残疾人护理补贴"},
                               {"elderly_allowance", "高龄津贴"},   {"temp_relief", "临时救助"}};
  return Lookup(kTable, program);
}

std::string StatusLabel(std::string_view status) {
  static const Table kTable = {{"new", "待核查"},      {"verifying", "核查中"},
                               {"confirmed", "已确认"}, {"dismissed", "已排除"},
                               {"rectified", "已整改"}, {"transferred", "已移交纪委监委"}};
  return Lookup(kTable, status);
}

std::string SourceLabel(std::string_view source) {
  static const Table kTable = {{"public_security", "公安"},
                               {"justice", "司法行政"},
                               {"health", "卫生健康"},
                               {"pension", "人力资源社会保障"}};
  return Lookup(kTable, source);
}

std::string DismissReasonLabel(std::string_view reason) {
  for (const DismissReason& r : DismissReasons()) {
    if (r.code == reason) return std::string(r.label);
  }
  return std::string(reason);
}

}  // namespace xmatch::review
