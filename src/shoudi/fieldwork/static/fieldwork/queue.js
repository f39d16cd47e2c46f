// The queue (every record with its state) and the conflict screen: my record next to the server's household
// now, the fields that differ highlighted; 仍以我的为准提交 or 放弃我的记录.

let m;

export function init(modules) {
  m = modules;
}

const ACTIVE = ["pending", "sending", "conflict", "rejected"];

// A list of records (newest first) with their state, message and what can be done with each.
export function recordList(records, households) {
  const { h } = m.dom;
  const sorted = [...records].sort((a, b) => b.made_at.localeCompare(a.made_at));
  return h(
    "ul",
    { class: "records" },
    sorted.map((r) => {
      const household = households[r.household];
      const who = household ? `${household.head || ""}户 · ${household.number}` : "（农户已不在本机）";
      const act = {
        conflict: "处理冲突",
        rejected: "修改后重新提交",
        pending: "修改",
      }[r.state];
      return h(
        "li",
        { class: `record state-${r.state}`, dataset: { client: r.client_id, state: r.state } },
        h(
          "div",
          { class: "record-head" },
          h("strong", {}, m.screens.KINDS[r.kind]),
          h("span", { class: `badge state-${r.state}` }, m.sync.STATES[r.state]),
        ),
        h("small", {}, `${who} · ${m.dom.when(r.made_at)}${r.photo ? " · 含照片" : ""}`),
        r.message && r.state !== "applied" ? h("p", { class: "record-message" }, r.message) : null,
        act ? h("a", { href: `#/r/${r.client_id}`, role: "button", class: "secondary" }, act) : null,
      );
    }),
  );
}

export async function queueScreen(main) {
  const { h, fill } = m.dom;
  const records = await m.store.allRecords();
  const households = Object.fromEntries((await m.store.allHouseholds()).map((x) => [x.id, x]));
  const counts = Object.entries(m.sync.STATES)
    .map(([state, label]) => [label, records.filter((r) => r.state === state).length])
    .filter(([, n]) => n > 0)
    .map(([label, n]) => `${label} ${n}`);
  fill(
    main,
    h("h2", {}, "离线记录"),
    h("p", { class: "help" }, counts.length ? counts.join(" · ") : "没有离线记录"),
    records.length ? recordList(records, households) : null,
  );
}

export async function recordScreen(main, clientId) {
  const { h, fill, screenHead } = m.dom;
  const record = await m.store.getRecord(clientId);
  if (!record) return fill(main, screenHead("记录", "#/queue"), h("p", {}, "这条记录已不在本机。"));
  if (record.state === "conflict") return conflictScreen(main, record);
  if (record.state === "pending" || record.state === "rejected") {
    await m.forms.formScreen(main, { kind: record.kind, householdId: record.household, record });
    if (record.state === "pending") main.append(deleteButton(record));
    return;
  }
  fill(main, screenHead(m.screens.KINDS[record.kind], "#/queue"), h("p", {}, m.sync.STATES[record.state]));
}

function deleteButton(record) {
  return m.dom.h(
    "button",
    {
      type: "button",
      class: "secondary outline",
      onclick: async () => {
        if (!confirm("删除这条尚未上传的记录？")) return;
        await m.store.deleteRecord(record.client_id);
        m.app.go("#/queue");
      },
    },
    "删除这条记录",
  );
}

// ---- the conflict screen ----

function specsByName(record, forms, household) {
  if (!forms) return {};
  const groups = m.forms.layout(record.kind, forms, household);
  return Object.fromEntries(m.forms.allSpecs(groups).map((s) => [s.name, s]));
}

// The server's current value of a record's field, where the household document has one.
function serverValue(name, record, doc) {
  if (!doc) return undefined;
  if (record.kind === "income") return doc.income ? (doc.income.values || {})[name] : undefined;
  if (doc.facts && name in doc.facts) return doc.facts[name];
  for (const p of doc.members || []) {
    const prefix = `p${p.id.replaceAll("-", "")}_`;
    if (name.startsWith(prefix) && p.facts) return p.facts[name.slice(prefix.length)];
  }
  return undefined;
}

