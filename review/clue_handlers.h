// The review API's handlers for clues, personal data, the ledger, reports and the IT
// overview (review/API.md). The server (review/router) has already checked the session,
// the CSRF token of a POST and that the principal's role may call the route; these
// functions do the region checks (review/access_policy.h) and write their own audit rows
// in the same transaction as the read or change. Each takes the request's own connection
// from the context and opens and commits its own transaction.
#pragma once

#include "review/api_types.h"
#include "review/request_context.h"

namespace xmatch::review {

// GET /api/clues — the queue: filters, sort, paging, counts (staff, reviewer, liaison).
ApiResponse ListClues(const RequestContext& ctx);

// GET /api/clues/{id} — the detail of one clue in the principal's region; audit
// `clue_viewed` (403 + `access_denied` for another region, 404 for an unknown clue).
ApiResponse GetClue(const RequestContext& ctx);

// POST /api/clues/{id}/reveal {purpose} — the unmasked ID number; audit `id_revealed`
// with the purpose (400 without a purpose).
ApiResponse RevealId(const RequestContext& ctx);

// POST /api/clues/{id}/actions {action, note, reason, measures, deadline,
// recovered_amount} — one transition of the state machine (409 when forbidden); answers
// the new detail; audit `clue_action`.
ApiResponse ApplyClueAction(const RequestContext& ctx);

// GET /api/ledger.xlsx?township=&month=YYYY-MM — the Sanmenxia ledger as XLSX; audit
// `ledger_exported`.
ApiResponse ExportLedgerXlsx(const RequestContext& ctx);

// GET /api/ledger.csv?township=&month=YYYY-MM — the same ledger as CSV (UTF-8 with BOM);
// audit `ledger_exported`.
ApiResponse ExportLedgerCsv(const RequestContext& ctx);

// GET /api/reports/monthly?township=&month=YYYY-MM — per township: clues by rule and
// status, amounts, overdue deadlines; a zero report when there is nothing.
ApiResponse MonthlyReport(const RequestContext& ctx);

// GET /api/it/overview — agreements in force and expiring, per agreement records
// received / rejected / fields dropped, data-as-of, consumer lag, offset gaps, runs.
// No personal data. Needs SetAgreementRegistry() (review/it_overview.h).
ApiResponse ItOverview(const RequestContext& ctx);

// GET /api/audit?page=&page_size= — audit rows newest first and the chain check result.
ApiResponse ListAudit(const RequestContext& ctx);

}  // namespace xmatch::review
