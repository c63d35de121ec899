// The clue detail (GET /api/clues/{id}): the clue, the roll row, the department records
// used, the overpaid months, the history; revealing the ID number with a purpose; and the
// actions the state machine allows now, each with the form it needs.
"use strict";

const clueId = new URLSearchParams(location.search).get("id");
const { el } = XM;

// What each action asks for (review/API.md, state machine).
const ACTION_FORMS = {
  start_verification: { title: "开始核查", fields: [] },
  confirm: { title: "确认问题", fields: [
    { name: "note", label: "核查结论（必填）", type: "textarea", required: true }] },
  dismiss: { title: "排除线索", fields: [
    { name: "reason", label: "排除原因（必填）", type: "select", required: true,
      options: XM.labels.dismissReason },
    { name: "note", label: "说明（必填）", type: "textarea", required: true }] },
  rectify: { title: "登记整改", fields: [
    { name: "measures", label: "整治措施（必填）", type: "textarea", required: true,
      placeholder: "例如：已停发，追回违规发放资金" },
    { name: "deadline", label: "整治时限（必填）", type: "date", required: true },
    { name: "recovered_amount", label: "已追回金额（元，必填）", type: "number", required: true,
      min: "0", step: "0.01" }] },
  transfer: { title: "移交纪委监委", fields: [
    { name: "note", label: "移交说明（必填）", type: "textarea", required: true }] },
};

function facts(list, pairs) {
  list.replaceChildren(...pairs.flatMap(([term, value]) =>
    [el("dt", {}, term), el("dd", {}, value)]));
}

function cell(value) {
  return el("td", {}, value === null || value === undefined || value === "" ? "—" : value);
}

function render(detail) {
  const c = detail.clue;
  const m = detail.member;
  document.title = "线索 " + c.id + " - 社会救助数据比对";
  document.getElementById("title").textContent =
    "线索 " + c.id + "：" + (m.name || m.member_id) + " · " + XM.label("rule", c.rule);
  const clueFacts = [
    ["线索类型", XM.label("rule", c.rule)],
    ["状态", el("span", { class: "badge " + c.status, id: "clue-status" }, XM.label("status", c.status))],
    ["超发月数", c.overpaid_periods],
    ["超发金额", XM.yuan(c.overpaid_amount) + " 元"],
    ["生成时间", XM.when(c.created_at)],
    ["最近更新", XM.when(c.updated_at)],
    ["规则版本", c.rule_version],
  ];
  if (c.evidence_gone) clueFacts.push(["提示", "最近一次比对时该线索的证据已不再成立，请核实"]);
  if (c.dismiss_reason) clueFacts.push(["排除原因", XM.label("dismissReason", c.dismiss_reason)]);
  if (c.measures) clueFacts.push(["整治措施", c.measures]);
  if (c.deadline) clueFacts.push(["整治时限", c.deadline]);
  if (c.recovered_amount !== null && c.recovered_amount !== undefined) {
    clueFacts.push(["已追回金额", XM.yuan(c.recovered_amount) + " 元"]);
  }
  facts(document.getElementById("clue-facts"), clueFacts);

  const idCell = el("span", {}, el("span", { class: "id-number", id: "id-number" }, m.masked_id || "—"));
  if (m.masked_id && ["township_staff", "county_reviewer"].includes(XM.me().user.role)) {
    idCell.append(" ", el("button", { type: "button", class: "secondary", id: "reveal-button",
                                      onclick: openReveal }, "查看身份证号"));
  }
  facts(document.getElementById("member-facts"), [
    ["姓名", m.name || "—"],
    ["身份证号", idCell],
    ["名册编号", m.member_id],
    ["户编号", m.household_id],
    ["救助项目", XM.label("program", m.program)],
    ["县（市、区）", XM.region(m.county_name && (m.city_name && m.city_name !== m.county_name
                                                ? m.city_name : "") + m.county_name,
                             m.region_code ? m.region_code.slice(0, 6) : null)],
    ["乡镇（街道）", XM.region(m.township_name, m.township_code)],
    ["村（居）", XM.region(m.village_name, m.region_code)],
    ["名册状态", { active: "在保", suspended: "暂停", exited: "已退出" }[m.status] || m.status || "—"],
  ]);

  document.querySelector("#records tbody").replaceChildren(...(detail.records.length
    ? detail.records.map((r) => el("tr", {},
        cell(XM.label("source", r.source)), cell(XM.label("kind", r.kind)), cell(r.record_id),
        cell(r.event_date), cell(r.end_date),
        el("td", { class: "num" }, r.amount ? XM.yuan(r.amount) : "—"), cell(r.origin)))
    : [el("tr", {}, el("td", { colspan: 7, class: "muted" }, "无"))]));

  let total = 0;
  document.querySelector("#months tbody").replaceChildren(...(detail.months.length
    ? detail.months.map((row) => {
        total += Math.round(parseFloat(row.amount || "0") * 100);
        return el("tr", {}, cell(row.month), el("td", { class: "num" }, XM.yuan(row.amount)));
      })
    : [el("tr", {}, el("td", { colspan: 2, class: "muted" }, "无超发月份（未发放或尚未到期）"))]));
  document.querySelector("#months tfoot").replaceChildren(el("tr", {},
    el("th", { scope: "row" }, "合计 " + detail.months.length + " 个月"),
    el("td", { class: "num" }, XM.yuan(c.overpaid_amount))));

  document.querySelector("#events tbody").replaceChildren(...detail.events.map((e) => {
    const details = e.details || {};
    const extra = [];
    if (details.reason) extra.push("原因：" + XM.label("dismissReason", details.reason));
    if (details.measures) extra.push("措施：" + details.measures);
    if (details.deadline) extra.push("时限：" + details.deadline);
    if (details.recovered_amount) extra.push("追回：" + XM.yuan(details.recovered_amount) + " 元");
    if (e.note) extra.push(e.note);
    return el("tr", {}, cell(XM.when(e.at)), cell(e.actor === "matcher" ? "系统比对" : e.actor),
      cell(XM.label("action", e.action)),
      cell(e.from || e.to ? XM.label("status", e.from) + " → " + XM.label("status", e.to) : ""),
      cell(extra.join("；")));
  }));

  const actions = document.getElementById("actions");
  const allowed = detail.allowed_actions || [];
  actions.replaceChildren(...(allowed.length
    ? allowed.map((a) => el("button", { type: "button", "data-action": a,
        class: { dismiss: "secondary", transfer: "danger" }[a] || null,
        onclick: () => openAction(a) }, XM.label("action", a)))
    : [el("span", { class: "muted" }, "当前状态下没有可进行的操作")]));

  document.getElementById("detail").hidden = false;
}

