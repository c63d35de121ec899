#include "review/ledger_export.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include <xlsxwriter.h>

#include "review/access_policy.h"
#include "review/region_names.h"
#include "review/sql_params.h"
#include "review/zh_labels.h"

namespace xmatch::review {
namespace {

using Json = nlohmann::json;

// "2026-05-03" → "2026年5月3日"; "2026-05" → "2026年5月"; anything else unchanged.
std::string ChineseDate(const std::string& iso) {
  if (iso.size() < 7 || iso[4] != '-') return iso;
  std::string out = iso.substr(0, 4) + "年" + std::to_string(std::atoi(iso.substr(5, 2).c_str())) + "月";
  if (iso.size() >= 10) out += std::to_string(std::atoi(iso.substr(8, 2).c_str())) + "日";
  return out;
}

// The first record's date among `fields`, in Chinese, or "" when none has one.
std::string FirstRecordDate(const Json& evidence, std::initializer_list<const char*> fields) {
  for (const Json& r : evidence.value("records", Json::array())) {
    for (const char* f : fields) {
      if (r.contains(f) && r[f].is_string()) return ChineseDate(r[f].get<std::string>());
    }
  }
  return "";
}

std::string FirstOverpaidMonth(const Json& evidence) {
  for (const Json& m : evidence.value("overpaid", Json::array())) {
    return ChineseDate(m.value("period", "").substr(0, 7));
  }
  return "";
}

std::string Sources(const std::string& rule, const Json& evidence) {
  std::set<std::string> sources;
  for (const Json& r : evidence.value("records", Json::array())) sources.insert(r.value("source", ""));
  sources.erase("");
  if (sources.empty()) {
    return rule == "duplicate_enrollment" ? "民政救助名册内部比对" : "部门数据比对";
  }
  std::string text;
  for (const std::string& s : sources) text += (text.empty() ? "" : "、") + SourceLabel(s);
  return text + "部门数据比对";
}

std::string RectificationResult(const std::string& status, const std::string& dismiss_reason,
                    const std::string& recovered) {
  if (status == "dismissed") return "已排除（" + DismissReasonLabel(dismiss_reason) + "）";
  if (status == "rectified") return "已整改，追回" + recovered + "元";
  return StatusLabel(status);
}

// RFC 4180 field; a leading = + - @ is neutralized so that spreadsheets do not run it.
std::string CsvField(const std::string& value) {
  std::string text = value;
  if (!text.empty() && std::string_view("=+-@").find(text[0]) != std::string_view::npos) text = "'" + text;
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char ch : text) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  return quoted + "\"";
}

std::vector<std::string> Cells(const LedgerRow& r) {
  return {std::to_string(r.number), r.city, r.township, r.clue_type, r.clue_source,
          r.description, r.responsible_unit, r.measures, r.deadline, r.result};
}

}  // namespace

const std::vector<std::string>& LedgerHeader() {
  static const std::vector<std::string> kHeader = {
      "序号", "省辖市", "乡镇(街道)", "线索类型", "线索来源",
      "问题描述", "责任单位", "整治措施", "整治时限", "整治结果"};
  return kHeader;
}

std::string DescribeClue(const std::string& rule, const std::string& name,
                         const std::string& program, int overpaid_periods,
                         const std::string& overpaid_amount, const Json& evidence) {
  const std::string who = name + "（" + ProgramLabel(program) + "）";
  const std::string paid = std::to_string(overpaid_periods) + "个月共" + overpaid_amount + "元";
  if (rule == "deceased") {
    return who + FirstRecordDate(evidence, {"death_date", "date"}) + "死亡，死亡后仍发放" + paid;
  }
  if (rule == "imprisoned") {
    return who + FirstRecordDate(evidence, {"start_date"}) + "起被羁押或服刑，期间仍发放" + paid;
  }
  if (rule == "pension_income") {
    return who + FirstRecordDate(evidence, {"period", "date"}) +
           "起领取养老金，收入超过救助标准后仍发放" + paid;
  }
  if (rule == "duplicate_enrollment") {
    std::string others;
    for (const Json& m : evidence.value("other_members", Json::array())) {
      others += (others.empty() ? "" : "、") + m.get<std::string>();
    }
    return who + "自" + FirstOverpaidMonth(evidence) + "起同时在名册记录" + others +
           "中享受救助，重复发放" + paid;
  }
  return who + RuleLabel(rule) + "，发放" + paid;
}

