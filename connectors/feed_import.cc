#include "connectors/feed_import.h"

#include <filesystem>
#include <fstream>
#include <variant>

#include "connectors/landing_batch.h"
#include "connectors/record_kinds.h"
#include "connectors/record_parser.h"
#include "connectors/record_store.h"

namespace xmatch::connectors {
namespace {

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace

Result<FeedImportReport> ImportFeedFile(const std::string& pg_dsn, const std::string& source,
                                        const std::string& path, const TokenKeyring& keyring,
                                        const AgreementRegistry& agreements,
                                        const FeedImportOptions& options) {
  if (!IsKnownSource(source)) {
    return Status::InvalidArgument("--source '" + source +
                                   "' is not a department: use public_security, justice, "
                                   "health or pension");
  }
  std::error_code ec;
  const std::string file = std::filesystem::weakly_canonical(path, ec).string();
  const uint64_t size = std::filesystem::file_size(path, ec);
  std::ifstream in(path, std::ios::binary);
  if (!in || ec) return Status::IoError(path + ": cannot read the file");

  RecordParser parser(keyring, agreements);
  RecordStore store(pg_dsn);
  LandingBatch batch;
  FeedImportReport report;
  ProgressReporter progress({.label = "feed import " + source,
                             .unit = "records",
                             .total_work = size,
                             .out = options.progress_out,
                             .terminal = options.progress_terminal});
  const MessageContext context{source, options.received_on};
  int64_t line_number = 0;
  int64_t valid = 0;

  auto land = [&]() -> Status {
    Result<LandReport> landed = store.Land(batch, /*group=*/"", /*advances=*/{});
    if (!landed.ok()) {
      return landed.status().WithContext(
          path + ": landing the lines up to " + std::to_string(line_number) +
          " (earlier lines are landed; running the import again adds no duplicates)");
    }
    for (const auto& [src, counts] : landed->by_source) {
      report.landed += counts.landed;
      report.dropped_fields += counts.dropped_fields;
    }
    report.rejects_stored += landed->rejects_stored;
    batch.Clear();
    return Status::Ok();
  };

  std::string line;
  while (std::getline(in, line)) {
    ++line_number;
    progress.Add(0, line.size() + 1);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (IsBlank(line)) continue;
    ParseOutcome outcome = parser.Parse(line, context);
    if (const Reject* reject = std::get_if<Reject>(&outcome)) {
      ++report.rejected[std::string(RejectReasonCode(reject->reason))];
    } else {
      ++valid;
    }
    batch.Add(std::move(outcome), Origin::File(file, line_number));
    ++report.records;
    progress.Add(1);
    if (batch.size() >= options.batch_lines) XM_RETURN_IF_ERROR(land());
  }
  if (in.bad()) return Status::IoError(path + ": read error after line " + std::to_string(line_number));
  if (!batch.empty()) XM_RETURN_IF_ERROR(land());
  progress.Finish();
  report.duplicates = valid - report.landed;
  return report;
}

}  // namespace xmatch::connectors
