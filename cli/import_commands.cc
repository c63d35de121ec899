// `xmatch roll import FILE.csv` and `xmatch payments import FILE.csv` (CONTRACT §1.1, §1.2).
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "rolls/payments_import.h"
#include "rolls/roll_import.h"

namespace xmatch::cli {
namespace {

void PrintReport(const std::string& what, const rolls::ImportReport& r) {
  std::cout << what << ": " << r.rows << " rows: " << r.inserted << " new, " << r.updated
            << " changed, " << r.unchanged << " unchanged\n";
}

}  // namespace

void RegisterImportCommands(CLI::App& app, CliContext& ctx, int* exit_code) {
  static std::string roll_file, payments_file;

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
    if (!report.ok()) { *exit_code = Fail(report.status().WithContext(roll_file)); return; }
    PrintReport(roll_file, *report);
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
    if (!report.ok()) {
      *exit_code = Fail(report.status().WithContext(payments_file));
      return;
    }
    PrintReport(payments_file, *report);
  });
}

}  // namespace xmatch::cli
