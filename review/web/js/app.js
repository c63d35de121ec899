// Shared by every review page: calls to the JSON API (review/API.md) with the session's
// CSRF token on POST and a return to the login page on 401, the Chinese labels of codes,
// the page header with the user's menu, and small DOM helpers. No framework, no build step.
"use strict";

const XM = (() => {
  const labels = {
    rule: {
      deceased: "死亡人员仍领取",
      imprisoned: "服刑人员仍领取",
      pension_income: "养老金超标准",
      duplicate_enrollment: "重复享受",
    },
    status: {
      new: "待核查",
      verifying: "核查中",
      confirmed: "已确认",
      dismissed: "已排除",
      rectified: "已整改",
      transferred: "已移交纪委监委",
    },
    program: {
      dibao_urban: "城市低保",
      dibao_rural: "农村低保",
      tekun_centralized: "特困集中供养",
      tekun_dispersed: "特困分散供养",
      orphan: "孤儿",
      de_facto_orphan: "事实无人抚养儿童",
      disability_living: "困难残疾人生活补贴",
      disability_care: "重度残疾人护理补贴",
      elderly_allowance: "高龄津贴",
      temp_relief: "临时救助",
    },
    source: {
      public_security: "公安",
      justice: "司法",
      health: "卫健",
      pension: "人社（养老金）",
    },
    kind: {
      death: "死亡",
      deregistration: "户籍注销",
      detention: "羁押",
      imprisonment: "服刑",
      release: "刑满释放",
      community_correction: "社区矫正",
      death_certificate: "死亡医学证明",
      pension_payment: "养老金发放",
      pension_stop: "养老金停发",
    },
    role: {
      township_staff: "乡镇（街道）民政办",
      county_reviewer: "县级审核",
      discipline_liaison: "纪检联络",
      it_admin: "系统运维",
      auditor: "审计",
    },
    action: {
      start_verification: "开始核查",
      confirm: "确认问题",
      dismiss: "排除线索",
      rectify: "登记整改",
      transfer: "移交纪委监委",
      created: "比对生成",
      reopened: "重新打开",
      evidence_gone: "证据已失效",
      evidence_restored: "证据恢复",
      evidence_changed: "证据变更",
    },
    dismissReason: {
      source_record_error: "源头数据错误",
      already_stopped: "已停发",
      different_person: "非同一人",
      other: "其他",
    },
    runStatus: { running: "运行中", succeeded: "成功", failed: "失败" },
    runMode: { full: "全量", incremental: "增量" },
  };

  // The text for `code` in table `table`, or the code itself when there is none.
  function label(table, code) {
    if (code === null || code === undefined || code === "") return "—";
    return (labels[table] && labels[table][code]) || code;
  }

  let me = null;  // {user, csrf} once loaded

  function toLogin() {
    const back = location.pathname + location.search;
    location.href = "/login.html?next=" + encodeURIComponent(back);
  }

  // An error the page shows: `status` from the server, `message` in Chinese.
  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  async function request(method, path, body) {
    const headers = { Accept: "application/json" };
    const init = { method, headers, credentials: "same-origin" };
    if (method !== "GET") {
      headers["Content-Type"] = "application/json";
      if (me) headers["X-CSRF-Token"] = me.csrf;
      init.body = JSON.stringify(body || {});
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      throw new ApiError(0, "network", "无法连接服务器，请检查网络后重试");
    }
    if (response.status === 401 && path !== "/api/login") {
      toLogin();
      throw new ApiError(401, "unauthenticated", "请先登录");
    }
    let data = null;
    const type = response.headers.get("Content-Type") || "";
    if (type.includes("json")) data = await response.json();
    if (!response.ok) {
      const fallback = {
        403: "您无权查看或处理此内容",
        404: "没有找到该内容",
        409: "当前状态下不能进行此操作",
      }[response.status] || "服务器出错（" + response.status + "），请稍后再试";
      throw new ApiError(response.status, data && data.error,
                         (data && data.message) || fallback);
    }
    return data;
  }

  const get = (path) => request("GET", path);
  const post = (path, body) => request("POST", path, body);

  // Loads the logged-in user (redirects to login when there is none).
  async function loadMe() {
    me = await get("/api/me");
    return me;
  }

  // The page every role starts on.
  function homeFor(role) {
    if (role === "it_admin") return "/it.html";
    if (role === "auditor") return "/audit.html";
    return "/index.html";
  }

  // Fills <header id="top"> with the menu for the user's role and a logout button.
  function renderHeader(active) {
    const header = document.getElementById("top");
    const role = me.user.role;
    const links = [];
    if (["township_staff", "county_reviewer", "discipline_liaison"].includes(role)) {
      links.push(["queue", "/index.html", "线索队列"]);
    }
    if (["township_staff", "county_reviewer"].includes(role)) {
      links.push(["ledger", "/ledger.html", "台账导出"]);
    }
    if (role === "it_admin") links.push(["it", "/it.html", "系统运维"]);
    if (role === "auditor") links.push(["audit", "/audit.html", "审计日志"]);
    header.replaceChildren(
      el("span", { class: "brand" }, "社会救助数据比对"),
      el("nav", { "aria-label": "主菜单" },
         ...links.map(([key, href, text]) =>
           el("a", { href, "aria-current": key === active ? "page" : null }, text))),
      el("span", { class: "who" },
         (me.user.display_name || me.user.username) + "（" + label("role", role) + "）"),
      el("button", { type: "button", class: "link", onclick: logout }, "退出登录"));
  }

  async function logout() {
    try {
      await post("/api/logout", {});
    } finally {
      location.href = "/login.html";
    }
  }

  // document.createElement with attributes (null ones skipped, on* as listeners) and
  // children (strings become text: never HTML).
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  // Shows `message` in the page's <div id="message"> (role=alert); "" clears it.
  function showMessage(message, kind) {
    const box = document.getElementById("message");
    box.textContent = message;
    box.className = message ? "message " + (kind || "error") : "message";
    if (message) box.scrollIntoView({ block: "nearest" });
  }

  // Runs a page's start function: loads the user, draws the header, reports errors.
  function start(active, main) {
    document.addEventListener("DOMContentLoaded", async () => {
      try {
        await loadMe();
        renderHeader(active);
        await main();
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return;
        showMessage(e.message || String(e));
      }
    });
  }

  // A division as staff read it: "大营镇（411203100）" when the server knows its name
  // (the regions table), else the code alone; "—" when there is neither.
  function region(name, code) {
    if (name && code && name !== code) return name + "（" + code + "）";
    return code || name || "—";
  }

  // The name of one of the user's own region codes (GET /api/me region_names), or null.
  function ownRegionName(code) {
    const names = (me && me.user.region_names) || {};
    return names[code] || null;
  }

  // "1950.00" -> "1,950.00"
  function yuan(text) {
    if (text === null || text === undefined) return "—";
    const [whole, frac] = String(text).split(".");
    return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (frac !== undefined ? "." + frac : "");
  }

  // "2026-11-02T02:31:00+08:00" -> "2026-11-02 02:31"
  function when(text) {
    if (!text) return "—";
    return String(text).replace("T", " ").replace(/:\d\d(\.\d+)?([+-]\d\d(:?\d\d)?|Z)?$/, "");
  }

  return { labels, label, get, post, start, me: () => me, homeFor, el, showMessage, yuan,
           when, region, ownRegionName, ApiError, toLogin };
})();
