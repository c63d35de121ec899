// The clue API of review/API.md against the real PostgreSQL: the handlers are called
// directly with a RequestContext, as the router calls them after the session, CSRF and
// route checks. Covers the whole access matrix (endpoint × role × own/other region, with
// status and audit row), injection strings in every filter, the state machine, ID reveal,
// the ledger files and the zero monthly report.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>

#include <gtest/gtest.h>

#include "review/clue_actions.h"
#include "review/clue_handlers.h"
#include "review/ledger_export.h"
#include "tests/support/pg_fixture.h"

namespace xmatch::review {
namespace {

using Json = nlohmann::json;

constexpr char kTownshipA[] = "411222100";  // staff's township, in the reviewer's county
constexpr char kTownshipB[] = "411222101";  // same county, another township
constexpr char kTownshipC[] = "411202001";  // another county
constexpr char kIdNumberA[] = "41122219900101123X";

Principal Make(int64_t id, const std::string& username, Role role, std::vector<std::string> codes) {
  Principal p;
  p.user_id = id;
  p.username = username;
  p.display_name = username;
  p.role = role;
  p.region_codes = std::move(codes);
  return p;
}

const Principal kStaff = Make(1, "staff_a", Role::kTownshipStaff, {kTownshipA});
const Principal kReviewer = Make(2, "reviewer", Role::kCountyReviewer, {"411222"});
const Principal kLiaison = Make(3, "liaison", Role::kDisciplineLiaison, {"411222"});
const Principal kItAdmin = Make(4, "it", Role::kItAdmin, {kTownshipA, "411222"});
const Principal kAuditor = Make(5, "auditor", Role::kAuditor, {kTownshipA, "411222"});

struct LastAudit {
  long count = 0;
  std::string actor;
  std::string action;
  std::string object_id;
  Json details;
};

class ClueApiTest : public xmatch::testing::PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    pqxx::work tx(conn());
    tx.exec("INSERT INTO match_runs (id, run_date, mode, status) VALUES "
            "(1, '2026-10-01', 'full', 'succeeded'), (2, '2026-11-01', 'incremental', 'succeeded')");
    clue_a_ = AddClue(tx, "MA", "张三", kIdNumberA, kTownshipA + std::string("001"), "new", 2);
    clue_b_ = AddClue(tx, "MB", "李四", "411222199202021234", kTownshipB + std::string("002"), "new", 1);
    clue_c_ = AddClue(tx, "MC", "王五", "411202198803031235", kTownshipC + std::string("003"), "new", 1);
    transferred_a_ = AddClue(tx, "MT", "赵六", "411222198504041236", kTownshipA + std::string("004"),
                             "transferred", 1);
    transferred_c_ = AddClue(tx, "MU", "钱七", "411202198505051237", kTownshipC + std::string("005"),
                             "transferred", 1);
    tx.commit();
  }

  int64_t AddClue(pqxx::work& tx, const std::string& member, const std::string& name,
                  const std::string& id_number, const std::string& region, const std::string& status,
                  int run) {
    tx.exec_params(
        "INSERT INTO roll_members (member_id, household_id, id_number, id_token, token_key, "
        "key_version, name, program, region_code, enrolled_on, monthly_amount, status) "
        "VALUES ($1, 'H-' || $1, $2, repeat('a', 64), xmatch_token_key(repeat('a', 64)), 1, $3, "
        "'dibao_rural', $4, '2020-01-01', "
        "650.00, 'active')",
        member, id_number, name, region);
    const Json evidence = {
        {"rule", "deceased"},
        {"rule_version", "2026.1"},
        {"records", {{{"source", "public_security"}, {"record_id", "PS-" + member}, {"kind", "death"},
                      {"death_date", "2026-05-03"},
                      {"origin", {{"topic", "dept.public_security"}, {"partition", 0}, {"offset", 41}}}}}},
        {"overpaid", {{{"period", "2026-06"}, {"amount", "650.00"}},
                      {{"period", "2026-07"}, {"amount", "650.00"}},
                      {{"period", "2026-08"}, {"amount", "650.00"}}}}};
    return tx.exec_params1(
        "INSERT INTO clues (clue_key, rule, rule_version, member_id, household_id, region_code, "
        "program, overpaid_periods, overpaid_amount, evidence, evidence_hash, status, "
        "first_run_id, last_run_id) VALUES ('deceased:' || $1, 'deceased', '2026.1', $1, "
        "'H-' || $1, $2, 'dibao_rural', 3, 1950.00, $3::jsonb, repeat('0', 64), $4, $5, $5) "
        "RETURNING id",
        member, region, evidence.dump(), status, run)[0].as<int64_t>();
  }

  ApiResponse Call(const std::function<ApiResponse(const RequestContext&)>& handler,
                   const Principal& who, ApiRequest request) {
    RequestContext ctx{request, who, conn()};
    return handler(ctx);
  }

