// The review pages in real headless Chromium: what a township's civil-affairs officer
// does with a clue, end to end against `xmatch serve` and a private PostgreSQL.
//
//   node review_flow.mjs --xmatch BIN --env BIN --seed seed.sql --work DIR
//
// DIR holds node_modules/playwright-core (run_browser_test.sh installs it) and receives
// the artifacts: screenshots of the queue and the detail page, the downloaded ledger.
// Chromium is Debian's /usr/bin/chromium (XMATCH_CHROMIUM overrides).
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import net from "node:net";
import path from "node:path";
import readline from "node:readline";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
for (const name of ["xmatch", "env", "seed", "work"]) {
  if (!args[name]) throw new Error("missing --" + name + " (see the usage at the top of this file)");
}
const artifacts = path.join(args.work, "artifacts");
fs.mkdirSync(artifacts, { recursive: true });
const { chromium } = createRequire(path.join(args.work, "package.json"))("playwright-core");

const PASSWORD = "Dayingzhen-2026!";
const OWN = { username: "dy_staff", display: "大营镇民政办 王丽", township: "411203100" };
const OTHER = { username: "yd_staff", display: "原店镇民政办 刘强", township: "411203101" };
const LEDGER_HEADER = ["序号", "省辖市", "乡镇(街道)", "线索类型", "线索来源", "问题描述",
                       "责任单位", "整治措施", "整治时限", "整治结果"];

const children = [];
let dsn, baseUrl, browser;

// Starts `command`, remembers it for the cleanup, and echoes its stderr with a prefix.
function start(name, command, argv, options = {}) {
  const child = spawn(command, argv, { stdio: ["pipe", "pipe", "pipe"], ...options });
  child.stderr.on("data", (d) => process.stderr.write("[" + name + "] " + d));
  children.push(child);
  return child;
}

// A port nobody listens on now (the config file's `listen` takes no port 0).
async function freePort() {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  server.close();
  return port;
}

async function waitUntilServing(url, server) {
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error("xmatch serve exited with " + server.exitCode);
    try {
      if ((await fetch(url + "/livez")).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("xmatch serve did not answer /livez within 30 s");
}

// The environment of every xmatch command: the test's database and the repository's
// sample agreements (the IT overview lists them).
function xmatchEnv() {
  const agreements = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../config/agreements");
  return { ...process.env, XMATCH_PG: dsn, XMATCH_AGREEMENTS_DIR: agreements };
}

function xmatch(argv, input) {
  const result = spawnSync(args.xmatch, argv, { input, encoding: "utf8", env: xmatchEnv() });
  assert.equal(result.status, 0, "xmatch " + argv.join(" ") + " failed:\n" + result.stderr);
  return result.stdout;
}

function sql(query) {
  const result = spawnSync("psql", [dsn, "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", query],
                           { encoding: "utf8" });
  assert.equal(result.status, 0, "psql failed: " + result.stderr);
  return result.stdout.trim();
}

function addUser(user) {
  xmatch(["users", "add", user.username, "--role", "township_staff", "--region", user.township,
          "--display-name", user.display], PASSWORD + "\n");  // the password: stdin's first line
}

// The rows of the first sheet of an XLSX file, as arrays of cell texts.
function xlsxRows(file) {
  const script = String.raw`
import json, re, sys, zipfile
from xml.etree import ElementTree as ET
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
z = zipfile.ZipFile(sys.argv[1])
shared = []
if "xl/sharedStrings.xml" in z.namelist():
    for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns):
        shared.append("".join(t.text or "" for t in si.iter("{%s}t" % ns["m"])))
rows = []
for row in ET.fromstring(z.read("xl/worksheets/sheet1.xml")).iter("{%s}row" % ns["m"]):
    cells = []
    for c in row.findall("m:c", ns):
        v = c.find("m:v", ns)
        if c.get("t") == "s":
            cells.append(shared[int(v.text)])
        elif c.get("t") == "inlineStr":
            cells.append("".join(t.text or "" for t in c.iter("{%s}t" % ns["m"])))
        else:
            cells.append(v.text if v is not None else "")
    rows.append(cells)
print(json.dumps(rows, ensure_ascii=False))
`;
  const result = spawnSync("python3", ["-c", script, file], { encoding: "utf8" });
  assert.equal(result.status, 0, "reading the XLSX failed: " + result.stderr);
  return JSON.parse(result.stdout);
}

// This month in Beijing time (the ledger's month).
function beijingMonth() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 7);
}

