#include "rolls/retokenize.h"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "common/progress.h"
#include "common/resident_id.h"
#include "store/copy_writer.h"
#include "rolls/import_support.h"
#include "store/connection.h"

namespace xmatch::rolls {
namespace {

const char kCreateScratch[] = R"sql(
CREATE TEMP TABLE retokenize_roll (member_id text, id_token text) ON COMMIT DROP;
CREATE TEMP TABLE retokenize_aliases (from_version integer, from_token text, to_token text)
  ON COMMIT DROP)sql";

const char kUpdateRoll[] = R"sql(
UPDATE roll_members m SET id_token = s.id_token, token_key = xmatch_token_key(s.id_token),
  key_version = $1, updated_at = now()
FROM retokenize_roll s WHERE m.member_id = s.member_id)sql";

// A clue belongs to the matcher shard of its roll row's token_key (schemas/sql/0006), which
// a new token moves: the clue moves with it.
const char kRekeyClues[] = R"sql(
UPDATE clues c SET token_key = m.token_key FROM roll_members m
WHERE m.member_id = c.member_id AND c.token_key IS DISTINCT FROM m.token_key)sql";

// Aliases that no longer lead to the roll's version, or come from a retired version.
const char kRetireAliases[] = R"sql(
DELETE FROM token_aliases WHERE to_version <> $1 OR NOT (from_version = ANY ($2::integer[])))sql";

const char kWriteAliases[] = R"sql(
INSERT INTO token_aliases AS a (from_version, from_token, to_version, to_token)
SELECT from_version, from_token, $1, to_token FROM retokenize_aliases
ON CONFLICT (from_version, from_token) DO UPDATE
  SET to_version = excluded.to_version, to_token = excluded.to_token
  WHERE (a.to_version, a.to_token) IS DISTINCT FROM (excluded.to_version, excluded.to_token))sql";

// The same statement the connectors run on each landed batch (connectors/record_store.cc),
// here over every stored record.
const char kRekeyRecords[] = R"sql(
UPDATE dept_records d
SET id_token = a.to_token, token_key = xmatch_token_key(a.to_token), key_version = a.to_version
FROM token_aliases a WHERE a.from_version = d.key_version AND a.from_token = d.id_token)sql";

// One stored roll row, as COPY text fields.
struct StoredRow {
  std::string_view member_id;  // escaped COPY text: written back verbatim
  std::string_view id_number;
  std::string_view id_token;
  std::string_view key_version;
};

std::optional<StoredRow> SplitRow(std::string_view line) {
  std::string_view fields[4];
  for (int i = 0; i < 4; ++i) {
    const size_t tab = line.find('\t');
    if ((tab == std::string_view::npos) != (i == 3)) return std::nullopt;
    fields[i] = line.substr(0, tab);
    if (tab != std::string_view::npos) line.remove_prefix(tab + 1);
  }
  return StoredRow{fields[0], fields[1], fields[2], fields[3]};
}

std::string VersionList(const std::vector<int>& versions) {
  std::string out = "{";
  for (int v : versions) {
    if (out.size() > 1) out += ',';
    out += std::to_string(v);
  }
  return out + "}";
}

std::vector<int> StoredRollVersions(pqxx::work& tx) {
  std::vector<int> versions;
  for (const auto& row : tx.exec("SELECT key_version FROM roll_members GROUP BY 1 ORDER BY 1")) {
    versions.push_back(row[0].as<int>());
  }
  return versions;
}

// The stored roll: member_id, id_number, id_token, key_version of each row as COPY text.
// Read whole before anything is written back: a connection runs one COPY at a time.
std::vector<std::string> ReadRoll(pqxx::work& tx) {
  std::vector<std::string> lines;
  pqxx::stream_from stream(tx, "roll_members",
                           std::vector<std::string>{"member_id", "id_number", "id_token",
                                                    "key_version"});
  std::string line;
  while (stream.get_raw_line(line)) {
    if (!line.empty() && line.back() == '\n') line.pop_back();
    lines.push_back(std::move(line));
  }
  stream.complete();
  return lines;
}