  static ApiRequest Get(std::string path, std::map<std::string, std::string> query = {},
                        std::vector<std::string> path_params = {}) {
    ApiRequest r;
    r.method = "GET";
    r.path = std::move(path);
    r.query = std::move(query);
    r.path_params = std::move(path_params);
    return r;
  }

  static ApiRequest Post(int64_t clue_id, const std::string& suffix, const Json& body) {
    ApiRequest r;
    r.method = "POST";
    r.path = "/api/clues/" + std::to_string(clue_id) + suffix;
    r.path_params = {std::to_string(clue_id)};
    r.body = body.dump();
    return r;
  }

  LastAudit Audit() {
    pqxx::work tx(conn());
    LastAudit last;
    last.count = tx.exec("SELECT count(*) FROM audit_log")[0][0].as<long>();
    pqxx::result r = tx.exec(
        "SELECT actor, action, coalesce(object_id, ''), details::text FROM audit_log ORDER BY id DESC LIMIT 1");
    if (!r.empty()) {
      last.actor = r[0][0].c_str();
      last.action = r[0][1].c_str();
      last.object_id = r[0][2].c_str();
      last.details = Json::parse(r[0][3].c_str());
    }
    return last;
  }

  std::string ClueRowText(int64_t id) {
    pqxx::work tx(conn());
    return tx.exec_params1("SELECT to_jsonb(c)::text FROM clues c WHERE id = $1", id)[0].c_str();
  }

  void SetStatus(int64_t id, const std::string& status) {
    pqxx::work tx(conn());
    tx.exec_params("UPDATE clues SET status = $2 WHERE id = $1", id, status);
    tx.commit();
  }

  std::string CurrentMonth() {
    pqxx::work tx(conn());
    return tx.exec("SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')")[0][0].c_str();
  }

  // Names for county 411222 (with its city), township A and one village of A, and the
  // city's own code; township B and county 411202 stay without a name.
  void AddRegions() {
    pqxx::work tx(conn());
    tx.exec("INSERT INTO regions (code, name, city_name) VALUES "
            "('411222', '陕州区', '三门峡市'), ('411222100', '大营镇', NULL), "
            "('411222100001', '大营村委会', NULL), ('411200', '三门峡市', NULL)");
    tx.commit();
  }

  int64_t clue_a_ = 0, clue_b_ = 0, clue_c_ = 0, transferred_a_ = 0, transferred_c_ = 0;
};

// One row of the access matrix: who calls what, the status they get, and the audit row
// it must leave ("" for none).
struct MatrixCase {
  std::string what;
  const Principal* who;
  std::function<ApiResponse(const RequestContext&)> handler;
  ApiRequest request;
  int status;
  std::string audit_action;
};

