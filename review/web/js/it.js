// The IT page (GET /api/it/overview): operation warnings, agreements, per-agreement
// counts, data-as-of per source, consumer positions and lag, offset gaps and the run
// history. No personal data.
"use strict";

const { el } = XM;

function cell(value, numeric) {
  const empty = value === null || value === undefined || value === "";
  return el("td", { class: numeric ? "num" : null }, empty ? "—" : value);
}

function fill(id, rows, columns, empty) {
  const body = document.querySelector("#" + id + " tbody");
  body.replaceChildren(...(rows.length ? rows.map((r) => el("tr", {}, ...columns(r)))
    : [el("tr", {}, el("td", { colspan: 8, class: "muted" }, empty))]));
}

// {"bad_date": 3, ...} -> "bad_date 3；..."
function countsText(counts) {
  const entries = Object.entries(counts || {});
  return entries.length ? entries.map(([k, v]) => k + " " + v).join("；") : "无";
}

// A run's counts (matcher/run/run_summary.cc): per rule {"clues", "new", ...}.
function runCounts(counts) {
  const parts = [];
  for (const rule of Object.keys(XM.labels.rule)) {
    const c = counts && counts[rule];
    if (c) parts.push(XM.label("rule", rule) + " " + c.clues + "（新 " + c.new + "）");
  }
  return parts.join("；");
}

XM.start("it", async () => {
  const o = await XM.get("/api/it/overview");
  const agreements = o.agreements || [];
  const warnings = o.warnings || [];
  document.getElementById("warnings").replaceChildren(...(warnings.length
    ? warnings.map((w) => el("li", { class: "message error" }, w.message))
    : [el("li", { class: "muted" }, "当前没有警告：协议均不在 30 天内到期，各部门数据都在按时送达。")]));
  const expiring = agreements.filter((a) => a.expiring_soon);
  document.getElementById("expiring").replaceChildren(expiring.length
    ? el("p", { class: "message error" }, "30 天内到期的协议：" +
        expiring.map((a) => a.id + "（剩 " + a.days_left + " 天）").join("、") + "。请及时续签。")
    : el("p", { class: "muted" }, "没有 30 天内到期的协议。"));
  fill("agreements", agreements, (a) => [cell(a.id), cell(XM.label("source", a.provider)),
    cell(a.purpose), cell(a.valid_from + " 至 " + a.valid_to),
    cell(a.in_force ? (a.expiring_soon ? "即将到期" : "有效") : "不在有效期"),
    cell(a.records_received, true), cell(countsText(a.rejected)), cell(countsText(a.fields_dropped))],
    "未加载任何协议");
  fill("as-of", Object.entries(o.data_as_of || {}), ([source, v]) => [
    cell(XM.label("source", source)), cell(XM.when(v.newest_received_at)), cell(v.records, true)],
    "尚未接收任何部门数据");
  fill("consumers", o.consumers || [], (c) => [cell(c.group), cell(c.topic), cell(c.partition, true),
    cell(c.next_offset, true), cell(XM.when(c.updated_at)), cell(c.seconds_since_update, true)],
    "尚无消费记录");
  fill("gaps", o.offset_gaps || [], (g) => [cell(g.group), cell(g.topic), cell(g.partition, true),
    cell(g.from_offset, true), cell(g.to_offset, true), cell(XM.when(g.detected_at))], "没有数据缺口");
  fill("runs", o.runs || [], (r) => [cell(r.id), cell(r.run_date), cell(XM.label("runMode", r.mode)),
    cell(XM.label("runStatus", r.status)), cell(XM.when(r.started_at)), cell(XM.when(r.finished_at)),
    cell(runCounts(r.counts)), cell(r.error)], "尚无比对运行记录");
});