before(async () => {
  const env = start("env", args.env, ["--sql", args.seed]);
  const [line] = await once(readline.createInterface({ input: env.stdout }), "line");
  dsn = JSON.parse(line).dsn;
  addUser(OWN);
  addUser(OTHER);

  const config = path.join(args.work, "xmatch-browser-test.yaml");
  fs.writeFileSync(config, 'listen: "127.0.0.1:' + await freePort() + '"\n');
  const server = start("serve", args.xmatch, ["--config", config, "serve", "--threads", "4"],
                       { env: xmatchEnv() });
  const lines = readline.createInterface({ input: server.stdout });
  const listening = new Promise((resolve, reject) => {
    lines.on("line", (text) => {
      const found = text.match(/listening on (https?:\/\/\S+)/);
      if (found) resolve(found[1]);
    });
    server.on("exit", (code) => reject(new Error("xmatch serve exited with " + code)));
  });
  baseUrl = await listening;
  await waitUntilServing(baseUrl, server);

  browser = await chromium.launch({
    executablePath: process.env.XMATCH_CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  if (browser) await browser.close();
  for (const child of children.reverse()) {
    if (child.exitCode !== null) continue;
    if (child.spawnargs.includes("serve")) child.kill("SIGTERM");
    else child.stdin.end();  // review_test_env stops PostgreSQL when its stdin closes
    await once(child, "exit");
  }
});

test("a township officer works a clue from the queue to the ledger", async (t) => {
  const context = await browser.newContext({ acceptDownloads: true, locale: "zh-CN",
                                             viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);

  await t.test("logs in and lands on the queue of their own township", async () => {
    await page.goto(baseUrl + "/");
    await page.getByLabel("用户名").fill(OWN.username);
    await page.getByLabel("密码").fill("a wrong password");
    await page.getByRole("button", { name: "登录" }).click();
    await page.locator("#message", { hasText: "用户名或密码错误" }).waitFor();

    await page.getByLabel("密码").fill(PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL("**/index.html");
    await page.locator("#queue tbody tr a").first().waitFor();
    const names = await page.locator("#queue tbody tr td:nth-child(2)").allTextContents();
    assert.deepEqual(names.sort(), ["张秀英", "李桂兰", "王建国", "赵志强", "陈玉梅"].sort());
    assert.match(await page.locator("#top").textContent(), /大营镇民政办 王丽/);
  });

  await t.test("filters the queue by rule and status", async () => {
    await page.getByLabel("线索类型").selectOption("deceased");
    await page.getByLabel("状态").selectOption("new");
    await page.getByRole("button", { name: "查询" }).click();
    await page.waitForURL(/rule=deceased/);
    await page.locator("#queue-caption", { hasText: "共 1 条线索" }).waitFor();
    const rows = page.locator("#queue tbody tr");
    assert.equal(await rows.count(), 1);
    const cells = await rows.first().locator("td").allTextContents();
    assert.equal(cells[1], "张秀英");
    assert.equal(cells[2], "4112**********1048");
    assert.equal(cells[3], "大营镇（411203100）");
    assert.match(cells[4], /死亡人员仍领取/);
    assert.equal(cells[7], "1,260.00");
    assert.equal(cells[8], "待核查");
    assert.match(await page.locator("#counts").textContent(), /待核查：1/);
    await page.screenshot({ path: path.join(artifacts, "queue.png"), fullPage: true });
  });

  await t.test("opens the clue and sees the records, months and history", async () => {
    await page.getByRole("link", { name: "张秀英" }).click();
    await page.waitForURL("**/clue.html?id=1");
    await page.locator("#detail:not([hidden])").waitFor();
    const records = await page.locator("#records tbody").textContent();
    assert.match(records, /PS-2026-0001/);
    assert.match(records, /HC-2026-0107/);
    assert.match(records, /2026-06-14/);
    const months = await page.locator("#months tbody tr td:first-child").allTextContents();
    assert.deepEqual(months, ["2026-07", "2026-08", "2026-09"]);
    assert.match(await page.locator("#events tbody").textContent(), /比对生成/);
    assert.equal(await page.locator("#id-number").textContent(), "4112**********1048");
    const member = await page.locator("#member-facts").textContent();
    assert.match(member, /三门峡市陕州区（411203）/);
    assert.match(member, /大营镇（411203100）/);
    assert.match(member, /411203100001/, "a village without a name shows its code");
  });

  await t.test("reveals the ID number only with a purpose, and the reveal is audited", async () => {
    await page.getByRole("button", { name: "查看身份证号" }).click();
    const dialog = page.locator("#reveal-dialog");
    await dialog.getByRole("button", { name: "确认查看" }).click();
    assert.ok(await dialog.evaluate((d) => d.open), "the dialog stays open without a purpose");
    await dialog.getByLabel("查看用途").fill("入户核查，与户籍信息比对");
    await dialog.getByRole("button", { name: "确认查看" }).click();
    await page.locator("#id-number", { hasText: "411203194803121048" }).waitFor();
    assert.equal(sql("SELECT details->>'purpose' FROM audit_log WHERE action = 'id_revealed' " +
                     "AND object_id = '1' AND actor = 'dy_staff'"),
                 "入户核查，与户籍信息比对");
    await page.screenshot({ path: path.join(artifacts, "detail.png"), fullPage: true });
  });

  await t.test("dismisses the clue with a reason", async () => {
    await page.getByRole("button", { name: "排除线索" }).click();
    const dialog = page.locator("#action-dialog");
    await dialog.getByLabel("排除原因").selectOption("different_person");
    await dialog.getByLabel("说明").fill("经入户核实，死亡记录为同名同姓他人");
    await dialog.getByRole("button", { name: "提交" }).click();
    await page.locator("#clue-status", { hasText: "已排除" }).waitFor();
    assert.match(await page.locator("#events tbody").textContent(), /原因：非同一人/);
    assert.equal(sql("SELECT status || ' ' || dismiss_reason FROM clues WHERE id = 1"),
                 "dismissed different_person");
    assert.equal(await page.locator("#actions button").count(), 0, "no action is left");
  });

  await t.test("downloads the ledger XLSX with the Sanmenxia columns", async () => {
    await page.getByRole("link", { name: "台账导出" }).click();
    await page.waitForURL("**/ledger.html");
    await page.getByLabel("乡镇（街道）代码").fill(OWN.township);
    await page.getByLabel("月份").fill(beijingMonth());
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "下载 Excel（XLSX）" }).click(),
    ]);
    const file = path.join(artifacts, "ledger.xlsx");
    await download.saveAs(file);
    const rows = xlsxRows(file);
    const header = rows.findIndex((row) => row[0] === "序号");
    assert.ok(header >= 0, "a header row starting with 序号: " + JSON.stringify(rows.slice(0, 3)));
    assert.deepEqual(rows[header].slice(0, LEDGER_HEADER.length), LEDGER_HEADER);
    const body = JSON.stringify(rows.slice(header + 1));
    assert.ok(rows.length > header + 1, "the ledger has rows for the township's clues");
    assert.doesNotMatch(body, /杨春花|周国庆/, "no other township's clue in the ledger");
    for (const row of rows.slice(header + 1)) {
      assert.deepEqual([row[1], row[2], row[6]], ["三门峡市", "大营镇", "大营镇民政办"],
                       "省辖市, 乡镇(街道), 责任单位 by name: " + JSON.stringify(row));
    }
  });

  await t.test("cannot reach another township's clue by its address", async () => {
    await page.goto(baseUrl + "/clue.html?id=6");
    await page.locator("#title", { hasText: "无权查看" }).waitFor();
    assert.match(await page.locator("#message").textContent(), /无权查看该线索/);
    assert.ok(await page.locator("#detail").isHidden());
    assert.doesNotMatch(await page.content(), /杨春花/);
    const api = await page.request.get(baseUrl + "/api/clues/6");
    assert.equal(api.status(), 403);
    assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'access_denied' " +
                     "AND actor = 'dy_staff' AND object_id = '6'"), "2");
  });

  await context.close();
});

test("the other township's officer does see that clue", async () => {
  const context = await browser.newContext();
  const login = await context.request.post(baseUrl + "/api/login",
                                           { data: { username: OTHER.username, password: PASSWORD } });
  assert.equal(login.status(), 200);
  const clue = await context.request.get(baseUrl + "/api/clues/6");
  assert.equal(clue.status(), 200);
  assert.equal((await clue.json()).member.name, "杨春花");
  await context.close();
});
