#include "review/clue_handlers.h"

#include <charconv>
#include <optional>

#include "common/logging.h"
#include "review/access_policy.h"
#include "review/audit_log.h"
#include "review/clue_actions.h"
#include "review/clue_detail.h"
#include "review/clue_queue.h"
#include "review/it_overview.h"
#include "review/ledger_export.h"
#include "review/monthly_report.h"
#include "store/connection.h"

namespace xmatch::review {
namespace {

using Json = nlohmann::json;

constexpr int kAuditPageSizeDefault = 50;

// An expected failure as the API's error answer.
ApiResponse FromStatus(const Status& status) {
  switch (status.code()) {
    case Status::Code::kInvalidArgument: return JsonError(400, "bad_request", status.message());
    case Status::Code::kNotFound: return JsonError(404, "not_found", status.message());
    case Status::Code::kPermissionDenied: return JsonError(403, "forbidden", status.message());
    case Status::Code::kFailedPrecondition: return JsonError(409, "conflict", status.message());
    case Status::Code::kUnavailable:
      GetLogger("review")->error("database: {}", status.message());
      return JsonError(503, "unavailable", "数据库暂时无法访问，请稍后再试");
    default:
      GetLogger("review")->error("{}", status.message());
      return JsonError(500, "internal", "服务器内部错误，请联系信息技术人员");
  }
}

// Runs a handler body; a database exception becomes 503 or 500, logged (without row
// values: StatusFromPqxx keeps only the first line of the server's error).
template <typename Body>
ApiResponse Guarded(std::string_view what, Body&& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    return FromStatus(store::StatusFromPqxx(e, what));
  }
}

AuditEntry Entry(const RequestContext& ctx, std::string action, std::string object_type,
                 std::string object_id, std::string region_code) {
  AuditEntry entry;
  entry.actor = ctx.principal.username;
  entry.actor_role = std::string(RoleName(ctx.principal.role));
  entry.action = std::move(action);
  entry.object_type = std::move(object_type);
  entry.object_id = std::move(object_id);
  entry.region_code = std::move(region_code);
  return entry;
}

// 403 with its `access_denied` audit row, committed on its own.
ApiResponse Deny(const RequestContext& ctx, pqxx::work& tx, std::string_view reason,
                 const std::string& object_type, const std::string& object_id,
                 const std::string& region_code) {
  AuditEntry entry = Entry(ctx, "access_denied", object_type, object_id, region_code);
  entry.details = {{"reason", reason}, {"method", ctx.request.method}, {"path", ctx.request.path}};
  Status audited = AppendAudit(tx, entry);
  if (!audited.ok()) return FromStatus(audited);
  tx.commit();
  return JsonError(403, "forbidden", "无权访问该数据");
}

bool HasRole(const RequestContext& ctx, std::initializer_list<Role> roles) {
  for (Role r : roles) {
    if (ctx.principal.role == r) return true;
  }
  return false;
}

std::optional<int64_t> ClueId(const RequestContext& ctx) {
  if (ctx.request.path_params.empty()) return std::nullopt;
  const std::string& text = ctx.request.path_params[0];
  int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

std::optional<std::string> QueryParam(const RequestContext& ctx, const char* name) {
  auto it = ctx.request.query.find(name);
  if (it == ctx.request.query.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

// The ?township=&month= of the ledger and the report.
struct TownshipMonth {
  std::optional<std::string> township;
  std::optional<Month> month;
};

Result<TownshipMonth> ParseTownshipMonth(const RequestContext& ctx) {
  TownshipMonth tm;
  if (auto township = QueryParam(ctx, "township")) {
    Result<QueueQuery> checked = ParseQueueQuery({{"township", *township}});
    if (!checked.ok()) return checked.status();
    tm.township = *township;
  }
  if (auto month = QueryParam(ctx, "month")) {
    Result<Month> parsed = Month::Parse(*month);
    if (!parsed.ok()) return Status::InvalidArgument("month: 应为月份 YYYY-MM，如 2026-05");
    tm.month = *parsed;
  }
  return tm;
}

// The clue handlers' shared start: the id, the clue, the access check. On success the
// scope; otherwise the answer to give (404, or 403 already audited and committed).
struct ClueAccessOutcome {
  std::optional<ClueScope> scope;
  ApiResponse refusal;
};

ClueAccessOutcome OpenClue(const RequestContext& ctx, pqxx::work& tx, int64_t id) {
  Result<ClueScope> scope = LoadClueScope(tx, id);
  if (!scope.ok()) return {std::nullopt, FromStatus(scope.status())};
  const ClueAccess access = CheckClueAccess(ctx.principal, *scope);
  if (access != ClueAccess::kAllowed) {
    return {std::nullopt, Deny(ctx, tx, ClueAccessName(access), "clue", std::to_string(id),
                               scope->township_code)};
  }
  return {std::move(*scope), {}};
}

// A refusal by role, for a handler called by a role its route does not admit.
ApiResponse DenyRole(const RequestContext& ctx, const std::string& object_type) {
  pqxx::work tx(ctx.conn);
  return Deny(ctx, tx, "role", object_type, "", "");
}

std::optional<Json> JsonBody(const RequestContext& ctx) {
  Json body = Json::parse(ctx.request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) return std::nullopt;
  return body;
}

std::string StringField(const Json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return "";
}

ApiResponse Ledger(const RequestContext& ctx, bool xlsx) {
  if (!HasRole(ctx, {Role::kTownshipStaff, Role::kCountyReviewer})) return DenyRole(ctx, "ledger");
  Result<TownshipMonth> tm = ParseTownshipMonth(ctx);
  if (!tm.ok()) return FromStatus(tm.status());
  return Guarded("exporting the ledger", [&]() -> ApiResponse {
    pqxx::work tx(ctx.conn);
    if (tm->township && !MayAccessTownship(ctx.principal, *tm->township)) {
      return Deny(ctx, tx, "other_region", "ledger", *tm->township, *tm->township);
    }
    const std::vector<LedgerRow> rows = LoadLedger(tx, ctx.principal, {tm->township, tm->month});
    ApiResponse response;
    if (xlsx) {
      Result<std::string> bytes = LedgerXlsx(rows);
      if (!bytes.ok()) return FromStatus(bytes.status());
      response.body = std::move(*bytes);
      response.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    } else {
      response.body = LedgerCsv(rows);
      response.content_type = "text/csv; charset=utf-8";
    }
    const std::string township = tm->township.value_or("all");
    const std::string month = tm->month ? tm->month->ToString() : "all";
    AuditEntry entry = Entry(ctx, "ledger_exported", "ledger", township + "/" + month,
                             tm->township.value_or(""));
    entry.details = {{"format", xlsx ? "xlsx" : "csv"}, {"rows", rows.size()}};
    if (Status audited = AppendAudit(tx, entry); !audited.ok()) return FromStatus(audited);
    tx.commit();
    response.headers.emplace_back(
        "Content-Disposition", "attachment; filename=\"ledger-" + township + "-" + month +
                                   (xlsx ? ".xlsx\"" : ".csv\""));
    return response;
  });
}

}  // namespace

ApiResponse ListClues(const RequestContext& ctx) {
  if (!HasRole(ctx, {Role::kTownshipStaff, Role::kCountyReviewer, Role::kDisciplineLiaison})) {
    return DenyRole(ctx, "clue");
  }
  Result<QueueQuery> query = ParseQueueQuery(ctx.request.query);
  if (!query.ok()) return FromStatus(query.status());
  return Guarded("listing clues", [&]() -> ApiResponse {
    if (query->township && !MayAccessTownship(ctx.principal, *query->township)) {
      pqxx::work tx(ctx.conn);
      return Deny(ctx, tx, "other_region", "clue", "", *query->township);
    }
    // The busiest request: its two reads go without BEGIN and COMMIT, two round trips
    // fewer. The counts and the page may then straddle a change made between them, as
    // they would a moment later anyway.
    pqxx::nontransaction tx(ctx.conn);
    ApiResponse response;
    response.body = LoadQueue(tx, ctx.principal, *query);
    return response;
  });
}

ApiResponse GetClue(const RequestContext& ctx) {
  if (!HasRole(ctx, {Role::kTownshipStaff, Role::kCountyReviewer, Role::kDisciplineLiaison})) {
    return DenyRole(ctx, "clue");
  }
  const std::optional<int64_t> id = ClueId(ctx);
  if (!id) return JsonError(404, "not_found", "线索不存在");
  return Guarded("reading a clue", [&]() -> ApiResponse {
    pqxx::work tx(ctx.conn);
    ClueAccessOutcome clue = OpenClue(ctx, tx, *id);
    if (!clue.scope) return clue.refusal;
    Result<Json> detail = LoadClueDetail(tx, *id);
    if (!detail.ok()) return FromStatus(detail.status());
    AuditEntry entry = Entry(ctx, "clue_viewed", "clue", std::to_string(*id), clue.scope->township_code);
    if (Status audited = AppendAudit(tx, entry); !audited.ok()) return FromStatus(audited);
    tx.commit();
    return JsonResponse(*detail);
  });
}

ApiResponse RevealId(const RequestContext& ctx) {
  if (!HasRole(ctx, {Role::kTownshipStaff, Role::kCountyReviewer})) return DenyRole(ctx, "clue");
  const std::optional<int64_t> id = ClueId(ctx);
  if (!id) return JsonError(404, "not_found", "线索不存在");
  return Guarded("revealing an ID number", [&]() -> ApiResponse {
    pqxx::work tx(ctx.conn);
    ClueAccessOutcome clue = OpenClue(ctx, tx, *id);
    if (!clue.scope) return clue.refusal;
    const std::optional<Json> body = JsonBody(ctx);
    const auto field = body ? body->find("purpose") : Json::const_iterator();
    const std::string purpose = body && field != body->end() && field->is_string() ? field->get<std::string>() : "";
    if (purpose.find_first_not_of(" \t\r\n") == std::string::npos) {
      return JsonError(400, "bad_request", "purpose: 查看身份证号须填写用途");
    }
    Result<std::string> id_number = LoadIdNumber(tx, *id);
    if (!id_number.ok()) return FromStatus(id_number.status());
    AuditEntry entry = Entry(ctx, "id_revealed", "clue", std::to_string(*id), clue.scope->township_code);
    entry.details = {{"purpose", purpose}};
    if (Status audited = AppendAudit(tx, entry); !audited.ok()) return FromStatus(audited);
    tx.commit();
    return JsonResponse({{"id_number", *id_number}});
  });
}

ApiResponse ApplyClueAction(const RequestContext& ctx) {
  if (!HasRole(ctx, {Role::kTownshipStaff, Role::kCountyReviewer})) return DenyRole(ctx, "clue");
  const std::optional<int64_t> id = ClueId(ctx);
  if (!id) return JsonError(404, "not_found", "线索不存在");
  const std::optional<Json> body = JsonBody(ctx);
  if (!body) return JsonError(400, "bad_request", "请求体应为 JSON 对象");
  ActionRequest action{StringField(*body, "action"),   StringField(*body, "note"),
                       StringField(*body, "reason"),   StringField(*body, "measures"),
                       StringField(*body, "deadline"), StringField(*body, "recovered_amount")};
  return Guarded("applying a clue action", [&]() -> ApiResponse {
    pqxx::work tx(ctx.conn);
    ClueAccessOutcome clue = OpenClue(ctx, tx, *id);
    if (!clue.scope) return clue.refusal;
    Result<std::string> from = ApplyTransition(tx, *id, ctx.principal.username, action);
    if (!from.ok()) return FromStatus(from.status());  // tx rolls back: nothing changed
    Result<Json> detail = LoadClueDetail(tx, *id);
    if (!detail.ok()) return FromStatus(detail.status());
    AuditEntry entry = Entry(ctx, "clue_action", "clue", std::to_string(*id), clue.scope->township_code);
    entry.details = {{"action", action.action}, {"from", *from}, {"to", (*detail)["clue"]["status"]}};
    if (Status audited = AppendAudit(tx, entry); !audited.ok()) return FromStatus(audited);
    tx.commit();
    return JsonResponse(*detail);
  });
}

ApiResponse ExportLedgerXlsx(const RequestContext& ctx) { return Ledger(ctx, /*xlsx=*/true); }

ApiResponse ExportLedgerCsv(const RequestContext& ctx) { return Ledger(ctx, /*xlsx=*/false); }

ApiResponse MonthlyReport(const RequestContext& ctx) {
  if (!HasRole(ctx, {Role::kTownshipStaff, Role::kCountyReviewer})) return DenyRole(ctx, "report");
  Result<TownshipMonth> tm = ParseTownshipMonth(ctx);
  if (!tm.ok()) return FromStatus(tm.status());
  const Date today = Date::Today();
  const Month month = tm->month.value_or(today.month_of());
  return Guarded("building the monthly report", [&]() -> ApiResponse {
    pqxx::work tx(ctx.conn);
    if (tm->township && !MayAccessTownship(ctx.principal, *tm->township)) {
      return Deny(ctx, tx, "other_region", "report", *tm->township, *tm->township);
    }
    Json report = LoadMonthlyReport(tx, ctx.principal, tm->township, month, today);
    AuditEntry entry = Entry(ctx, "report_viewed", "report",
                             tm->township.value_or("all") + "/" + month.ToString(),
                             tm->township.value_or(""));
    if (Status audited = AppendAudit(tx, entry); !audited.ok()) return FromStatus(audited);
    tx.commit();
    return JsonResponse(report);
  });
}

ApiResponse ItOverview(const RequestContext& ctx) {
  if (!HasRole(ctx, {Role::kItAdmin})) return DenyRole(ctx, "it_overview");
  return Guarded("building the IT overview", [&]() -> ApiResponse {
    pqxx::work tx(ctx.conn);
    Json overview = LoadItOverview(tx, Date::Today());
    tx.commit();
    return JsonResponse(overview);
  });
}

ApiResponse ListAudit(const RequestContext& ctx) {
  if (!HasRole(ctx, {Role::kAuditor})) return DenyRole(ctx, "audit_log");
  Result<QueueQuery> paging = ParseQueueQuery(
      {{"page", QueryParam(ctx, "page").value_or("1")},
       {"page_size", QueryParam(ctx, "page_size").value_or(std::to_string(kAuditPageSizeDefault))}});
  if (!paging.ok()) return FromStatus(paging.status());
  return Guarded("reading the audit log", [&]() -> ApiResponse {
    Json answer = {{"page", paging->page}, {"page_size", paging->page_size}};
    {
      pqxx::work tx(ctx.conn);
      answer["total"] = tx.exec("SELECT count(*) FROM audit_log")[0][0].as<int64_t>();
      Json items = Json::array();
      for (const pqxx::row& r : tx.exec_params(
               "SELECT id, " + std::string("to_char(at AT TIME ZONE 'Asia/Shanghai', ") +
                   kBeijingTimeFormat +
                   "), actor, actor_role, action, object_type, object_id, region_code, "
                   "details::text FROM audit_log ORDER BY id DESC LIMIT $1 OFFSET $2",
               paging->page_size, static_cast<int64_t>(paging->page - 1) * paging->page_size)) {
        auto text = [&](int i) { return r[i].is_null() ? Json(nullptr) : Json(r[i].c_str()); };
        items.push_back({{"id", r[0].as<int64_t>()}, {"at", text(1)}, {"actor", text(2)},
                         {"actor_role", text(3)}, {"action", text(4)}, {"object_type", text(5)},
                         {"object_id", text(6)}, {"region_code", text(7)},
                         {"details", Json::parse(r[8].c_str())}});
      }
      answer["items"] = std::move(items);
      tx.commit();
    }
    Result<AuditVerifyReport> chain = VerifyAuditChain(ctx.conn);
    if (!chain.ok()) return FromStatus(chain.status());
    answer["chain"] = {{"intact", !chain->first_broken_id.has_value()},
                       {"rows_checked", chain->rows_checked},
                       {"first_broken_id", chain->first_broken_id ? Json(*chain->first_broken_id) : Json(nullptr)},
                       {"problem", chain->problem}};
    return JsonResponse(answer);
  });
}

}  // namespace xmatch::review
