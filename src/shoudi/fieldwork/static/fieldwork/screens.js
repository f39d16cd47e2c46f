// The household list (search by name or number), a household's card, and 我的 (sync, lock, wipe).

let m;
let query = ""; // the search stays when the list is drawn again

export const KINDS = {
  visit: "帮扶回访",
  income: "收入采集",
  lead: "新发现风险",
  facts: "核实农户信息",
};

export function init(modules) {
  m = modules;
}

function matches(household, text) {
  if (!text) return true;
  const names = [household.head, ...(household.members || []).map((p) => p.name)];
  return names.some((name) => name && name.includes(text)) || household.number.includes(text);
}

// Households with a visit due first (soonest first), then by number.
function order(a, b) {
  const dueA = (a.case && a.case.visit_due) || "9999";
  const dueB = (b.case && b.case.visit_due) || "9999";
  return dueA.localeCompare(dueB) || a.number.localeCompare(b.number);
}

function badges(household, waiting) {
  const { h } = m.dom;
  const out = [];
  if (household.case) out.push(h("span", { class: "badge risk" }, "监测中"));
  const due = household.case && household.case.visit_due;
  if (due) out.push(h("span", { class: due <= m.dom.today() ? "badge due" : "badge" }, `回访 ${due.slice(5)}`));
  if (waiting) out.push(h("span", { class: "badge queued" }, `待上传 ${waiting}`));
  return out;
}

export async function listScreen(main) {
  const { h, fill } = m.dom;
  const households = (await m.store.allHouseholds()).sort(order);
  const waiting = {};
  for (const record of await m.store.allRecords()) {
    if (record.state !== "applied") waiting[record.household] = (waiting[record.household] || 0) + 1;
  }
  const list = h("ul", { class: "households" });
  const count = h("p", { class: "help" });
  const draw = () => {
    const shown = households.filter((x) => matches(x, query.trim()));
    count.textContent = `共 ${households.length} 户${query.trim() ? `，找到 ${shown.length} 户` : ""}`;
    fill(
      list,
      shown.map((x) =>
        h(
          "li",
          {},
          h(
            "a",
            { href: `#/h/${x.id}`, class: "household", dataset: { number: x.number } },
            h("strong", {}, x.head || "（未填户主）"),
            h("small", {}, `${x.number} · ${x.village}`),
            h("span", { class: "badges" }, badges(x, waiting[x.id])),
          ),
        ),
      ),
    );
  };
  const search = h("input", {
    type: "search",
    name: "q",
    value: query,
    placeholder: "搜索户主、成员姓名或户编号",
    "aria-label": "搜索农户",
    oninput: (event) => {
      query = event.target.value;
      draw();
    },
  });
  draw();
  if (households.length === 0) {
    return fill(main, h("h2", {}, "我的农户"), h("p", { class: "empty" }, "还没有农户数据。请联网后点“立即同步”下载我的农户。"));
  }
  fill(main, h("h2", {}, "我的农户"), search, count, list);
}

function membersTable(household) {
  const { h } = m.dom;
  return h(
    "table",
    { class: "members" },
    h("thead", {}, h("tr", {}, ["姓名", "关系", "身份证号", "年龄"].map((t) => h("th", { scope: "col" }, t)))),
    h(
      "tbody",
      {},
      (household.members || []).map((p) =>
        h("tr", {}, h("td", {}, p.name), h("td", {}, p.rel), h("td", { class: "idn" }, p.idn), h("td", {}, p.age ?? "—")),
      ),
    ),
  );
}

function caseSection(household) {
  const { h, pairs } = m.dom;
  const found = household.case;
  if (!found) return h("p", {}, "无在监测的风险");
  return [
    pairs([
      ["风险类型", (found.risks || []).join("、") || "—"],
      ["回访到期", found.visit_due || "—"],
      ["上次回访", found.last_visit || "—"],
    ]),
    (found.measures || []).length
      ? h("ul", { class: "measures" }, found.measures.map(([kind, status]) => h("li", {}, `${kind}（${status}）`)))
      : h("p", {}, "尚无帮扶措施"),
  ];
}