const same = (a, b) => String(a ?? "") === String(b ?? "");
const caseText = (doc) =>
  doc.case
    ? `${(doc.case.risks || []).join("、")}；措施：${(doc.case.measures || []).map((x) => x.join("·")).join("，") || "无"}`
    : "无";

// The household document as a person reads it: [[label, value]] (my download vs the server's now).
function householdRows(doc) {
  if (!doc) return [];
  return [
    ["户主", doc.head],
    ["住址", doc.address],
    ["户类型", doc.status],
    ["家庭成员", (doc.members || []).map((p) => `${p.name}（${p.rel}）`).join("、")],
    ...(doc.facts_text || []),
    ["收入", doc.income && doc.income.per_head ? `人均 ${doc.income.per_head} 元（${doc.income.year}年第 ${doc.income.version || 0} 版）` : "无"],
    ["监测风险与措施", caseText(doc)],
    ["回访到期", doc.case ? doc.case.visit_due : ""],
    ["上次回访", doc.case ? doc.case.last_visit : ""],
  ];
}

function row(label, mine, theirs) {
  const { h } = m.dom;
  const differs = !same(mine, theirs);
  return h(
    "div",
    { class: differs ? "diff-row differs" : "diff-row", dataset: { differs: differs ? "1" : "0" } },
    h("div", { class: "diff-label" }, label, differs ? h("span", { class: "badge due" }, "不同") : null),
    h("div", { class: "mine" }, mine === undefined || mine === "" ? "—" : String(mine)),
    h("div", { class: "theirs" }, theirs === undefined || theirs === "" ? "—" : String(theirs)),
  );
}

export async function conflictScreen(main, record) {
  const { h, fill, screenHead } = m.dom;
  const forms = await m.store.getSecret("forms");
  const server = record.server || (await m.store.getHousehold(record.household));
  const base = record.base_doc || server;
  const specs = specsByName(record, forms, server || base);
  const { display } = m.fields;
  const fieldRows = Object.entries(record.data).map(([name, value]) => {
    const spec = specs[name];
    const theirs = serverValue(name, record, server);
    return row(spec ? spec.label : name, display(spec, value), theirs === undefined ? undefined : display(spec, theirs));
  });
  const mineDoc = householdRows(base);
  const theirDoc = householdRows(server);
  const labels = [...new Set([...mineDoc, ...theirDoc].map(([label]) => label))];
  const lookup = (rows, label) => (rows.find(([l]) => l === label) || [])[1];
  const docRows = labels.map((label) => row(label, lookup(mineDoc, label), lookup(theirDoc, label)));
  const head = (mine) => h("div", { class: "diff-row diff-head" }, h("div"), h("div", {}, mine), h("div", {}, "服务器现在"));
  const message = h("p", { class: "form-errors", role: "alert", hidden: true });
  fill(
    main,
    screenHead("处理冲突", "#/queue"),
    h("p", { class: "notice" }, record.message || "下载之后，这一户在服务器上有了变化。请对照后决定。"),
    h("h3", {}, `${m.screens.KINDS[record.kind]}：我填写的内容`),
    h("div", { class: "diff" }, head("我的"), fieldRows),
    h("h3", {}, "农户信息：我下载时 / 服务器现在"),
    h("div", { class: "diff" }, head("我下载时"), docRows),
    message,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "big", dataset: { action: "insist" }, onclick: () => insist(record, message) }, "仍以我的为准提交"),
      h(
        "button",
        { type: "button", class: "big secondary", dataset: { action: "discard" }, onclick: () => discard(record, message) },
        "放弃我的记录",
      ),
    ),
  );
}

async function insist(record, message) {
  if (!navigator.onLine) {
    message.textContent = "现在没有网络：已记下，联网后自动提交";
    message.hidden = false;
  }
  await m.sync.insist(record);
  m.app.go("#/queue");
}

async function discard(record, message) {
  try {
    await m.sync.discard(record);
  } catch (error) {
    message.textContent = error.offline ? "放弃记录需要联网，请联网后再试" : error.message;
    message.hidden = false;
    return;
  }
  m.dom.toast("已放弃这条记录");
  m.app.go("#/queue");
}

// Records that still need the server or the person (the badge on the 待上传 tab).
export const openCount = (records) => records.filter((r) => ACTIVE.includes(r.state)).length;