std::string ResponsibleUnit(const std::string& township_code,
                            const std::optional<std::string>& township_name) {
  if (township_name) return *township_name + "民政办";
  return township_code + "乡镇（街道）民政办";
}

std::vector<LedgerRow> LoadLedger(pqxx::transaction_base& tx, const Principal& principal,
                                  const LedgerFilter& filter) {
  SqlParams params;
  std::string where = ClueVisibilityPredicate(principal, params);
  if (filter.township) where += " AND c.township_code = " + params.Bind(*filter.township);
  if (filter.month) {
    const std::string first = params.Bind(filter.month->first_day().ToString());
    where += " AND c.created_at >= (" + first + "::date::timestamp AT TIME ZONE 'Asia/Shanghai')" +
             " AND c.created_at < ((" + first +
             "::date + interval '1 month') AT TIME ZONE 'Asia/Shanghai')";
  }
  const pqxx::result rows = params.Exec(
      tx,
      "SELECT " + std::string(kCityNameSql) + ", c.township_code, c.rule, c.program, "
      "c.overpaid_periods, c.overpaid_amount::text, c.evidence::text, c.status, "
      "coalesce(c.dismiss_reason, ''), coalesce(c.measures, ''), coalesce(c.deadline::text, ''), "
      "coalesce(c.recovered_amount::text, ''), coalesce(m.name, c.member_id), rt.name "
      "FROM clues c LEFT JOIN roll_members m ON m.member_id = c.member_id "
      "LEFT JOIN regions rt ON rt.code = c.township_code" + kCityJoinsSql + " WHERE " +
          where + " ORDER BY c.township_code, c.id");
  std::vector<LedgerRow> ledger;
  ledger.reserve(rows.size());
  for (const pqxx::row& r : rows) {
    LedgerRow row;
    row.number = static_cast<int>(ledger.size()) + 1;
    row.city = r[0].c_str();
    const std::optional<std::string> township_name =
        r[13].is_null() ? std::nullopt : std::optional<std::string>(r[13].c_str());
    row.township = township_name.value_or(r[1].c_str());
    row.clue_type = RuleLabel(r[2].c_str());
    const Json evidence = Json::parse(r[6].c_str());
    row.clue_source = Sources(r[2].c_str(), evidence);
    row.description = DescribeClue(r[2].c_str(), r[12].c_str(), r[3].c_str(), r[4].as<int>(),
                                   r[5].c_str(), evidence);
    row.responsible_unit = ResponsibleUnit(r[1].c_str(), township_name);
    row.measures = r[9].c_str();
    row.deadline = r[10].c_str();
    row.result = RectificationResult(r[7].c_str(), r[8].c_str(), r[11].c_str());
    ledger.push_back(std::move(row));
  }
  return ledger;
}

std::string LedgerCsv(const std::vector<LedgerRow>& rows) {
  std::string csv = "\xEF\xBB\xBF";
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) csv += (i ? "," : "") + CsvField(cells[i]);
    csv += "\r\n";
  };
  line(LedgerHeader());
  for (const LedgerRow& r : rows) line(Cells(r));
  return csv;
}

Result<std::string> LedgerXlsx(const std::vector<LedgerRow>& rows) {
  char path[] = "/tmp/xmatch-ledger-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return Status::IoError("无法创建台账临时文件（/tmp）");
  close(fd);
  lxw_workbook* workbook = workbook_new(path);
  if (workbook == nullptr) {
    unlink(path);
    return Status::IoError("无法创建台账工作簿");
  }
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "问题线索台账");
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  const std::vector<std::string>& header = LedgerHeader();
  for (size_t col = 0; col < header.size(); ++col) {
    worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(col), header[col].c_str(), bold);
  }
  worksheet_set_column(sheet, 5, 5, 60, nullptr);
  for (size_t i = 0; i < rows.size(); ++i) {
    const lxw_row_t row = static_cast<lxw_row_t>(i + 1);
    const std::vector<std::string> cells = Cells(rows[i]);
    worksheet_write_number(sheet, row, 0, rows[i].number, nullptr);
    for (size_t col = 1; col < cells.size(); ++col) {
      worksheet_write_string(sheet, row, static_cast<lxw_col_t>(col), cells[col].c_str(), nullptr);
    }
  }
  const lxw_error closed = workbook_close(workbook);
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  unlink(path);
  if (closed != LXW_NO_ERROR || bytes.empty()) {
    return Status::IoError(std::string("台账工作簿写入失败：") + lxw_strerror(closed));
  }
  return bytes;
}

}  // namespace xmatch::review