TEST_F(ClueApiTest, AccessMatrixOfEveryClueEndpoint) {
  auto detail = [](int64_t id) { return Get("/api/clues/" + std::to_string(id), {}, {std::to_string(id)}); };
  auto reveal = [](int64_t id) { return Post(id, "/reveal", {{"purpose", "入户核查"}}); };
  auto act = [](int64_t id) { return Post(id, "/actions", {{"action", "start_verification"}}); };
  auto queue = [](const char* township) { return Get("/api/clues", {{"township", township}}); };
  auto ledger = [](const char* township) { return Get("/api/ledger", {{"township", township}}); };
  auto everything = Get("/api/x");
  const std::vector<const Principal*> no_clue_roles = {&kItAdmin, &kAuditor};

  std::vector<MatrixCase> cases = {
      // township staff: own township only
      {"staff detail own", &kStaff, GetClue, detail(clue_a_), 200, "clue_viewed"},
      {"staff detail same county", &kStaff, GetClue, detail(clue_b_), 403, "access_denied"},
      {"staff detail other county", &kStaff, GetClue, detail(clue_c_), 403, "access_denied"},
      {"staff reveal own", &kStaff, RevealId, reveal(clue_a_), 200, "id_revealed"},
      {"staff reveal other", &kStaff, RevealId, reveal(clue_b_), 403, "access_denied"},
      {"staff action own", &kStaff, ApplyClueAction, act(clue_a_), 200, "clue_action"},
      {"staff action other", &kStaff, ApplyClueAction, act(clue_b_), 403, "access_denied"},
      {"staff queue own", &kStaff, ListClues, queue(kTownshipA), 200, ""},
      {"staff queue other", &kStaff, ListClues, queue(kTownshipB), 403, "access_denied"},
      {"staff csv own", &kStaff, ExportLedgerCsv, ledger(kTownshipA), 200, "ledger_exported"},
      {"staff csv other", &kStaff, ExportLedgerCsv, ledger(kTownshipB), 403, "access_denied"},
      {"staff xlsx own", &kStaff, ExportLedgerXlsx, ledger(kTownshipA), 200, "ledger_exported"},
      {"staff xlsx other", &kStaff, ExportLedgerXlsx, ledger(kTownshipC), 403, "access_denied"},
      {"staff report own", &kStaff, MonthlyReport, ledger(kTownshipA), 200, "report_viewed"},
      {"staff report other", &kStaff, MonthlyReport, ledger(kTownshipB), 403, "access_denied"},
      {"staff it overview", &kStaff, ItOverview, everything, 403, "access_denied"},
      {"staff audit", &kStaff, ListAudit, everything, 403, "access_denied"},
      // county reviewer: the whole county
      {"reviewer detail own", &kReviewer, GetClue, detail(clue_b_), 200, "clue_viewed"},
      {"reviewer detail other", &kReviewer, GetClue, detail(clue_c_), 403, "access_denied"},
      {"reviewer reveal own", &kReviewer, RevealId, reveal(clue_b_), 200, "id_revealed"},
      {"reviewer reveal other", &kReviewer, RevealId, reveal(clue_c_), 403, "access_denied"},
      {"reviewer action own", &kReviewer, ApplyClueAction, act(clue_b_), 200, "clue_action"},
      {"reviewer action other", &kReviewer, ApplyClueAction, act(clue_c_), 403, "access_denied"},
      {"reviewer queue own", &kReviewer, ListClues, queue(kTownshipB), 200, ""},
      {"reviewer queue other", &kReviewer, ListClues, queue(kTownshipC), 403, "access_denied"},
      {"reviewer csv own", &kReviewer, ExportLedgerCsv, ledger(kTownshipB), 200, "ledger_exported"},
      {"reviewer csv other", &kReviewer, ExportLedgerCsv, ledger(kTownshipC), 403, "access_denied"},
      {"reviewer xlsx own", &kReviewer, ExportLedgerXlsx, ledger(kTownshipA), 200, "ledger_exported"},
      {"reviewer xlsx other", &kReviewer, ExportLedgerXlsx, ledger(kTownshipC), 403, "access_denied"},
      {"reviewer report own", &kReviewer, MonthlyReport, ledger(kTownshipB), 200, "report_viewed"},
      {"reviewer report other", &kReviewer, MonthlyReport, ledger(kTownshipC), 403, "access_denied"},
      {"reviewer it overview", &kReviewer, ItOverview, everything, 403, "access_denied"},
      {"reviewer audit", &kReviewer, ListAudit, everything, 403, "access_denied"},
      // discipline liaison: transferred clues of their county, read only
      {"liaison detail transferred own", &kLiaison, GetClue, detail(transferred_a_), 200, "clue_viewed"},
      {"liaison detail transferred other", &kLiaison, GetClue, detail(transferred_c_), 403, "access_denied"},
      {"liaison detail not transferred", &kLiaison, GetClue, detail(clue_a_), 403, "access_denied"},
      {"liaison reveal", &kLiaison, RevealId, reveal(transferred_a_), 403, "access_denied"},
      {"liaison action", &kLiaison, ApplyClueAction, act(transferred_a_), 403, "access_denied"},
      {"liaison queue own", &kLiaison, ListClues, queue(kTownshipA), 200, ""},
      {"liaison queue other", &kLiaison, ListClues, queue(kTownshipC), 403, "access_denied"},
      {"liaison csv", &kLiaison, ExportLedgerCsv, ledger(kTownshipA), 403, "access_denied"},
      {"liaison xlsx", &kLiaison, ExportLedgerXlsx, ledger(kTownshipA), 403, "access_denied"},
      {"liaison report", &kLiaison, MonthlyReport, ledger(kTownshipA), 403, "access_denied"},
      {"liaison it overview", &kLiaison, ItOverview, everything, 403, "access_denied"},
      {"liaison audit", &kLiaison, ListAudit, everything, 403, "access_denied"},
      // IT staff and auditors: their own endpoint only
      {"it overview", &kItAdmin, ItOverview, everything, 200, ""},
      {"auditor audit", &kAuditor, ListAudit, everything, 200, ""},
      {"it audit", &kItAdmin, ListAudit, everything, 403, "access_denied"},
      {"auditor it overview", &kAuditor, ItOverview, everything, 403, "access_denied"},
  };
  // No personal data for IT staff and auditors on any clue endpoint, own region or not.
  for (const Principal* who : no_clue_roles) {
    const std::string role(RoleName(who->role));
    cases.push_back({role + " detail", who, GetClue, detail(clue_a_), 403, "access_denied"});
    cases.push_back({role + " reveal", who, RevealId, reveal(clue_a_), 403, "access_denied"});
    cases.push_back({role + " action", who, ApplyClueAction, act(clue_a_), 403, "access_denied"});
    cases.push_back({role + " queue", who, ListClues, queue(kTownshipA), 403, "access_denied"});
    cases.push_back({role + " csv", who, ExportLedgerCsv, ledger(kTownshipA), 403, "access_denied"});
    cases.push_back({role + " xlsx", who, ExportLedgerXlsx, ledger(kTownshipA), 403, "access_denied"});
    cases.push_back({role + " report", who, MonthlyReport, ledger(kTownshipA), 403, "access_denied"});
  }

  for (const MatrixCase& c : cases) {
    SCOPED_TRACE(c.what);
    SetStatus(clue_a_, "new");
    SetStatus(clue_b_, "new");
    const LastAudit before = Audit();
    const ApiResponse response = Call(c.handler, *c.who, c.request);
    EXPECT_EQ(response.status, c.status) << response.body;
    const LastAudit after = Audit();
    if (c.audit_action.empty()) {
      EXPECT_EQ(after.count, before.count) << "unexpected audit row " << after.action;
      continue;
    }
    ASSERT_EQ(after.count, before.count + 1);
    EXPECT_EQ(after.action, c.audit_action);
    EXPECT_EQ(after.actor, c.who->username);
    if (c.status == 403) {
      EXPECT_EQ(Json::parse(response.body)["error"], "forbidden");
      EXPECT_EQ(response.body.find(kIdNumberA), std::string::npos);
    }
  }
}

