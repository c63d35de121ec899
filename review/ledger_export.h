// The problem-clue ledger (问题线索台账) in the columns of the Sanmenxia notice (DOMAIN.md):
// 序号, 省辖市, 乡镇(街道), 线索类型, 线索来源, 问题描述, 责任单位, 整治措施, 整治时限, 整治结果.
// Rows are the clues the principal may see, optionally of one township and of the clues
// raised in one month (Beijing time); written as XLSX (libxlsxwriter) or CSV (UTF-8 with
// a BOM so that Excel reads the Chinese). Contains names, never ID numbers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "common/date.h"
#include "common/result.h"
#include "review/principal.h"

namespace xmatch::review {

struct LedgerRow {
  int number = 0;
  std::string city;              // 省辖市: the county's city name (regions), else the city code
  std::string township;          // 乡镇(街道): the township's name (regions), else its code
  std::string clue_type;         // 线索类型
  std::string clue_source;       // 线索来源
  std::string description;       // 问题描述: who, when, how much, what
  std::string responsible_unit;  // 责任单位: ResponsibleUnit()
  std::string measures;          // 整治措施
  std::string deadline;          // 整治时限, YYYY-MM-DD
  std::string result;            // 整治结果
};

struct LedgerFilter {
  std::optional<std::string> township;  // 9 digits
  std::optional<Month> month;           // clues raised in this month
};

// The ten column titles, in order.
const std::vector<std::string>& LedgerHeader();

// 问题描述 of one clue: "张三（城市低保）2026年5月3日死亡，死亡后仍发放3个月共1950.00元".
// `evidence` is the clue's evidence (matcher/run/clue_row.h); `name` may be empty when
// the roll row is gone (the member id is used instead).
std::string DescribeClue(const std::string& rule, const std::string& name,
                         const std::string& program, int overpaid_periods,
                         const std::string& overpaid_amount, const nlohmann::json& evidence);

// 责任单位 of a township: "甘棠街道民政办" when its name is known, else
// "411203001乡镇（街道）民政办".
std::string ResponsibleUnit(const std::string& township_code,
                            const std::optional<std::string>& township_name);

// Names come from the regions table (review/region_names.h): one primary-key lookup per
// row for the township, the county and the city code.
std::vector<LedgerRow> LoadLedger(pqxx::transaction_base& tx, const Principal& principal,
                                  const LedgerFilter& filter);

std::string LedgerCsv(const std::vector<LedgerRow>& rows);
// IoError when the workbook cannot be written (temporary file).
Result<std::string> LedgerXlsx(const std::vector<LedgerRow>& rows);

}  // namespace xmatch::review
