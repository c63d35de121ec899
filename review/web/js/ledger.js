// The ledger page: download the Sanmenxia ledger (XLSX or CSV) of a township and month,
// and view the monthly report (GET /api/reports/monthly), a zero report included.
"use strict";

const { el } = XM;

function params() {
  const form = document.getElementById("ledger-form");
  const query = new URLSearchParams();
  if (form.township.value.trim()) query.set("township", form.township.value.trim());
  query.set("month", form.month.value);
  return query;
}

function updateLinks() {
  const form = document.getElementById("ledger-form");
  const ok = form.month.value !== "" && form.township.checkValidity();
  const query = params().toString();
  for (const [id, path] of [["download-xlsx", "/api/ledger.xlsx"], ["download-csv", "/api/ledger.csv"]]) {
    const link = document.getElementById(id);
    link.href = ok ? path + "?" + query : "#";
    link.setAttribute("aria-disabled", ok ? "false" : "true");
  }
}

function countCells(table, counts) {
  return Object.keys(XM.labels[table]).map((code) =>
    el("td", { class: "num" }, (counts && counts[code]) || 0));
}

function renderReport(report) {
  const section = document.getElementById("report");
  const ruleCodes = Object.keys(XM.labels.rule);
  const statusCodes = Object.keys(XM.labels.status);
  const head = el("tr", {}, el("th", { scope: "col" }, "乡镇（街道）"),
    el("th", { scope: "col", class: "num" }, "线索数"),
    ...ruleCodes.map((c) => el("th", { scope: "col", class: "num" }, XM.label("rule", c))),
    ...statusCodes.map((c) => el("th", { scope: "col", class: "num" }, XM.label("status", c))),
    el("th", { scope: "col", class: "num" }, "超发金额（元）"),
    el("th", { scope: "col", class: "num" }, "已追回（元）"),
    el("th", { scope: "col", class: "num" }, "整改逾期"));
  const line = (name, t) => el("tr", {}, el("th", { scope: "row" }, name),
    el("td", { class: "num" }, t.total), ...countCells("rule", t.by_rule),
    ...countCells("status", t.by_status), el("td", { class: "num" }, XM.yuan(t.overpaid_amount)),
    el("td", { class: "num" }, XM.yuan(t.recovered_amount)), el("td", { class: "num" }, t.overdue));
  const rows = (report.townships || []).map((t) => line(
    XM.region(t.township_name, t.township_code) + (t.zero_report ? "（零报告）" : ""), t));
  // The county above the townships, when they share one and its name is known.
  const townships = report.townships || [];
  const county = townships.length && townships.every((t) => t.county_code === townships[0].county_code)
    ? townships[0] : null;
  const place = county && county.county_name
    ? (county.city_name && county.city_name !== county.county_name ? county.city_name : "") +
      county.county_name + " " : "";
  section.replaceChildren(
    el("h2", {}, place + report.month + " 月报"),
    (report.townships || []).every((t) => t.zero_report)
      ? el("p", { class: "message info" }, "本月无新发现线索（零报告）。") : "",
    el("div", { style: "overflow-x:auto" }, el("table", { id: "report-table" },
      el("thead", {}, head), el("tbody", {}, ...rows),
      report.totals ? el("tfoot", {}, line("合计", report.totals)) : "")));
}

XM.start("ledger", async () => {
  const form = document.getElementById("ledger-form");
  const datalist = document.getElementById("l-townships");
  const own = (XM.me().user.region_codes || []).filter((c) => c.length === 9);
  for (const code of own) datalist.append(el("option", { value: code, label: XM.ownRegionName(code) }));
  if (own.length === 1) form.township.value = own[0];
  const now = new Date();
  now.setMonth(now.getMonth() - 1);  // the ledger is reported for the month just ended
  form.month.value = now.toISOString().slice(0, 7);
  form.addEventListener("input", updateLinks);
  updateLinks();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    XM.showMessage("");
    try {
      renderReport(await XM.get("/api/reports/monthly?" + params().toString()));
    } catch (e) {
      XM.showMessage(e.message);
    }
  });
});
