// Helpers for the import integration tests: roll and payments files written to a
// temporary directory, valid resident IDs, a test keyring.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "common/resident_id.h"
#include "common/token.h"

namespace xmatch::rolls::testing {

inline constexpr char kRollHeader[] =
    "member_id,household_id,id_number,name,program,region_code,enrolled_on,monthly_amount,"
    "status,exited_on\n";
inline constexpr char kPaymentsHeader[] = "member_id,period,amount,paid_on\n";

// A valid 18-character ID for a man born 1950-01-01 in Dongcheng, Beijing, numbered n.
inline std::string IdNumber(int n) {
  const unsigned day = 1 + n / 1000 % 28, order = n % 1000;
  char first17[32];
  std::snprintf(first17, sizeof(first17), "110101195001%02u%03u", day, order);
  return std::string(first17) + ResidentIdCheckCharacter(first17);
}

// A roll row for member "M<n>" in a Chinese-named household.
inline std::string RollLine(int n, const std::string& amount = "650.50") {
  return "M" + std::to_string(n) + ",H" + std::to_string(n / 2) + "," + IdNumber(n) + ",张" +
         std::to_string(n) + ",dibao_urban,110101001001,2020-01-01," + amount + ",active,\n";
}

inline TokenKeyring TestKeyring() {
  return TokenKeyring::FromSecrets({{1, std::string(32, 'k')}});
}

// A file in a per-process temporary directory, removed with it at the end of the test.
class TempFile {
 public:
  TempFile(const std::string& name, const std::string& contents)
      : path_(std::filesystem::temp_directory_path() /
              ("rolls_import_test_" + std::to_string(getpid()) + "_" + name)) {
    std::ofstream(path_, std::ios::binary) << contents;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace xmatch::rolls::testing
