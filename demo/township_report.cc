#include "demo/township_report.h"

#include <array>
#include <map>
#include <string>

#include "common/money.h"
#include "store/connection.h"

namespace xmatch::demo {
namespace {

constexpr std::array<const char*, 4> kRules = {"deceased", "imprisoned", "pension_income",
                                               "duplicate_enrollment"};

// Columns on a terminal: CJK characters take two.
size_t DisplayWidth(const std::string& text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    width += len >= 3 ? 2 : 1;
    i += len;
  }
  return width;
}

std::string PadRight(const std::string& text, size_t width) {
  size_t w = DisplayWidth(text);
  return text + std::string(w < width ? width - w : 0, ' ');
}

std::string PadLeft(const std::string& text, size_t width) {
  return std::string(text.size() < width ? width - text.size() : 0, ' ') + text;
}

struct Line {
  std::map<std::string, long> by_rule;
  long total = 0;
  Money overpaid;
};

}  // namespace

Status PrintTownshipReport(pqxx::connection& conn, const County& county, std::ostream& out) {
  std::map<std::string, Line> lines;  // township code -> counts
  try {
    pqxx::read_transaction tx(conn);
    for (const auto& row : tx.exec_params(
             "SELECT township_code, rule, count(*), sum(overpaid_amount)::text FROM clues "
             "WHERE county_code = $1 AND NOT evidence_gone GROUP BY 1, 2",
             county.code)) {
      Line& line = lines[row[0].c_str()];
      line.by_rule[row[1].c_str()] = row[2].as<long>();
      line.total += row[2].as<long>();
      Result<Money> amount = Money::Parse(row[3].c_str());
      if (amount.ok()) line.overpaid += *amount;
    }
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "reading the demo's clues by township");
  }
  out << "\n" << county.city << county.name << " 问题线索 by township\n  "
      << PadRight("乡镇(街道)", 16) << "  死亡  服刑  养老金  重复  合计   金额(元)\n";
  Line all;
  for (const Township& t : county.townships) {
    auto it = lines.find(t.code);
    const Line line = it == lines.end() ? Line{} : it->second;
    out << "  " << PadRight(t.name, 16);
    for (const char* rule : kRules) {
      long n = line.by_rule.count(rule) ? line.by_rule.at(rule) : 0;
      all.by_rule[rule] += n;
      out << PadLeft(std::to_string(n), std::string(rule) == "pension_income" ? 8 : 6);
    }
    out << PadLeft(std::to_string(line.total), 6) << PadLeft(line.overpaid.ToString(), 11)
        << "\n";
    all.total += line.total;
    all.overpaid += line.overpaid;
  }
  out << "  " << PadRight("合计", 16);
  for (const char* rule : kRules) {
    out << PadLeft(std::to_string(all.by_rule[rule]), std::string(rule) == "pension_income" ? 8 : 6);
  }
  out << PadLeft(std::to_string(all.total), 6) << PadLeft(all.overpaid.ToString(), 11) << "\n";
  return Status::Ok();
}

}  // namespace xmatch::demo