function actions(household) {
  const { h } = m.dom;
  const can = household.can || [];
  return h(
    "nav",
    { class: "actions", "aria-label": "记录" },
    Object.entries(KINDS)
      .filter(([kind]) => can.includes(kind) && (kind !== "visit" || household.case))
      .map(([kind, label]) => h("a", { href: `#/h/${household.id}/${kind}`, role: "button", class: "big" }, label)),
  );
}

function incomeText(income) {
  if (!income || !income.per_head) return "暂无收入记录";
  const year = income.per_head_year || income.year;
  const note = income.version ? `；${income.year}年收入核算表第 ${income.version} 版` : "";
  return `${year}年 人均纯收入 ${income.per_head} 元${note}`;
}

export async function cardScreen(main, id) {
  const { h, fill, pairs, screenHead } = m.dom;
  const household = await m.store.getHousehold(id);
  if (!household) return fill(main, screenHead("农户", "#/"), h("p", {}, "本机没有这一户的资料（可能已不在您的范围内）。"));
  const profile = (await m.store.getSecret("profile")) || {};
  const records = (await m.store.allRecords()).filter((r) => r.household === id);
  const income = household.income;
  fill(
    main,
    screenHead(`${household.head || "农户"}户`, "#/"),
    pairs([
      ["户编号", household.number],
      ["村", household.village],
      ["住址", household.address],
      ["电话", household.phone],
      ["户类型", household.status],
    ]),
    actions(household),
    h("section", {}, h("h3", {}, "家庭成员"), membersTable(household)),
    h("section", {}, h("h3", {}, "家庭情况"), pairs(household.facts_text || [])),
    h(
      "section",
      {},
      h("h3", {}, "收入"),
      h("p", {}, incomeText(income)),
    ),
    h("section", {}, h("h3", {}, "监测帮扶"), caseSection(household)),
    profile.round
      ? h(
          "section",
          {},
          h("h3", {}, `集中排查：${profile.round.name}`),
          h("p", { class: "help" }, `截止 ${profile.round.ends_on}`),
          h("ul", { class: "checklist" }, profile.round.checklist.map((item) => h("li", {}, item))),
        )
      : null,
    records.length
      ? h("section", {}, h("h3", {}, "本户的离线记录"), m.queue.recordList(records, { [id]: household }))
      : null,
  );
}

export async function meScreen(main) {
  const { h, fill, pairs } = m.dom;
  const profile = (await m.store.getSecret("profile")) || {};
  const device = await m.store.meta.get("device");
  const user = profile.user || {};
  fill(
    main,
    h("h2", {}, "我的"),
    pairs([
      ["姓名", user.name || m.cfg.user],
      ["角色", user.role],
      ["本设备", device ? device.id.slice(0, 8) : "尚未登记"],
      ["上次同步", m.dom.when(await m.store.meta.get("lastSync"))],
      ["未同步自动清除", `${(await m.store.meta.get("wipeDays")) || 7} 天`],
    ]),
    h("p", { class: "help" }, "数据经 PIN 加密保存在本机；超过规定天数未同步、账号停用或连续 5 次输错 PIN 时自动清除。"),
    h(
      "button",
      {
        type: "button",
        class: "big secondary",
        onclick: () => {
          m.store.lock();
          m.app.go("#/");
        },
      },
      "锁定",
    ),
    h(
      "button",
      {
        type: "button",
        class: "big contrast outline",
        dataset: { action: "wipe" },
        onclick: async () => {
          const open = (await m.store.allRecords()).filter((r) => r.state !== "applied").length;
          const lost = open ? `还有 ${open} 条记录未入库，将一并删除。` : "";
          if (!confirm(`清除本机所有离线数据？${lost}`)) return;
          await m.sync.wipeAll("本人清除");
          m.app.wiped();
        },
      },
      "清除本机数据",
    ),
  );
}
