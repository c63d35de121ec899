// review_queue_bench: the review API's clue queue (review/clue_queue.h) with 1,000,000
// clues, called as the handler calls it, on one private PostgreSQL.
//
// Fills roll_members and clues with N clues (default 1,000,000) in one county of 50
// townships (20,000 clues each; statuses and rules mixed, amounts 100–20,000 yuan,
// created over a year), runs ANALYZE, then times LoadQueue — the counts query and the
// page query together — for the queue's typical shapes: a township's staff and the
// county's reviewer (the whole million), default order, filters, amount order, a deep
// page. Prints median, p95 and max milliseconds over --reps calls per shape.
//
//   review_queue_bench [--clues N] [--reps R] [--keep]
//
// --keep leaves the cluster's data directory (printed) for EXPLAIN in psql afterwards.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "review/clue_queue.h"
#include "review/connection_pool.h"
#include "store/connection.h"
#include "store/embedded_postgres.h"
#include "store/migrations.h"

namespace {

using Clock = std::chrono::steady_clock;
using xmatch::Status;
using xmatch::review::LoadQueue;
using xmatch::review::ParseQueueQuery;
using xmatch::review::Principal;
using xmatch::review::Role;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "review_queue_bench: %s\n", what.c_str());
  std::exit(1);
}

void Check(const Status& s, std::string_view what) {
  if (!s.ok()) Die(fmt::format("{}: {}", what, s.ToString()));
}

void Fill(pqxx::connection& conn, long clues) {
  pqxx::work tx(conn);
  tx.exec("INSERT INTO match_runs (id, run_date, mode, status) VALUES "
          "(1, '2026-10-01', 'full', 'succeeded'), (2, '2026-11-01', 'incremental', 'succeeded')");
  tx.exec_params(
      "INSERT INTO roll_members (member_id, household_id, id_number, id_token, token_key, "
      "key_version, name, program, region_code, enrolled_on, monthly_amount, status) "
      "SELECT 'M' || i, 'H' || i, '4112221990' || lpad((i % 10000000)::text, 7, '0') || 'X', "
      "repeat('a', 64), xmatch_token_key(repeat('a', 64)), 1, '居民' || i, 'dibao_rural', "
      "'411222' || lpad((1 + i % 50)::text, 3, '0') || lpad((i % 1000)::text, 3, '0'), "
      "'2020-01-01', 650.00, 'active' FROM generate_series(1, $1::bigint) AS i",
      clues);
  tx.exec_params(
      "INSERT INTO clues (clue_key, rule, rule_version, member_id, household_id, region_code, "
      "program, overpaid_periods, overpaid_amount, evidence, evidence_hash, status, "
      "first_run_id, last_run_id, created_at) "
      "SELECT 'k' || i, (ARRAY['deceased','imprisoned','pension_income','duplicate_enrollment'])[1 + i % 4], "
      "'2026.1', 'M' || i, 'H' || i, "
      "'411222' || lpad((1 + i % 50)::text, 3, '0') || lpad((i % 1000)::text, 3, '0'), "
      "'dibao_rural', 1 + (i * 7) % 24, 100 + (i * 7919) % 1990000 / 100.0, "
      "'{\"records\": [], \"overpaid\": []}'::jsonb, repeat('0', 64), "
      "(ARRAY['new','new','new','new','new','new','new','verifying','confirmed','dismissed',"
      "'rectified','transferred'])[1 + (i * 13) % 12], "
      "CASE WHEN i % 20 = 0 THEN 2 ELSE 1 END, 2, "
      "timestamptz '2025-11-23 08:00+08' + (i * interval '31 seconds') "
      "FROM generate_series(1, $1::bigint) AS i",
      clues);
  tx.commit();
  pqxx::nontransaction(conn).exec("VACUUM ANALYZE");
}

Principal Make(Role role, std::string code) {
  Principal p;
  p.username = "bench";
  p.role = role;
  p.region_codes = {std::move(code)};
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  long clues = 1'000'000;
  int reps = 20;
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--clues" && i + 1 < argc) clues = std::atol(argv[++i]);
    else if (arg == "--reps" && i + 1 < argc) reps = std::atoi(argv[++i]);
    else if (arg == "--keep") keep = true;
    else Die("usage: review_queue_bench [--clues N] [--reps R] [--keep]");
  }
  const std::string dir =
      (std::filesystem::temp_directory_path() / fmt::format("xmatch-review-bench-{}", getpid())).string();
  xmatch::store::EmbeddedPostgres pg({.data_dir = dir, .remove_on_stop = !keep, .port = 0, .durable = false});
  Check(pg.Start(), "starting PostgreSQL");
  Check(pg.CreateDatabase("bench"), "creating the database");
  auto conn = xmatch::store::Connect(pg.Dsn("bench"));
  Check(conn.status(), "connecting");
  Check(xmatch::store::Migrate(**conn).status(), "migrating");

  const auto fill_start = Clock::now();
  Fill(**conn, clues);
  std::printf("filled %ld clues (and roll rows) + VACUUM ANALYZE in %.1f s\n", clues,
              std::chrono::duration<double>(Clock::now() - fill_start).count());
  // Planned as the server's connections plan (review/connection_pool.h).
  Check(xmatch::review::ApplyReviewSessionSettings(**conn), "setting up the connection");

  const Principal staff = Make(Role::kTownshipStaff, "411222001");
  const Principal reviewer = Make(Role::kCountyReviewer, "411222");
  const Principal liaison = Make(Role::kDisciplineLiaison, "411222");
  struct Shape {
    const char* name;
    const Principal* who;
    std::map<std::string, std::string> params;
  };
  const std::vector<Shape> shapes = {
      {"staff: default", &staff, {}},
      {"staff: status=new, amount_desc", &staff, {{"status", "new"}, {"sort", "amount_desc"}}},
      {"staff: rule, min_amount, from/to", &staff,
       {{"rule", "deceased"}, {"min_amount", "5000"}, {"from", "2026-01-01"}, {"to", "2026-06-30"}}},
      {"staff: page 100", &staff, {{"page", "100"}}},
      {"staff: new=1", &staff, {{"new", "1"}}},
      {"reviewer (1M): default", &reviewer, {}},
      {"reviewer (1M): status=new,verifying, amount_desc", &reviewer,
       {{"status", "new,verifying"}, {"sort", "amount_desc"}}},
      {"reviewer (1M): township filter", &reviewer, {{"township", "411222007"}}},
      {"reviewer (1M): periods_desc page 50", &reviewer, {{"sort", "periods_desc"}, {"page", "50"}}},
      {"liaison (1M county): transferred only", &liaison, {}},
  };
  std::printf("%-52s %9s %9s %9s %9s\n", "queue shape", "total", "median", "p95", "max");
  for (const Shape& shape : shapes) {
    auto query = ParseQueueQuery(shape.params);
    Check(query.status(), shape.name);
    std::vector<double> ms;
    int64_t total = 0;
    for (int r = 0; r < reps; ++r) {
      const auto start = Clock::now();
      pqxx::work tx(**conn);
      const std::string answer = LoadQueue(tx, *shape.who, *query);
      tx.commit();
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
      total = nlohmann::json::parse(answer)["total"].get<int64_t>();
    }
    std::sort(ms.begin(), ms.end());
    std::printf("%-52s %9lld %7.1fms %7.1fms %7.1fms\n", shape.name, static_cast<long long>(total),
                ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 95 / 100)], ms.back());
  }
  if (keep) std::printf("cluster data kept in %s\n", dir.c_str());
  conn->reset();
  if (!keep) Check(pg.Stop(), "stopping PostgreSQL");
  return 0;
}
