// Test support for the match-run integration tests: the fixed token key, people as
// tokens, and direct inserts of roll rows, payments and department records (the way
// the importers and the connectors would land them). Test-only.
#pragma once

#include <cstdio>
#include <string>
#include <utility>

#include <pqxx/pqxx>

#include "common/resident_id.h"
#include "common/token.h"

namespace xmatch::matcher::testing {

// The token key every match test uses (version 1).
inline const TokenKeyring& TestKeyring() {
  static const TokenKeyring keyring =
      TokenKeyring::FromSecrets({{1, "xmatch match tests: a fixed 32-byte key"}});
  return keyring;
}

// A valid resident ID for person n (n < 1000): born 1950-01-01 in 410102.
inline std::string IdOfPerson(int n) {
  char first17[18];
  std::snprintf(first17, sizeof first17, "41010219500101%03d", n);
  return std::string(first17) + ResidentIdCheckCharacter(first17);
}

inline std::string TokenOfPerson(int n) {
  return TestKeyring().Tokenize(*ResidentId::Parse(IdOfPerson(n)));
}

inline void InsertRollRow(pqxx::transaction_base& tx, const std::string& member_id, int person,
                          const std::string& program, const std::string& region_code,
                          const std::string& status = "active") {
  tx.exec_params(
      "INSERT INTO roll_members (member_id, household_id, id_number, id_token, token_key, "
      "key_version, name, program, region_code, enrolled_on, monthly_amount, status) "
      "VALUES ($1, 'H-' || $1, $2, $3, xmatch_token_key($3), 1, 'test', $4, $5, '2024-01-01', "
      "650, $6)",
      member_id, IdOfPerson(person), TokenOfPerson(person), program, region_code, status);
}

// Upserts the payment of `member_id` for month `period` ("YYYY-MM").
inline void InsertPayment(pqxx::transaction_base& tx, const std::string& member_id,
                          const std::string& period, const std::string& amount = "650.00") {
  tx.exec_params(
      "INSERT INTO payments (member_id, period, amount, paid_on) "
      "VALUES ($1, ($2 || '-01')::date, $3::numeric, ($2 || '-05')::date) "
      "ON CONFLICT (member_id, period) DO UPDATE SET amount = EXCLUDED.amount",
      member_id, period, amount);
}

// A dept_records row as the connectors land it. Empty strings stand for NULL.
struct RecordRow {
  std::string source;
  std::string record_id;
  std::string kind;
  std::string id_token;
  std::string event_date;  // YYYY-MM-DD (a pension period's first day)
  std::string end_date;
  std::string amount;
  std::string reason;
  std::string fields = "{}";
  std::string origin_file = "test.jsonl";
  int origin_line = 1;
};

// A record with only its identity, person and event date.
inline RecordRow Record(std::string source, std::string record_id, std::string kind,
                        std::string id_token, std::string event_date) {
  RecordRow r;
  r.source = std::move(source);
  r.record_id = std::move(record_id);
  r.kind = std::move(kind);
  r.id_token = std::move(id_token);
  r.event_date = std::move(event_date);
  return r;
}

// Inserts `r`; a record already landed under (source, record_id) is left as it is, as
// the connectors do.
inline void InsertRecord(pqxx::transaction_base& tx, const RecordRow& r) {
  tx.exec_params(
      "INSERT INTO dept_records (source, record_id, kind, agreement_id, schema_version, "
      "id_token, token_key, key_version, event_date, end_date, amount, reason, fields, "
      "origin_file, origin_line) VALUES ($1, $2, $3, 'test-' || $1, 1, $4, xmatch_token_key($4), "
      "1, $5::date, "
      "NULLIF($6, '')::date, NULLIF($7, '')::numeric, NULLIF($8, ''), $9::jsonb, $10, $11) "
      "ON CONFLICT (source, record_id) DO NOTHING",
      r.source, r.record_id, r.kind, r.id_token, r.event_date, r.end_date, r.amount, r.reason,
      r.fields, r.origin_file, r.origin_line);
}

}  // namespace xmatch::matcher::testing