// Steps 1 and 2 of the header, client side: tokenizes each stored ID under every loaded
// version and copies what changes into the scratch tables.
Status TokenizeRoll(pqxx::work& tx, const TokenKeyring& keyring, std::ostream* progress_out,
                    RetokenizeReport* report) {
  const int current = keyring.current_version();
  const std::string current_text = std::to_string(current);
  std::vector<int> older = keyring.versions();
  older.pop_back();  // the current one
  const std::vector<std::string> lines = ReadRoll(tx);
  report->roll_rows = int64_t(lines.size());
  std::optional<ProgressReporter> progress;
  if (progress_out != nullptr) {
    progress.emplace(ProgressReporter::Options{
        .label = "roll retokenize", .total_work = lines.size(), .out = progress_out});
  }
  std::vector<ResidentId> people;  // each person once, for the aliases
  std::vector<IdToken> people_tokens;
  std::unordered_set<std::string_view> seen;
  tx.exec0(kCreateScratch);
  store::CopyWriter rows(tx, "retokenize_roll", {"member_id", "id_token"});
  for (size_t i = 0; i < lines.size(); ++i) {
    if (progress) progress->Add(1, 1);
    const std::optional<StoredRow> row = SplitRow(lines[i]);
    Result<ResidentId> id = row ? ResidentId::Parse(row->id_number)
                                : Result<ResidentId>(Status::Internal("malformed COPY row"));
    if (!id.ok()) {
      // The table's CHECK makes this a bug; the message names the row, not the ID.
      return Status::Internal("roll_members row " + std::to_string(i + 1) +
                              ": stored id_number does not parse");
    }
    IdToken token = keyring.Tokenize(*id);
    if (row->id_token != token || row->key_version != current_text) {
      rows.PlainField(row->member_id);
      rows.PlainField(token);
      rows.EndRow();
      ++report->roll_rows_retokenized;
    }
    if (!older.empty() && seen.insert(row->id_number).second) {
      people.push_back(std::move(*id));
      people_tokens.push_back(std::move(token));
    }
  }
  rows.Complete();
  store::CopyWriter aliases(tx, "retokenize_aliases", {"from_version", "from_token", "to_token"});
  for (size_t p = 0; p < people.size(); ++p) {
    for (int version : older) {
      aliases.IntField(version);
      aliases.PlainField(*keyring.Tokenize(people[p], version));
      aliases.PlainField(people_tokens[p]);
      aliases.EndRow();
      ++report->aliases[version];
    }
  }
  aliases.Complete();
  if (progress) progress->Finish();
  return Status::Ok();
}

}  // namespace

Status CheckRollKeyVersions(pqxx::work& tx, const TokenKeyring& keyring) {
  const int current = keyring.current_version();
  for (int version : StoredRollVersions(tx)) {
    if (version > current) {
      return Status::FailedPrecondition(
          "the roll is tokenized under token key version " + std::to_string(version) +
          ", newer than this keyring's newest (" + std::to_string(current) +
          "): add key version " + std::to_string(version) +
          " to token_keys (or XMATCH_TOKEN_KEYS)");
    }
    if (!keyring.has_version(version)) {
      return Status::FailedPrecondition(
          "the roll is tokenized under token key version " + std::to_string(version) +
          ", which is not loaded: load it beside version " + std::to_string(current) +
          " (token_keys or XMATCH_TOKEN_KEYS) so that department records under it stay "
          "matched; see docs/runbook.md, Rotate token keys");
    }
  }
  return Status::Ok();
}

Result<RetokenizeReport> RetokenizeInTransaction(pqxx::work& tx, const TokenKeyring& keyring,
                                                 std::ostream* progress_out) {
  RetokenizeReport report;
  report.current_version = keyring.current_version();
  for (int version : StoredRollVersions(tx)) {
    if (version > report.current_version) {
      return Status::FailedPrecondition(
          "the roll is tokenized under token key version " + std::to_string(version) +
          ", newer than this keyring's newest (" + std::to_string(report.current_version) +
          "): add key version " + std::to_string(version) + " to token_keys");
    }
  }
  XM_RETURN_IF_ERROR(TokenizeRoll(tx, keyring, progress_out, &report));
  tx.exec_params0(kUpdateRoll, report.current_version);
  tx.exec0(kRekeyClues);
  report.aliases_retired =
      tx.exec_params0(kRetireAliases, report.current_version, VersionList(keyring.versions()))
          .affected_rows();
  tx.exec_params0(kWriteAliases, report.current_version);
  report.records_rekeyed = tx.exec0(kRekeyRecords).affected_rows();
  for (const auto& row : tx.exec("SELECT key_version, count(*) FROM dept_records GROUP BY 1")) {
    report.records_by_version[row[0].as<int>()] = row[1].as<int64_t>();
  }
  return report;
}

Result<RetokenizeReport> RetokenizeRoll(pqxx::connection& conn, const TokenKeyring& keyring,
                                        std::ostream* progress_out) {
  if (keyring.empty()) {
    return Status::FailedPrecondition(
        "no token key is loaded: set token_keys in the config file (or XMATCH_TOKEN_KEYS)");
  }
  try {
    pqxx::work tx(conn, "roll_retokenize");
    LockTableForImport(tx, "roll_members");
    Result<RetokenizeReport> report = RetokenizeInTransaction(tx, keyring, progress_out);
    if (report.ok()) tx.commit();
    return report;
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "re-tokenizing the roll");
  }
}

}  // namespace xmatch::rolls
