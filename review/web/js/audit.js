// The audit log for auditors (GET /api/audit): rows newest first, and whether the hash
// chain is intact (the first broken row named when it is not).
"use strict";

const { el } = XM;

const ACTIONS = {
  login: "登录", login_failed: "登录失败", logout: "退出登录", clue_viewed: "查看线索",
  id_revealed: "查看身份证号", clue_action: "处理线索", ledger_exported: "导出台账",
  report_viewed: "查看月报", access_denied: "越权访问被拒绝",
};

function details(d) {
  const entries = Object.entries(d || {});
  return entries.map(([k, v]) => k + "：" + (typeof v === "object" ? JSON.stringify(v) : v)).join("；");
}

XM.start("audit", async () => {
  const page = Math.max(1, parseInt(new URLSearchParams(location.search).get("page") || "1", 10));
  const answer = await XM.get("/api/audit?page=" + page);
  const chain = answer.chain || {};
  document.getElementById("chain").replaceChildren(chain.intact
    ? el("p", { class: "message ok" }, "哈希链完整：已校验 " + chain.rows_checked + " 条记录。")
    : el("p", { class: "message error" }, "哈希链校验失败：第 " + chain.first_broken_id +
        " 条记录起被改动（" + (chain.problem || "") + "）。请立即报告。"));
  const body = document.querySelector("#audit tbody");
  body.replaceChildren(...answer.items.map((r) => el("tr", {},
    el("td", {}, r.id), el("td", {}, XM.when(r.at)), el("td", {}, r.actor),
    el("td", {}, XM.label("role", r.actor_role)), el("td", {}, ACTIONS[r.action] || r.action),
    el("td", {}, [r.object_type, r.object_id].filter(Boolean).join(" ")),
    el("td", {}, r.region_code || "—"), el("td", {}, details(r.details)))));
  const pages = Math.max(1, Math.ceil((answer.total || 0) / answer.page_size));
  document.getElementById("page-info").textContent = "第 " + page + " / " + pages + " 页，共 " + answer.total + " 条";
  const prev = document.getElementById("prev");
  const next = document.getElementById("next");
  prev.disabled = page <= 1;
  next.disabled = page >= pages;
  prev.onclick = () => { location.search = "page=" + (page - 1); };
  next.onclick = () => { location.search = "page=" + (page + 1); };
});
