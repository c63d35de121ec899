#include "review/clue_actions.h"

#include <array>

#include <nlohmann/json.hpp>

#include "common/date.h"
#include "common/money.h"

namespace xmatch::review {
namespace {

constexpr std::array<ClueTransition, 6> kClueTransitions = {{
    {"start_verification", "new", "verifying"},
    {"confirm", "verifying", "confirmed"},
    {"dismiss", "new", "dismissed"},
    {"dismiss", "verifying", "dismissed"},
    {"rectify", "confirmed", "rectified"},
    {"transfer", "confirmed", "transferred"},
}};

constexpr std::array<DismissReason, 4> kDismissReasons = {{
    {"source_record_error", "源头数据错误"},
    {"already_stopped", "已停发"},
    {"different_person", "非同一人"},
    {"other", "其他"},
}};

bool Blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

Status Missing(std::string_view field, std::string_view what) {
  return Status::InvalidArgument(std::string(field) + ": " + std::string(what));
}

// The fields each action requires (API.md's "required" column).
Status CheckFields(const ActionRequest& r) {
  if (r.action == "confirm" || r.action == "transfer") {
    if (Blank(r.note)) return Missing("note", "请填写说明");
  } else if (r.action == "dismiss") {
    bool known = false;
    for (const DismissReason& reason : kDismissReasons) known |= reason.code == r.reason;
    if (!known) {
      return Missing("reason",
                     "请选择排除原因（source_record_error, already_stopped, different_person, other）");
    }
    if (Blank(r.note)) return Missing("note", "请填写说明");
  } else if (r.action == "rectify") {
    if (Blank(r.measures)) return Missing("measures", "请填写整治措施");
    if (!Date::Parse(r.deadline).ok()) return Missing("deadline", "整治时限应为日期 YYYY-MM-DD");
    Result<Money> amount = Money::Parse(r.recovered_amount);
    if (!amount.ok() || amount->fen() < 0) {
      return Missing("recovered_amount", "追回金额应为不小于 0 的金额（元），如 1950.00");
    }
  }
  return Status::Ok();
}

}  // namespace

std::span<const ClueTransition> ClueTransitions() { return kClueTransitions; }
std::span<const DismissReason> DismissReasons() { return kDismissReasons; }

Result<std::string> CheckAction(std::string_view from_status, const ActionRequest& request) {
  bool known = false;
  for (const ClueTransition& t : kClueTransitions) {
    if (t.action != request.action) continue;
    known = true;
    if (t.from != from_status) continue;
    XM_RETURN_IF_ERROR(CheckFields(request));
    return std::string(t.to);
  }
  if (!known) {
    return Status::InvalidArgument(
        "action: 未知操作（start_verification, confirm, dismiss, rectify, transfer）");
  }
  return Status::FailedPrecondition("状态为 " + std::string(from_status) + " 的线索不能执行 " +
                                    request.action);
}

std::vector<std::string> AllowedActions(std::string_view status) {
  std::vector<std::string> actions;
  for (const ClueTransition& t : kClueTransitions) {
    if (t.from == status) actions.emplace_back(t.action);
  }
  return actions;
}

Result<std::string> ApplyTransition(pqxx::work& tx, int64_t clue_id, std::string_view actor,
                                    const ActionRequest& request) {
  const pqxx::result current =
      tx.exec_params("SELECT status FROM clues WHERE id = $1 FOR UPDATE", clue_id);
  if (current.empty()) return Status::NotFound("线索不存在");
  const std::string from = current[0][0].as<std::string>();
  XM_ASSIGN_OR_RETURN(const std::string to, CheckAction(from, request));

  nlohmann::json details = nlohmann::json::object();
  std::optional<std::string> reason, measures, deadline, recovered;
  if (request.action == "dismiss") {
    reason = request.reason;
    details["reason"] = request.reason;
  }
  if (request.action == "rectify") {
    measures = request.measures;
    deadline = request.deadline;
    recovered = Money::Parse(request.recovered_amount)->ToString();
    details = {{"measures", *measures}, {"deadline", *deadline}, {"recovered_amount", *recovered}};
  }
  // The action's own columns are set only by that action; the others keep their values.
  tx.exec_params(
      "UPDATE clues SET status = $2, updated_at = now(), "
      "dismiss_reason = COALESCE($3, dismiss_reason), measures = COALESCE($4, measures), "
      "deadline = COALESCE($5::date, deadline), "
      "recovered_amount = COALESCE($6::numeric, recovered_amount) WHERE id = $1",
      clue_id, to, reason, measures, deadline, recovered);
  std::optional<std::string> note;
  if (!Blank(request.note)) note = request.note;
  tx.exec_params(
      "INSERT INTO clue_events (clue_id, actor, action, from_status, to_status, note, details) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)",
      clue_id, std::string(actor), request.action, from, to, note, details.dump());
  return from;
}

}  // namespace xmatch::review
