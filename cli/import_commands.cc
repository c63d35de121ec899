// `xmatch roll import FILE.csv` and `xmatch payments import FILE.csv` (CONTRACT §1.1, §1.2),
// `xmatch roll retokenize`, the roll's part of a token key rotation (docs/runbook.md), and
// `xmatch regions import FILE.csv`, the names of division codes the review pages show.
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "rolls/payments_import.h"
#include "rolls/region_import.h"
#include "rolls/retokenize.h"
#include "rolls/roll_import.h"

namespace xmatch::cli {
namespace {

void PrintReport(const std::string& what, const rolls::ImportReport& r) {
  std::cout << what << ": " << r.rows << " rows: " << r.inserted << " new, " << r.updated
            << " changed, " << r.unchanged << " unchanged\n";
}

void PrintRetokenizeReport(const rolls::RetokenizeReport& r) {
  std::cout << "roll: " << r.roll_rows << " rows under token key version " << r.current_version
            << ", " << r.roll_rows_retokenized << " re-tokenized\n";
  for (const auto& [version, people] : r.aliases) {
    std::cout << "aliases from version " << version << ": " << people << " people\n";
  }
  std::cout << "aliases retired: " << r.aliases_retired << "\n"
            << "department records re-keyed: " << r.records_rekeyed << "\n";
  for (const auto& [version, n] : r.records_by_version) {
    std::cout << "department records under version " << version << ": " << n << "\n";
  }
}

}  // namespace

void RegisterImportCommands(CLI::App& app, CliContext& ctx, int* exit_code) {
  static std::string roll_file, payments_file, regions_file;

  CLI::App* roll = app.add_subcommand("roll", "The assistance roll");
  roll->require_subcommand(1);
  CLI::App* roll_import = roll->add_subcommand(
      "import", "Import a roll CSV: all rows or none, upserted by member_id");
  roll_import->add_option("FILE", roll_file, "Roll CSV (CONTRACT §1.1)")
      ->required()
      ->check(CLI::ExistingFile);
  roll_import->callback([&ctx, exit_code] {
    auto keyring = ctx.LoadKeyring();
    if (!keyring.ok()) { *exit_code = Fail(keyring.status()); return; }
    auto conn = ctx.OpenDatabase();
    if (!conn.ok()) { *exit_code = Fail(conn.status()); return; }
    auto report = rolls::ImportRoll(**conn, roll_file, *keyring);
    if (!report.ok()) { *exit_code = Fail(report.status()); return; }
    PrintReport(roll_file, *report);
  });

  CLI::App* retokenize = roll->add_subcommand(
      "retokenize",
      "Token key rotation: put the roll under the newest loaded key, keep aliases for the "
      "other loaded versions, re-key stored department records; all or nothing");
  retokenize->callback([&ctx, exit_code] {
    auto keyring = ctx.LoadKeyring();
    if (!keyring.ok()) { *exit_code = Fail(keyring.status()); return; }
    auto conn = ctx.OpenDatabase();
    if (!conn.ok()) { *exit_code = Fail(conn.status()); return; }
    auto report = rolls::RetokenizeRoll(**conn, *keyring, &std::cerr);
    if (!report.ok()) { *exit_code = Fail(report.status()); return; }
    PrintRetokenizeReport(*report);
  });

  CLI::App* payments = app.add_subcommand("payments", "Assistance payments");
  payments->require_subcommand(1);
  CLI::App* payments_import = payments->add_subcommand(
      "import", "Import a payments CSV: all rows or none, upserted by member and month");
  payments_import->add_option("FILE", payments_file, "Payments CSV (CONTRACT §1.2)")
      ->required()
      ->check(CLI::ExistingFile);
  payments_import->callback([&ctx, exit_code] {
    auto conn = ctx.OpenDatabase();
    if (!conn.ok()) { *exit_code = Fail(conn.status()); return; }
    auto report = rolls::ImportPayments(**conn, payments_file);
    if (!report.ok()) { *exit_code = Fail(report.status()); return; }
    PrintReport(payments_file, *report);
  });

  CLI::App* regions = app.add_subcommand("regions", "Names of division codes (regions table)");
  regions->require_subcommand(1);
  CLI::App* regions_import = regions->add_subcommand(
      "import",
      "Import a code,name CSV of county (6-digit), township (9) and village (12) names: all "
      "rows or none, upserted by code");
  regions_import->add_option("FILE", regions_file, "CSV with the header code,name (UTF-8)")
      ->required()
      ->check(CLI::ExistingFile);
  regions_import->callback([&ctx, exit_code] {
    auto conn = ctx.OpenDatabase();
    if (!conn.ok()) { *exit_code = Fail(conn.status()); return; }
    auto report = rolls::ImportRegions(**conn, regions_file);
    if (!report.ok()) { *exit_code = Fail(report.status()); return; }
    PrintReport(regions_file, *report);
  });
}

}  // namespace xmatch::cli
