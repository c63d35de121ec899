// The clue state machine of review/API.md, as a table (kClueTransitions), and its
// application to the database: one transaction updates the clue and adds one
// clue_events row (actor, from → to, note, details).
//
//   start_verification  new            → verifying    —
//   confirm             verifying      → confirmed    note
//   dismiss             new, verifying → dismissed    reason (list), note
//   rectify             confirmed      → rectified    measures, deadline, recovered_amount
//   transfer            confirmed      → transferred  note (移交纪委监委)
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/pqxx>

#include "common/result.h"
#include "common/status.h"

namespace xmatch::review {

struct ClueTransition {
  std::string_view action;
  std::string_view from;
  std::string_view to;
};

// Every allowed (action, from) pair; anything else is forbidden.
std::span<const ClueTransition> ClueTransitions();

// The dismiss reasons and their Chinese labels (source_record_error 源头数据错误, ...).
struct DismissReason {
  std::string_view code;
  std::string_view label;
};
std::span<const DismissReason> DismissReasons();

// What the client asked for (the body of POST /api/clues/{id}/actions).
struct ActionRequest {
  std::string action;
  std::string note;
  std::string reason;
  std::string measures;
  std::string deadline;          // YYYY-MM-DD
  std::string recovered_amount;  // yuan
};

// The status after `request` on a clue in `from_status`. FailedPrecondition (→ 409)
// when the action is known but not allowed from that status; InvalidArgument (→ 400)
// for an unknown action or a missing or malformed field, naming the field.
Result<std::string> CheckAction(std::string_view from_status, const ActionRequest& request);

// The actions allowed from `status`, in table order.
std::vector<std::string> AllowedActions(std::string_view status);

// Locks the clue, checks the action and applies it inside `tx` (the caller commits):
// updates status and the action's fields, adds the clue_events row. NotFound for an
// unknown clue; CheckAction's errors otherwise. Returns the from status.
Result<std::string> ApplyTransition(pqxx::work& tx, int64_t clue_id, std::string_view actor,
                                    const ActionRequest& request);

}  // namespace xmatch::review