TEST_F(ClueApiTest, UnknownClueIs404WithoutAudit) {
  const LastAudit before = Audit();
  for (const std::string id : {"999999", "0", "abc", "1 OR 1=1", "1;DROP TABLE clues"}) {
    EXPECT_EQ(Call(GetClue, kStaff, Get("/api/clues/" + id, {}, {id})).status, 404) << id;
  }
  EXPECT_EQ(Audit().count, before.count);
}

TEST_F(ClueApiTest, QueueShowsOnlyTheRegionWithCountsAndMaskedIds) {
  const ApiResponse response = Call(ListClues, kStaff, Get("/api/clues"));
  ASSERT_EQ(response.status, 200) << response.body;
  const Json queue = Json::parse(response.body);
  EXPECT_EQ(queue["total"], 2);  // clue_a_ and transferred_a_
  EXPECT_EQ(queue["counts"]["by_status"]["new"], 1);
  EXPECT_EQ(queue["counts"]["by_status"]["transferred"], 1);
  EXPECT_EQ(queue["counts"]["by_rule"]["deceased"], 2);
  ASSERT_EQ(queue["items"].size(), 2u);
  EXPECT_EQ(queue["items"][0]["id"], transferred_a_);  // newest first
  EXPECT_EQ(queue["items"][1]["masked_id"], "4112**********123X");
  EXPECT_EQ(queue["items"][0]["is_new"], false);  // raised by the first run
  EXPECT_EQ(queue["items"][1]["is_new"], true);   // raised by the latest run
  EXPECT_EQ(response.body.find(kIdNumberA), std::string::npos);

  const Json only_new = Json::parse(Call(ListClues, kReviewer, Get("/api/clues", {{"new", "1"}})).body);
  EXPECT_EQ(only_new["total"], 1);
  const Json liaison = Json::parse(Call(ListClues, kLiaison, Get("/api/clues")).body);
  ASSERT_EQ(liaison["total"], 1);
  EXPECT_EQ(liaison["items"][0]["id"], transferred_a_);
  // A township filter narrows the region; it never widens what a role may see.
  const Json liaison_a = Json::parse(Call(ListClues, kLiaison, Get("/api/clues", {{"township", kTownshipA}})).body);
  EXPECT_EQ(liaison_a["total"], 1);
  const Json reviewer_b = Json::parse(Call(ListClues, kReviewer, Get("/api/clues", {{"township", kTownshipB}})).body);
  ASSERT_EQ(reviewer_b["total"], 1);
  EXPECT_EQ(reviewer_b["items"][0]["id"], clue_b_);
  const Json paged = Json::parse(
      Call(ListClues, kReviewer, Get("/api/clues", {{"page", "2"}, {"page_size", "2"}, {"sort", "created_asc"}})).body);
  EXPECT_EQ(paged["total"], 3);
  ASSERT_EQ(paged["items"].size(), 1u);
  EXPECT_EQ(paged["items"][0]["id"], transferred_a_);
}

// Paging through the whole queue shows every clue once, in order: the first pages (LIMIT
// and OFFSET written into the statement) and the later ones (OFFSET bound) alike.
TEST_F(ClueApiTest, PagesCoverTheQueueOnceInOrderNearAndFar) {
  {
    pqxx::work tx(conn());
    for (int i = 0; i < 25; ++i) {
      AddClue(tx, "MP" + std::to_string(i), "孙" + std::to_string(i), kIdNumberA,
              kTownshipA + std::string("001"), "new", 2);
    }
    tx.commit();
  }
  const Json all = Json::parse(
      Call(ListClues, kReviewer, Get("/api/clues", {{"page_size", "200"}, {"sort", "created_asc"}})).body);
  ASSERT_EQ(all["total"], 28);
  std::vector<int64_t> expected, paged;
  for (const Json& item : all["items"]) expected.push_back(item["id"]);
  for (int page = 1; page <= 15; ++page) {
    const Json p = Json::parse(Call(ListClues, kReviewer,
                                    Get("/api/clues", {{"page", std::to_string(page)},
                                                       {"page_size", "2"},
                                                       {"sort", "created_asc"}}))
                                   .body);
    EXPECT_EQ(p["items"].size(), page <= 14 ? 2u : 0u) << "page " << page;
    for (const Json& item : p["items"]) paged.push_back(item["id"]);
  }
  EXPECT_EQ(paged, expected);
}