function openReveal() {
  const dialog = document.getElementById("reveal-dialog");
  document.getElementById("reveal-purpose").value = "";
  dialog.showModal();
}

async function submitReveal(event) {
  event.preventDefault();
  const purpose = document.getElementById("reveal-purpose").value.trim();
  if (!purpose) {
    document.getElementById("reveal-purpose").reportValidity();
    return;
  }
  const dialog = document.getElementById("reveal-dialog");
  try {
    const answer = await XM.post("/api/clues/" + encodeURIComponent(clueId) + "/reveal", { purpose });
    document.getElementById("id-number").textContent = answer.id_number;
    const button = document.getElementById("reveal-button");
    if (button) button.remove();
    dialog.close();
    XM.showMessage("已显示完整身份证号，本次查看已记入审计日志", "info");
  } catch (e) {
    dialog.close();
    XM.showMessage(e.message);
  }
}

let pendingAction = null;

function openAction(action) {
  const spec = ACTION_FORMS[action] || { title: XM.label("action", action), fields: [] };
  pendingAction = action;
  document.getElementById("action-title").textContent = spec.title;
  const fields = document.getElementById("action-fields");
  fields.replaceChildren(...spec.fields.map((f) => {
    let input;
    if (f.type === "textarea") {
      input = el("textarea", { name: f.name, required: f.required, maxlength: 1000,
                               placeholder: f.placeholder || null });
    } else if (f.type === "select") {
      input = el("select", { name: f.name, required: f.required },
        el("option", { value: "" }, "请选择"),
        ...Object.entries(f.options).map(([code, text]) => el("option", { value: code }, text)));
    } else {
      input = el("input", { name: f.name, type: f.type, required: f.required,
                            min: f.min || null, step: f.step || null });
    }
    return el("label", {}, f.label, input);
  }));
  if (spec.fields.length === 0) {
    fields.append(el("p", {}, "确定要将线索状态改为“核查中”吗？"));
  }
  document.getElementById("action-dialog").showModal();
}

async function submitAction(event) {
  event.preventDefault();
  const form = document.getElementById("action-form");
  if (!form.reportValidity()) return;
  const body = { action: pendingAction };
  for (const field of form.querySelectorAll("#action-fields [name]")) {
    body[field.name] = field.value.trim();
  }
  const submit = document.getElementById("action-submit");
  submit.disabled = true;
  try {
    const detail = await XM.post("/api/clues/" + encodeURIComponent(clueId) + "/actions", body);
    document.getElementById("action-dialog").close();
    render(detail);
    XM.showMessage("已提交：" + XM.label("action", pendingAction) + "，当前状态：" +
                   XM.label("status", detail.clue.status), "ok");
  } catch (e) {
    document.getElementById("action-dialog").close();
    XM.showMessage(e.message);
  } finally {
    submit.disabled = false;
  }
}

XM.start("queue", async () => {
  for (const button of document.querySelectorAll("dialog [data-close]")) {
    button.addEventListener("click", () => button.closest("dialog").close());
  }
  document.getElementById("reveal-form").addEventListener("submit", submitReveal);
  document.getElementById("action-form").addEventListener("submit", submitAction);
  if (!clueId || !/^[0-9]+$/.test(clueId)) {
    XM.showMessage("地址中缺少线索编号，请从线索队列进入");
    return;
  }
  try {
    render(await XM.get("/api/clues/" + clueId));
  } catch (e) {
    if (e.status === 403) {
      document.getElementById("title").textContent = "无权查看";
      XM.showMessage("您无权查看该线索：它不属于您负责的辖区。如有疑问请联系县级民政部门。" +
                     (e.message ? "（" + e.message + "）" : ""));
    } else if (e.status === 404) {
      document.getElementById("title").textContent = "线索不存在";
      XM.showMessage("没有找到编号为 " + clueId + " 的线索");
    } else {
      throw e;
    }
  }
});
