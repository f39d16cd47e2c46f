// The four record forms, drawn from the schemas (the web pages' own forms): 帮扶回访 (with a photo), 收入采集,
// 新发现风险, 核实农户信息. Saving puts the record in the queue (待上传) with an id made here; a record the server
// refused (未通过) opens again here with the server's messages next to its fields.

let m;

export function init(modules) {
  m = modules;
}

const memberKey = (member) => `p${member.id.replaceAll("-", "")}`;
// Schema member fields carry the suffix only: "_place" (income) or "school_stage" (facts).
const memberName = (member, name) => `${memberKey(member)}${name.startsWith("_") ? name : `_${name}`}`;
const MONTHS = 12;

// The layout of a kind: groups of fields [{legend, specs, fold?, months?}] with their final names.
export function layout(kind, forms, household) {
  const { renamed } = m.fields;
  if (kind === "visit" || kind === "lead") return [{ legend: "", specs: forms[kind] }];
  const members = household.members || [];
  if (kind === "facts") {
    return [
      { legend: "本户", specs: forms.facts.household },
      ...members.map((p) => ({
        legend: `${p.name}（${p.rel}）`,
        specs: forms.facts.member.map((s) => renamed(s, memberName(p, s.name))),
      })),
    ];
  }
  const income = forms.income;
  return [
    ...members.map((p) => ({
      legend: `${p.name}（${p.rel}）务工`,
      specs: income.member.map((s) => renamed(s, memberName(p, s.name))),
    })),
    ...income.sections.map((section) => ({
      legend: section.legend,
      fold: true,
      specs: section.fields.flatMap((s) => [
        renamed(s, s.name, { months: undefined }),
        ...(s.months ? monthSpecs(s) : []),
      ]),
    })),
  ];
}

function monthSpecs(spec) {
  const out = [];
  for (let n = 1; n <= MONTHS; n += 1) {
    out.push(m.fields.renamed(spec, `${spec.name}_m${n}`, { label: `${n}月`, required: false, monthOf: spec.name }));
  }
  return out;
}

export const allSpecs = (groups) => groups.flatMap((g) => g.specs);

// What a new record starts from: the household's raw values (facts; this year's income sheet), else nothing.
function startValues(kind, forms, household) {
  if (kind === "facts") {
    const values = { ...(household.facts || {}) };
    for (const p of household.members || []) {
      for (const [name, value] of Object.entries(p.facts || {})) values[memberName(p, name)] = value;
    }
    return values;
  }
  if (kind === "income") {
    const income = household.income;
    if (income && income.year === forms.income.year) return { ...income.values, version: String(income.version || 0) };
    return { version: "0" }; // no sheet of this year known: the web page would post version 0 too
  }
  return {};
}

function group(g, values, errors) {
  const { h } = m.dom;
  const rows = [];
  for (const spec of g.specs) {
    if (spec.monthOf) continue; // drawn inside their item's 按月填写 fold
    if (spec.kind === "file") continue; // the photo has its own widget
    rows.push(m.fields.field(spec, values[spec.name], errorOf(errors, spec.name)));
    const months = g.specs.filter((s) => s.monthOf === spec.name);
    if (months.length) {
      const filled = months.some((s) => values[s.name] || errorOf(errors, s.name));
      rows.push(
        h(
          "details",
          { class: "months", open: filled },
          h("summary", {}, "按月填写"),
          h("div", { class: "month-grid" }, months.map((s) => m.fields.field(s, values[s.name], errorOf(errors, s.name)))),
        ),
      );
    }
  }
  if (!g.legend) return rows;
  const body = h("fieldset", {}, h("legend", {}, g.legend), rows);
  if (!g.fold) return body;
  const filled = g.specs.some((s) => values[s.name] || errorOf(errors, s.name));
  return h("details", { class: "section", open: filled }, h("summary", {}, g.legend), body);
}

const errorOf = (errors, name) => (errors && errors[name] ? [].concat(errors[name]).join("；") : "");