// Every filter parameter with injection strings: a 400 naming the parameter, never a
// 500, never rows. Also the ledger's and the report's parameters.
TEST_F(ClueApiTest, InjectionStringsInEveryFilterAreRefused) {
  const std::vector<std::string> attacks = {
      "' OR '1'='1", "1; DROP TABLE clues; --", "411222100' OR 1=1 --", "new') OR ('1'='1",
      "new,verifying' OR 'x'='x", "%27%20OR%201=1", "1 UNION SELECT id_number FROM roll_members",
      "2026-01-01'::date OR true --", "\\'; SELECT pg_sleep(5); --"};
  const long clues_before = Count("clues");
  for (const std::string param : {"rule", "status", "township", "min_amount", "max_amount", "from",
                                  "to", "new", "sort", "page", "page_size"}) {
    for (const std::string& attack : attacks) {
      for (const Principal* who : {&kStaff, &kReviewer, &kLiaison}) {
        const ApiResponse r = Call(ListClues, *who, Get("/api/clues", {{param, attack}}));
        EXPECT_EQ(r.status, 400) << param << "=" << attack << ": " << r.body;
        EXPECT_EQ(Json::parse(r.body)["message"].get<std::string>().rfind(param + ":", 0), 0u) << r.body;
      }
    }
  }
  for (const std::string param : {"township", "month"}) {
    for (const std::string& attack : attacks) {
      for (auto handler : {ExportLedgerCsv, ExportLedgerXlsx, MonthlyReport}) {
        const ApiResponse r = Call(handler, kReviewer, Get("/api/ledger", {{param, attack}}));
        EXPECT_EQ(r.status, 400) << param << "=" << attack << ": " << r.body;
      }
    }
  }
  for (const std::string& attack : attacks) {
    const ApiResponse r = Call(ListAudit, kAuditor, Get("/api/audit", {{"page", attack}}));
    EXPECT_EQ(r.status, 400) << attack;
  }
  EXPECT_EQ(Count("clues"), clues_before);
}

TEST_F(ClueApiTest, DetailShowsRecordsMonthsHistoryAndAllowedActions) {
  const ApiResponse r = Call(GetClue, kStaff, Get("/api/clues/x", {}, {std::to_string(clue_a_)}));
  ASSERT_EQ(r.status, 200) << r.body;
  const Json d = Json::parse(r.body);
  EXPECT_EQ(d["clue"]["overpaid_amount"], "1950.00");
  EXPECT_EQ(d["member"]["name"], "张三");
  EXPECT_EQ(d["member"]["masked_id"], "4112**********123X");
  EXPECT_EQ(r.body.find(kIdNumberA), std::string::npos);
  ASSERT_EQ(d["records"].size(), 1u);
  EXPECT_EQ(d["records"][0]["event_date"], "2026-05-03");
  EXPECT_EQ(d["records"][0]["origin"], "topic dept.public_security partition 0 offset 41");
  ASSERT_EQ(d["months"].size(), 3u);
  EXPECT_EQ(d["months"][0], (Json{{"month", "2026-06"}, {"amount", "650.00"}}));
  EXPECT_EQ(d["allowed_actions"], (Json{"start_verification", "dismiss"}));
  const LastAudit audit = Audit();
  EXPECT_EQ(audit.action, "clue_viewed");
  EXPECT_EQ(audit.object_id, std::to_string(clue_a_));
}

