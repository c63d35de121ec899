// `xmatch match [--run-date YYYY-MM-DD] [--full] [--shard K/N]` (CONTRACT §4): the
// nightly comparison.
// Progress goes to stderr; the summary (clues per rule and township, new and known,
// overpaid amounts) to stdout.
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "matcher/run/run_match.h"

namespace xmatch::cli {

void RegisterMatchCommand(CLI::App& app, CliContext& ctx, int* exit_code) {
  static std::string run_date;
  static bool full = false;
  static int threads = 0;
  static std::string shard;
  CLI::App* match = app.add_subcommand(
      "match", "Run the nightly comparison: write clues and a match_runs row");
  match->add_option("--run-date", run_date, "The run date R (YYYY-MM-DD); default today");
  match->add_flag("--full", full,
                  "Recompute every person, not only those whose data changed since the "
                  "previous run");
  match->add_option("--threads", threads, "Threads for the join and the rules (0: all cores)");
  match->add_option("--shard", shard,
                    "K/N: handle only the people of shard K of N (by token hash); N processes, "
                    "one per shard, together give the clues of one run");
  match->callback([&ctx, exit_code] {
    matcher::RunOptions options;
    options.full = full;
    options.threads = threads;
    options.config = ctx.config().match;
    if (!shard.empty()) {
      Result<matcher::Shard> parsed = matcher::Shard::Parse(shard);
      if (!parsed.ok()) {
        *exit_code = Fail(parsed.status().WithContext("--shard"));
        return;
      }
      options.shard = *parsed;
    }
    if (!run_date.empty()) {
      Result<Date> date = Date::Parse(run_date);
      if (!date.ok()) {
        *exit_code = Fail(date.status().WithContext("--run-date"));
        return;
      }
      options.run_date = *date;
    }
    auto conn = ctx.OpenDatabase();
    if (!conn.ok()) { *exit_code = Fail(conn.status()); return; }
    Result<matcher::RunSummary> summary = matcher::RunMatch(**conn, options);
    if (!summary.ok()) { *exit_code = Fail(summary.status().WithContext("match")); return; }
    matcher::PrintSummary(*summary, std::cout);
  });
}

}  // namespace xmatch::cli