// The photo of a visit: take or pick, shrink, preview; ``photo.blob`` is what will be stored.
function photoWidget(spec, photo) {
  const { h } = m.dom;
  const preview = h("img", { class: "preview", alt: "照片预览", hidden: !photo.blob });
  const showBlob = () => {
    if (photo.blob) preview.src = URL.createObjectURL(photo.blob);
    preview.hidden = !photo.blob;
    remove.hidden = !photo.blob;
  };
  const note = h("small", { class: "error", id: "e-photo", role: "alert" });
  const input = h("input", {
    type: "file",
    id: "f-photo",
    name: "photo",
    accept: "image/*",
    capture: "environment",
    onchange: async () => {
      const file = input.files[0];
      if (!file) return;
      note.textContent = "";
      try {
        photo.blob = await m.photo.downscale(file);
        photo.changed = true;
      } catch (error) {
        note.textContent = error.message;
      }
      showBlob();
    },
  });
  const remove = h(
    "button",
    {
      type: "button",
      class: "secondary outline",
      hidden: !photo.blob,
      onclick: () => {
        photo.blob = null;
        photo.changed = true;
        input.value = "";
        showBlob();
      },
    },
    "删除照片",
  );
  showBlob();
  return h("div", { class: "field photo" }, h("label", { for: "f-photo" }, spec ? spec.label : "照片"), input, preview, remove, note);
}

// kind + householdId: a new record; or ``record`` (from the queue): edit it and send again.
export async function formScreen(main, { kind, householdId, record = null }) {
  const { h, fill, screenHead } = m.dom;
  const forms = await m.store.getSecret("forms");
  const household = await m.store.getHousehold(householdId);
  const label = m.screens.KINDS[kind];
  if (!forms || !household || !label) {
    return fill(main, screenHead(label || "记录", "#/"), h("p", {}, "本机没有这一户或表单的资料，请联网同步后再试。"));
  }
  if (kind === "visit" && !household.case && !record) {
    return fill(main, screenHead(label, `#/h/${household.id}`), h("p", {}, "这一户没有在监测的风险，不需要帮扶回访。"));
  }
  const groups = layout(kind, forms, household);
  const specs = allSpecs(groups);
  const start = startValues(kind, forms, (record && record.base_doc) || household);
  // 核实农户信息 keeps only what the person changed, so an edit shows the rest from the household
  const values = record ? (kind === "facts" ? { ...start, ...record.data } : record.data) : start;
  const errors = record && record.state === "rejected" ? record.errors : {};
  const extra = kind === "income" ? forms.income.hidden || [{ name: "version", kind: "hidden" }] : [];
  const photoSpec = specs.find((s) => s.kind === "file");
  const photo = { blob: record && record.photo ? await m.store.getPhoto(record.client_id) : null, changed: false };
  const form = h(
    "form",
    { novalidate: true, class: `record-form kind-${kind}`, dataset: { form: `field.${kind}` } },
    record && record.message ? h("p", { class: "notice failed" }, record.message) : null,
    h("p", { class: "form-errors", role: "alert", hidden: true }),
    extra.map((s) => m.fields.field(s, values[s.name])),
    groups.map((g) => group(g, values, errors)),
    photoSpec ? photoWidget(photoSpec, photo) : null,
    h("button", { type: "submit", class: "big" }, record ? "保存并重新提交" : "保存（待上传）"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    // 核实农户信息 sends blanks too: a field left out keeps the stored value, a blank one clears it
    let data = m.fields.read(form, [...specs, ...extra], { blanks: kind === "facts" });
    const found = m.fields.validate(form, specs, data);
    if (Object.keys(found).length) {
      m.dom.toast("请按提示修改后再保存");
      return;
    }
    if (kind === "facts") {
      data = changedOnly(data, start);
      if (Object.keys(data).length === 0) return m.fields.showErrors(form, { __all__: ["没有修改任何信息"] });
    }
    await save({ kind, household, data, photo, record });
  });
  const who = `${household.head || ""}户 · ${household.number}`;
  fill(main, screenHead(label, `#/h/${household.id}`), h("p", { class: "help" }, who), form);
  if (record && record.state === "rejected") m.fields.showErrors(form, record.errors);
}

// The facts the person changed (a value cleared is sent blank: the server clears it; one left out is kept).
function changedOnly(data, start) {
  return Object.fromEntries(Object.entries(data).filter(([name, value]) => String(start[name] ?? "") !== value));
}

async function save({ kind, household, data, photo, record }) {
  const saved = record || {
    client_id: crypto.randomUUID(),
    kind,
    household: household.id,
    base_stamp: household.stamp,
    base_doc: household,
    made_at: m.dom.isoNow(),
  };
  Object.assign(saved, { data, state: "pending", message: "", errors: {} });
  if (photo.changed || (!record && photo.blob)) {
    if (photo.blob) await m.store.putPhoto(saved.client_id, photo.blob);
    else await m.store.deletePhoto(saved.client_id);
  }
  saved.photo = Boolean(photo.blob);
  await m.store.putRecord(saved);
  m.dom.toast(navigator.onLine ? "已保存，正在上传" : "已保存，联网后自动上传");
  m.app.go(`#/h/${household.id}`);
  m.app.refresh();
  if (navigator.onLine) m.sync.syncNow();
}
