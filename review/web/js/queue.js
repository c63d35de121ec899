// The clue queue (GET /api/clues): filters, sort and page live in the address bar, so a
// reload, the back button or a shared link shows the same list.
"use strict";

const FILTERS = ["rule", "status", "township", "min_amount", "max_amount", "from", "to",
                 "new", "sort", "page_size"];

function fillSelect(select, table) {
  for (const [code, text] of Object.entries(XM.labels[table])) {
    select.append(XM.el("option", { value: code }, text));
  }
}

// The query of the address bar as API parameters (empty ones left out).
function currentQuery() {
  const from = new URLSearchParams(location.search);
  const query = new URLSearchParams();
  for (const name of [...FILTERS, "page"]) {
    const value = from.get(name);
    if (value) query.set(name, value);
  }
  return query;
}

function showFilters(query) {
  const form = document.getElementById("filters");
  for (const name of FILTERS) {
    const field = form.elements[name];
    if (field.type === "checkbox") field.checked = query.get(name) === "1";
    else if (query.has(name)) field.value = query.get(name);
  }
}

function readFilters() {
  const form = document.getElementById("filters");
  const query = new URLSearchParams();
  for (const name of FILTERS) {
    const field = form.elements[name];
    if (field.type === "checkbox") {
      if (field.checked) query.set(name, "1");
    } else if (field.value.trim()) {
      query.set(name, field.value.trim());
    }
  }
  return query;
}

function renderCounts(counts, total) {
  const box = document.getElementById("counts");
  const part = (table, code, n) =>
    XM.el("span", {}, XM.label(table, code) + "：", XM.el("strong", {}, n));
  box.replaceChildren(
    XM.el("span", {}, "合计：", XM.el("strong", {}, total)),
    ...Object.entries(counts.by_status || {}).map(([code, n]) => part("status", code, n)),
    ...Object.entries(counts.by_rule || {}).map(([code, n]) => part("rule", code, n)));
}

function renderRows(items) {
  const body = document.querySelector("#queue tbody");
  if (items.length === 0) {
    body.replaceChildren(XM.el("tr", {}, XM.el("td", { colspan: 10, class: "muted" },
                                              "没有符合条件的线索")));
    return;
  }
  body.replaceChildren(...items.map((c) => XM.el("tr", { class: c.is_new ? "is-new" : null },
    XM.el("td", {}, XM.el("a", { href: "/clue.html?id=" + c.id }, c.id)),
    XM.el("td", {}, XM.el("a", { href: "/clue.html?id=" + c.id }, c.name || c.member_id)),
    XM.el("td", { class: "id-number" }, c.masked_id || "—"),
    XM.el("td", {}, XM.region(c.township_name, c.township_code)),
    XM.el("td", {}, XM.label("rule", c.rule), c.is_new ? XM.el("span", { class: "badge new", title: "最近一次比对新发现" }, "新") : null),
    XM.el("td", {}, XM.label("program", c.program)),
    XM.el("td", { class: "num" }, c.overpaid_periods),
    XM.el("td", { class: "num" }, XM.yuan(c.overpaid_amount)),
    XM.el("td", {}, XM.el("span", { class: "badge " + c.status }, XM.label("status", c.status))),
    XM.el("td", {}, XM.when(c.created_at)))));
}

async function load() {
  const query = currentQuery();
  showFilters(query);
  document.getElementById("queue-caption").textContent = "正在加载……";
  const answer = await XM.get("/api/clues?" + query.toString());
  // capped: more than `total` clues match (amount or date filters); the exact number is
  // not counted, and paging goes on while pages come back full.
  const total = answer.capped ? answer.total + "+" : answer.total;
  renderCounts(answer.counts || {}, total);
  renderRows(answer.items);
  const pages = Math.max(1, Math.ceil(answer.total / answer.page_size));
  document.getElementById("queue-caption").textContent =
    "共 " + total + " 条线索" + (answer.total ? "，点击编号或姓名查看详情" : "");
  document.getElementById("page-info").textContent =
    "第 " + answer.page + (answer.capped ? " 页" : " / " + pages + " 页");
  const prev = document.getElementById("prev");
  const next = document.getElementById("next");
  prev.disabled = answer.page <= 1;
  next.disabled = answer.capped ? answer.items.length < answer.page_size : answer.page >= pages;
  prev.onclick = () => go(answer.page - 1);
  next.onclick = () => go(answer.page + 1);
}

function go(page) {
  const query = currentQuery();
  query.set("page", page);
  location.search = query.toString();
}

XM.start("queue", async () => {
  const role = XM.me().user.role;
  if (XM.homeFor(role) !== "/index.html") {  // IT staff and auditors have no queue
    location.replace(XM.homeFor(role));
    return;
  }
  fillSelect(document.getElementById("f-rule"), "rule");
  fillSelect(document.getElementById("f-status"), "status");
  const datalist = document.getElementById("f-townships");
  for (const code of XM.me().user.region_codes || []) {
    if (code.length === 9) datalist.append(XM.el("option", { value: code, label: XM.ownRegionName(code) }));
  }
  const form = document.getElementById("filters");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    location.search = readFilters().toString();  // a new filter starts at page 1
  });
  form.addEventListener("reset", (event) => {
    event.preventDefault();
    location.search = "";
  });
  await load();
});
