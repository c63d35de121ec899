#include "matcher/run/run_summary.h"

#include <iomanip>
#include <ostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "store/connection.h"

namespace xmatch::matcher {
namespace {

using Json = nlohmann::json;

constexpr Rule kRules[] = {Rule::kDeceased, Rule::kImprisoned, Rule::kPensionIncome,
                           Rule::kDuplicateEnrollment};

// The ledger's clue types (线索类型) as the notices name them.
const char* ChineseName(std::string_view rule) {
  if (rule == "deceased") return "死亡人员超期领取";
  if (rule == "imprisoned") return "服刑/羁押期间领取";
  if (rule == "pension_income") return "养老金收入超标";
  if (rule == "duplicate_enrollment") return "重复享受";
  return "";
}

void PrintLedgerLine(std::ostream& out, const std::string& label, const LedgerLine& l,
                     const char* note = "") {
  out << "  " << std::left << std::setw(22) << label << std::right << std::setw(8) << l.clues
      << std::setw(8) << l.new_this_run << std::setw(8) << (l.clues - l.new_this_run)
      << std::setw(18) << l.overpaid.ToString() << "  " << note << "\n";
}

std::string Seconds(int64_t ms) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(1) << static_cast<double>(ms) / 1000.0 << " s";
  return s.str();
}

}  // namespace

Status ReadDataAsOf(pqxx::transaction_base& tx, RunSummary* summary) {
  try {
    // One index probe per source (dept_records_received), not a scan.
    for (const pqxx::row& row : tx.exec(
             "SELECT s, (SELECT date_trunc('second', max(received_at))::text "
             "           FROM dept_records WHERE source = s) "
             "FROM unnest(ARRAY['public_security', 'justice', 'health', 'pension']) s")) {
      summary->data_as_of.emplace_back(row[0].c_str(), row[1].is_null() ? "" : row[1].c_str());
    }
    return Status::Ok();
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "reading when each source last delivered");
  }
}

Status ReadLedger(pqxx::transaction_base& tx, RunSummary* summary) {
  summary->by_rule.clear();
  summary->by_township.clear();
  try {
    for (const pqxx::row& row : tx.exec_params(
             "SELECT g.*, r.name FROM ("
             "  SELECT GROUPING(rule) AS by_rule, GROUPING(township_code) AS by_township, "
             "         rule, township_code, count(*), count(*) FILTER (WHERE first_run_id = $1), "
             "         coalesce(sum(overpaid_amount), 0)::text "
             "  FROM clues WHERE NOT evidence_gone "
             "  GROUP BY GROUPING SETS ((rule), (township_code), ())) g "
             "LEFT JOIN regions r ON r.code = g.township_code ORDER BY 3, 4",
             summary->run_id)) {
      LedgerLine line;
      line.clues = row[4].as<uint64_t>();
      line.new_this_run = row[5].as<uint64_t>();
      XM_ASSIGN_OR_RETURN(line.overpaid, Money::Parse(row[6].c_str()));
      if (row[0].as<int>() == 0) {
        line.key = row[2].c_str();
        summary->by_rule.push_back(line);
      } else if (row[1].as<int>() == 0) {
        line.key = row[3].c_str();
        line.name = row[7].is_null() ? "" : row[7].c_str();
        summary->by_township.push_back(line);
      } else {
        summary->total = line;
      }
    }
    return Status::Ok();
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "summarizing the clue ledger");
  }
}

std::string CountsJson(const RunSummary& s) {
  Json j;
  for (Rule rule : kRules) {
    const RuleOutcome& o = s.rules[static_cast<size_t>(rule)];
    j[std::string(RuleName(rule))] = {
        {"clues", o.raised},      {"overpaid_amount", o.raised_amount.ToString()},
        {"new", o.created},       {"unchanged", o.unchanged},
        {"restored", o.restored}, {"changed", o.changed},
        {"reopened", o.reopened}, {"evidence_gone", o.gone}};
  }
  Json& ledger = j["ledger"];
  const auto line_json = [](const LedgerLine& l) {
    return Json{{"clues", l.clues}, {"new", l.new_this_run}, {"overpaid_amount", l.overpaid.ToString()}};
  };
  for (const LedgerLine& l : s.by_rule) ledger[l.key] = line_json(l);
  ledger["total"] = line_json(s.total);
  j["inputs"] = {{"people", s.people},
                 {"roll_rows", s.roll_rows},
                 {"records_read", s.records_read},
                 {"records_matched", s.records_matched},
                 {"payments", s.payments}};
  if (!s.why_full.empty()) j["full_because"] = s.why_full;
  return j.dump();
}

std::string TimingsJson(const RunSummary& s) {
  Json j = Json::object();
  for (const auto& [phase, ms] : s.timings_ms) j[phase] = ms;
  return j.dump();
}

std::string DataAsOfJson(const RunSummary& s) {
  Json j = Json::object();
  for (const auto& [source, at] : s.data_as_of) {
    j[source] = at.empty() ? Json(nullptr) : Json(at);
  }
  return j.dump();
}

void PrintSummary(const RunSummary& s, std::ostream& out) {
  out << "match run " << s.run_id << ", run date " << s.run_date.ToString() << ": "
      << (s.full ? "full (" + s.why_full + ")"
                 : "incremental, " + std::to_string(s.people) + " people re-examined")
      << "\n";
  out << "read " << s.roll_rows << " roll rows, " << s.records_read
      << " department records (" << s.records_matched << " about people on the roll), "
      << s.payments << " payments\n\n";

  out << "this run                  raised     new  changed  reopened  evidence gone\n";
  for (Rule rule : kRules) {
    const RuleOutcome& o = s.rules[static_cast<size_t>(rule)];
    out << "  " << std::left << std::setw(22) << RuleName(rule) << std::right << std::setw(8)
        << o.raised << std::setw(8) << o.created << std::setw(9) << o.changed << std::setw(10)
        << o.reopened << std::setw(15) << o.gone << "\n";
  }

  out << "\nclues holding evidence      clues     new   known   overpaid (yuan)\n";
  for (const LedgerLine& l : s.by_rule) PrintLedgerLine(out, l.key, l, ChineseName(l.key));
  out << " by township (乡镇/街道)\n";
  for (const LedgerLine& l : s.by_township) PrintLedgerLine(out, l.key, l, l.name.c_str());
  PrintLedgerLine(out, "total", s.total);

  out << "\ndata as of:";
  for (const auto& [source, at] : s.data_as_of) {
    out << " " << source << " " << (at.empty() ? "(nothing received)" : at) << ";";
  }
  out << "\ntimings:";
  for (const auto& [phase, ms] : s.timings_ms) out << " " << phase << " " << Seconds(ms) << ";";
  out << "\n";
}

}  // namespace xmatch::matcher
