#include "demo/county_files.h"

#include <filesystem>
#include <fstream>
#include <functional>

namespace xmatch::demo {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string>& Sources() {
  static const std::vector<std::string> kSources = {"public_security", "justice", "health",
                                                    "pension"};
  return kSources;
}

// RFC 4180: quote a field holding a comma, a quote or a line break.
std::string Csv(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

Status WriteFile(const fs::path& path, const std::function<void(std::ostream&)>& write) {
  fs::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IoError("cannot write " + tmp.string());
    write(out);
    out.flush();
    if (!out) return Status::IoError("cannot write " + tmp.string() + " (disk full?)");
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return Status::IoError("cannot rename " + tmp.string() + ": " + ec.message());
  return Status::Ok();
}

}  // namespace

std::vector<std::pair<std::string, std::string>> FeedFiles(const std::string& dir) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const std::string& source : Sources()) {
    files.emplace_back(source, (fs::path(dir) / (source + ".jsonl")).string());
  }
  return files;
}

Status WriteCountyFiles(const CountyData& data, const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create " + dir + ": " + ec.message());

  Status s = WriteFile(fs::path(dir) / "roll.csv", [&](std::ostream& out) {
    out << "member_id,household_id,id_number,name,program,region_code,enrolled_on,"
           "monthly_amount,status,exited_on\n";
    for (const RollRow& r : data.roll) {
      out << r.member_id << ',' << r.household_id << ',' << r.id_number << ',' << Csv(r.name)
          << ',' << r.program << ',' << r.region_code << ',' << r.enrolled_on.ToString() << ','
          << r.monthly_amount.ToString() << ',' << r.status << ','
          << (r.exited_on ? r.exited_on->ToString() : "") << '\n';
    }
  });
  if (!s.ok()) return s;
  s = WriteFile(fs::path(dir) / "payments.csv", [&](std::ostream& out) {
    out << "member_id,period,amount,paid_on\n";
    for (const PaymentRow& p : data.payments) {
      out << p.member_id << ',' << p.period.ToString() << ',' << p.amount.ToString() << ','
          << p.paid_on.ToString() << '\n';
    }
  });
  if (!s.ok()) return s;
  for (const auto& [source, path] : FeedFiles(dir)) {
    auto it = data.records.find(source);
    s = WriteFile(path, [&](std::ostream& out) {
      if (it == data.records.end()) return;
      for (const nlohmann::json& record : it->second) out << record.dump() << '\n';
    });
    if (!s.ok()) return s;
  }
  return WriteFile(fs::path(dir) / "planted.csv", [&](std::ostream& out) {
    out << "rule,member_id,raises_clue,what\n";
    for (const PlantedCase& c : data.planted) {
      out << c.rule << ',' << c.member_id << ',' << (c.raises_clue ? "yes" : "no") << ','
          << Csv(c.what) << '\n';
    }
  });
}

}  // namespace xmatch::demo