TEST_F(ClueApiTest, RevealNeedsAPurposeAndIsAudited) {
  for (const Json& body : {Json::object(), Json{{"purpose", "   "}}, Json{{"purpose", 5}}}) {
    const LastAudit before = Audit();
    const ApiResponse r = Call(RevealId, kStaff, Post(clue_a_, "/reveal", body));
    EXPECT_EQ(r.status, 400) << body.dump();
    EXPECT_NE(r.body.find("purpose"), std::string::npos);
    EXPECT_EQ(Audit().count, before.count);
  }
  const ApiResponse r = Call(RevealId, kStaff, Post(clue_a_, "/reveal", {{"purpose", "入户核查身份"}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json::parse(r.body)["id_number"], kIdNumberA);
  const LastAudit audit = Audit();
  EXPECT_EQ(audit.action, "id_revealed");
  EXPECT_EQ(audit.details["purpose"], "入户核查身份");
  EXPECT_EQ(audit.details.dump().find(kIdNumberA), std::string::npos);
}

TEST_F(ClueApiTest, ForbiddenTransitionsAre409AndChangeNothing) {
  const std::vector<std::string> statuses = {"new", "verifying", "confirmed", "dismissed", "rectified", "transferred"};
  int refused = 0;
  for (const std::string& from : statuses) {
    for (const std::string action : {"start_verification", "confirm", "dismiss", "rectify", "transfer"}) {
      const std::vector<std::string> allowed = AllowedActions(from);
      if (std::find(allowed.begin(), allowed.end(), action) != allowed.end()) continue;
      SetStatus(clue_a_, from);
      const std::string row_before = ClueRowText(clue_a_);
      const long events_before = Count("clue_events");
      const long audit_before = Audit().count;
      const ApiResponse r = Call(ApplyClueAction, kStaff,
                                 Post(clue_a_, "/actions",
                                      {{"action", action}, {"note", "说明"}, {"reason", "other"},
                                       {"measures", "停发"}, {"deadline", "2026-12-31"},
                                       {"recovered_amount", "1950.00"}}));
      EXPECT_EQ(r.status, 409) << action << " from " << from << ": " << r.body;
      EXPECT_EQ(ClueRowText(clue_a_), row_before) << action << " from " << from;
      EXPECT_EQ(Count("clue_events"), events_before);
      EXPECT_EQ(Audit().count, audit_before);
      ++refused;
    }
  }
  EXPECT_EQ(refused, 30 - 6);
}

TEST_F(ClueApiTest, EachAllowedTransitionWritesOneEvent) {
  struct Step {
    int64_t clue;
    Json body;
    std::string from, to;
  };
  const std::vector<Step> steps = {
      {clue_a_, {{"action", "start_verification"}}, "new", "verifying"},
      {clue_a_, {{"action", "confirm"}, {"note", "入户核实属实"}}, "verifying", "confirmed"},
      {clue_a_, {{"action", "transfer"}, {"note", "移交纪委监委"}}, "confirmed", "transferred"},
      {clue_b_, {{"action", "dismiss"}, {"reason", "different_person"}, {"note", "同名不同人"}}, "new", "dismissed"},
  };
  for (const Step& s : steps) {
    SCOPED_TRACE(s.body.dump());
    const long events_before = Count("clue_events");
    const ApiResponse r = Call(ApplyClueAction, kReviewer, Post(s.clue, "/actions", s.body));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Json::parse(r.body)["clue"]["status"], s.to);
    EXPECT_EQ(Count("clue_events"), events_before + 1);
    {
      pqxx::work tx(conn());
      const pqxx::row e = tx.exec_params1(
          "SELECT actor, action, from_status, to_status, coalesce(note, '') FROM clue_events "
          "WHERE clue_id = $1 ORDER BY id DESC LIMIT 1", s.clue);
      EXPECT_EQ(std::string(e[0].c_str()), "reviewer");
      EXPECT_EQ(std::string(e[1].c_str()), s.body["action"].get<std::string>());
      EXPECT_EQ(std::string(e[2].c_str()), s.from);
      EXPECT_EQ(std::string(e[3].c_str()), s.to);
      EXPECT_EQ(std::string(e[4].c_str()), s.body.value("note", ""));
    }
    const LastAudit audit = Audit();
    EXPECT_EQ(audit.action, "clue_action");
    EXPECT_EQ(audit.details["from"], s.from);
    EXPECT_EQ(audit.details["to"], s.to);
  }
  SetStatus(clue_c_, "confirmed");
  const Principal other_reviewer = Make(6, "reviewer_c", Role::kCountyReviewer, {"411202"});
  const ApiResponse r = Call(ApplyClueAction, other_reviewer,
                             Post(clue_c_, "/actions", {{"action", "rectify"}, {"measures", "停发并追回"},
                                                        {"deadline", "2026-12-31"}, {"recovered_amount", "1950"}}));
  ASSERT_EQ(r.status, 200) << r.body;
  const Json clue = Json::parse(r.body)["clue"];
  EXPECT_EQ(clue["status"], "rectified");
  EXPECT_EQ(clue["measures"], "停发并追回");
  EXPECT_EQ(clue["deadline"], "2026-12-31");
  EXPECT_EQ(clue["recovered_amount"], "1950.00");
  pqxx::work tx(conn());
  EXPECT_EQ(std::string(tx.exec_params1("SELECT dismiss_reason FROM clues WHERE id = $1", clue_b_)[0].c_str()),
            "different_person");
}

TEST_F(ClueApiTest, MissingFieldIs400AndChangesNothing) {
  SetStatus(clue_a_, "verifying");
  const std::string before = ClueRowText(clue_a_);
  const ApiResponse r = Call(ApplyClueAction, kStaff, Post(clue_a_, "/actions", {{"action", "dismiss"}, {"note", "x"}}));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(Json::parse(r.body)["message"].get<std::string>().find("reason"), std::string::npos);
  EXPECT_EQ(ClueRowText(clue_a_), before);
}

// Reads row `row` (1 = the header) of sheet 1 of an XLSX with Python's zipfile: strings
// through the shared strings table, numbers as written, cells joined with '|'.
std::string XlsxRow(const std::string& bytes, int row) {
  const std::string path = ::testing::TempDir() + "/ledger-test.xlsx";
  std::ofstream(path, std::ios::binary) << bytes;
  const std::string script =
      "import re,sys,zipfile\n"
      "z=zipfile.ZipFile(sys.argv[1])\n"
      "ss=[re.sub('<[^>]+>','',s) for s in re.findall(r'<si>(.*?)</si>',z.read('xl/sharedStrings.xml').decode())]\n"
      "row=re.search(r'<row r=\"'+sys.argv[2]+r'\"[^>]*>(.*?)</row>',z.read('xl/worksheets/sheet1.xml').decode()).group(1)\n"
      "cells=re.findall(r'<c ([^>]*)>(?:<f>[^<]*</f>)?<v>([^<]*)</v></c>',row)\n"
      "print('|'.join(ss[int(v)] if 't=\"s\"' in a else v for a,v in cells))\n";
  const std::string script_path = ::testing::TempDir() + "/read_xlsx.py";
  std::ofstream(script_path) << script;
  FILE* pipe = popen(("python3 " + script_path + " " + path + " " + std::to_string(row)).c_str(), "r");
  std::string out;
  char buffer[4096];
  while (pipe != nullptr && fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
  if (pipe != nullptr) pclose(pipe);
  std::remove(path.c_str());
  std::remove(script_path.c_str());
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string XlsxFirstRow(const std::string& bytes) { return XlsxRow(bytes, 1); }

TEST_F(ClueApiTest, LedgerXlsxOpensWithTheSanmenxiaHeader) {
  const ApiResponse r = Call(ExportLedgerXlsx, kStaff,
                             Get("/api/ledger.xlsx", {{"township", kTownshipA}, {"month", CurrentMonth()}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(XlsxFirstRow(r.body),
            "序号|省辖市|乡镇(街道)|线索类型|线索来源|问题描述|责任单位|整治措施|整治时限|整治结果");
  EXPECT_EQ(Audit().details["rows"], 2);
}

TEST_F(ClueApiTest, LedgerCsvHasBomHeaderAndDescriptions) {
  const ApiResponse r = Call(ExportLedgerCsv, kStaff, Get("/api/ledger.csv", {{"township", kTownshipA}}));
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.body.rfind("\xEF\xBB\xBF序号,省辖市,乡镇(街道),线索类型,线索来源,问题描述,责任单位,整治措施,整治时限,整治结果\r\n", 0), 0u);
  // No regions rows: the codes, and the code-based 责任单位.
  EXPECT_NE(r.body.find("1,411200,411222100,死亡人员仍领取救助金,公安部门数据比对,"
                        "张三（农村低保）2026年5月3日死亡，死亡后仍发放3个月共1950.00元,"
                        "411222100乡镇（街道）民政办,"),
            std::string::npos)
      << r.body;
  EXPECT_EQ(r.body.find(kIdNumberA), std::string::npos);
  EXPECT_EQ(r.body.find("王五"), std::string::npos);  // another county's clue
  const ApiResponse empty = Call(ExportLedgerCsv, kStaff, Get("/api/ledger.csv", {{"month", "2020-01"}}));
  ASSERT_EQ(empty.status, 200);
  EXPECT_EQ(std::count(empty.body.begin(), empty.body.end(), '\n'), 1);  // the header alone
}

TEST_F(ClueApiTest, LedgerCarriesRegionNamesWhenKnownAndCodesWhenNot) {
  AddRegions();
  // Township A is named, B is not; the county row names the city.
  const ApiResponse csv = Call(ExportLedgerCsv, kReviewer, Get("/api/ledger.csv"));
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.body.find("\r\n1,三门峡市,大营镇,死亡人员仍领取救助金,公安部门数据比对,"
                          "张三（农村低保）2026年5月3日死亡，死亡后仍发放3个月共1950.00元,"
                          "大营镇民政办,"),
            std::string::npos)
      << csv.body;
  EXPECT_NE(csv.body.find("\r\n3,三门峡市,411222101,死亡人员仍领取救助金,公安部门数据比对,"
                          "李四（农村低保）2026年5月3日死亡，死亡后仍发放3个月共1950.00元,"
                          "411222101乡镇（街道）民政办,"),
            std::string::npos)
      << csv.body;

  const ApiResponse xlsx = Call(ExportLedgerXlsx, kStaff, Get("/api/ledger.xlsx", {{"township", kTownshipA}}));
  ASSERT_EQ(xlsx.status, 200) << xlsx.body;
  const std::string row = XlsxRow(xlsx.body, 2);
  EXPECT_EQ(row.rfind("1|三门峡市|大营镇|死亡人员仍领取救助金|公安部门数据比对|", 0), 0u) << row;
  EXPECT_NE(row.find("|大营镇民政办|"), std::string::npos) << row;

  // Another county with no row of its own: the city comes from the city's code (411200).
  const Principal reviewer_c = Make(6, "reviewer_c", Role::kCountyReviewer, {"411202"});
  const ApiResponse other = Call(ExportLedgerXlsx, reviewer_c, Get("/api/ledger.xlsx"));
  ASSERT_EQ(other.status, 200) << other.body;
  const std::string other_row = XlsxRow(other.body, 2);
  EXPECT_EQ(other_row.rfind("1|三门峡市|411202001|", 0), 0u) << other_row;
  EXPECT_NE(other_row.find("|411202001乡镇（街道）民政办|"), std::string::npos) << other_row;
}

TEST_F(ClueApiTest, QueueDetailAndReportCarryRegionNames) {
  AddRegions();
  const Json queue = Json::parse(Call(ListClues, kReviewer, Get("/api/clues", {{"sort", "created_asc"}})).body);
  ASSERT_EQ(queue["items"].size(), 3u);
  EXPECT_EQ(queue["items"][0]["id"], clue_a_);
  EXPECT_EQ(queue["items"][0]["township_code"], kTownshipA);
  EXPECT_EQ(queue["items"][0]["township_name"], "大营镇");
  EXPECT_EQ(queue["items"][1]["id"], clue_b_);
  EXPECT_EQ(queue["items"][1]["township_name"], kTownshipB);  // no name: the code

  const Json a = Json::parse(Call(GetClue, kStaff, Get("/api/clues/x", {}, {std::to_string(clue_a_)})).body);
  EXPECT_EQ(a["member"]["township_code"], kTownshipA);
  EXPECT_EQ(a["member"]["township_name"], "大营镇");
  EXPECT_EQ(a["member"]["village_name"], "大营村委会");
  EXPECT_EQ(a["member"]["county_name"], "陕州区");
  EXPECT_EQ(a["member"]["city_name"], "三门峡市");
  const Json b = Json::parse(Call(GetClue, kReviewer, Get("/api/clues/x", {}, {std::to_string(clue_b_)})).body);
  EXPECT_EQ(b["member"]["township_name"], kTownshipB);
  EXPECT_EQ(b["member"]["village_name"], nullptr);
  EXPECT_EQ(b["member"]["county_name"], "陕州区");
  const Json c = Json::parse(Call(GetClue, Make(6, "reviewer_c", Role::kCountyReviewer, {"411202"}),
                                  Get("/api/clues/x", {}, {std::to_string(clue_c_)})).body);
  EXPECT_EQ(c["member"]["county_name"], nullptr);
  EXPECT_EQ(c["member"]["city_name"], "三门峡市");  // the city's own row

  const Json report = Json::parse(
      Call(MonthlyReport, kReviewer, Get("/api/reports/monthly", {{"month", CurrentMonth()}})).body);
  ASSERT_EQ(report["townships"].size(), 2u);
  EXPECT_EQ(report["townships"][0]["township_code"], kTownshipA);
  EXPECT_EQ(report["townships"][0]["township_name"], "大营镇");
  EXPECT_EQ(report["townships"][0]["county_code"], "411222");
  EXPECT_EQ(report["townships"][0]["county_name"], "陕州区");
  EXPECT_EQ(report["townships"][0]["city_name"], "三门峡市");
  EXPECT_EQ(report["townships"][1]["township_name"], kTownshipB);
}

TEST_F(ClueApiTest, MonthlyReportGivesAZeroReportForAnEmptyTownshipMonth) {
  const ApiResponse r = Call(MonthlyReport, kReviewer, Get("/api/reports/monthly", {{"township", kTownshipB}, {"month", "2020-01"}}));
  ASSERT_EQ(r.status, 200) << r.body;
  const Json report = Json::parse(r.body);
  EXPECT_EQ(report["month"], "2020-01");
  ASSERT_EQ(report["townships"].size(), 1u);
  const Json& line = report["townships"][0];
  EXPECT_EQ(line["township_code"], kTownshipB);
  EXPECT_EQ(line["total"], 0);
  EXPECT_EQ(line["zero_report"], true);
  EXPECT_EQ(line["by_rule"]["deceased"], 0);
  EXPECT_EQ(line["by_status"]["transferred"], 0);
  EXPECT_EQ(line["overpaid_amount"], "0.00");

  const Json current = Json::parse(
      Call(MonthlyReport, kReviewer, Get("/api/reports/monthly", {{"month", CurrentMonth()}})).body);
  EXPECT_EQ(current["totals"]["total"], 3);
  EXPECT_EQ(current["totals"]["overpaid_amount"], "5850.00");
  EXPECT_EQ(current["totals"]["by_status"]["transferred"], 1);
}

TEST_F(ClueApiTest, AuditListIsNewestFirstWithAnIntactChain) {
  ASSERT_EQ(Call(GetClue, kStaff, Get("/api/clues/x", {}, {std::to_string(clue_a_)})).status, 200);
  ASSERT_EQ(Call(GetClue, kStaff, Get("/api/clues/x", {}, {std::to_string(clue_b_)})).status, 403);
  const ApiResponse r = Call(ListAudit, kAuditor, Get("/api/audit"));
  ASSERT_EQ(r.status, 200) << r.body;
  const Json audit = Json::parse(r.body);
  EXPECT_EQ(audit["total"], 2);
  EXPECT_EQ(audit["items"][0]["action"], "access_denied");
  EXPECT_EQ(audit["items"][1]["action"], "clue_viewed");
  EXPECT_EQ(audit["chain"]["intact"], true);
  EXPECT_EQ(audit["chain"]["rows_checked"], 2);
}

}  // namespace
}  // namespace xmatch::review
