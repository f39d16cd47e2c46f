// Form fields drawn from the server's schemas (/api/v1/field/forms, made by shoudi.core.form_schema from the web
// pages' own Django forms), checked here with the same Chinese messages as the server (shoudi.core.forms), and
// read back as the strings the server binds to that same form. The server decides in the end.
//
// A field: {name, label, kind: text|textarea|date|select|integer|decimal|checkbox|file|hidden, required?,
//           max_length?, min_value?, max_value?, decimal_places?, help?, choices?: [[value, label]], initial?,
//           attrs?: {…}}

let m;

export function init(modules) {
  m = modules;
}

// The messages of shoudi.core.forms (ERROR_MESSAGES, DECIMAL_MESSAGES, DATE_MESSAGES, NUL_MESSAGE).
export const MESSAGES = {
  required: "此项必填",
  invalidChoice: (value) => `“${value}”不在可选项中，请从列表中选择`,
  maxLength: (limit, shown) => `不能超过 ${limit} 个字符（当前 ${shown} 个）`,
  minValue: (limit) => `不能小于 ${limit}`,
  maxValue: (limit) => `不能大于 ${limit}`,
  number: "请填写数字",
  decimalPlaces: (max) => `最多保留 ${max} 位小数`,
  date: "请按“年-月-日”填写日期，如 2026-10-01",
  nul: "含有不可见的空字符，请删除后重新填写",
};

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

function validDate(text) {
  const found = DATE.exec(text);
  if (!found) return false;
  const [year, month, day] = found.slice(1).map(Number);
  const at = new Date(year, month - 1, day);
  return at.getFullYear() === year && at.getMonth() === month - 1 && at.getDate() === day;
}

function decimalsOf(text) {
  const point = text.indexOf(".");
  return point < 0 ? 0 : text.length - point - 1;
}

function range(spec, number) {
  if (spec.min_value !== undefined && number < Number(spec.min_value)) return MESSAGES.minValue(spec.min_value);
  if (spec.max_value !== undefined && number > Number(spec.max_value)) return MESSAGES.maxValue(spec.max_value);
  return null;
}

// The first problem with ``raw`` for field ``spec`` (a Chinese message), or null.
export function check(spec, raw) {
  if (spec.kind === "checkbox") return spec.required && raw !== "on" ? MESSAGES.required : null;
  const text = String(raw ?? "");
  if (text.includes("\0")) return MESSAGES.nul;
  const value = text.trim(); // Django strips text before checking it
  if (value === "") return spec.required ? MESSAGES.required : null;
  switch (spec.kind) {
    case "text":
    case "textarea":
      return spec.max_length && value.length > spec.max_length ? MESSAGES.maxLength(spec.max_length, value.length) : null;
    case "integer":
      return INTEGER.test(value) ? range(spec, Number(value)) : MESSAGES.number;
    case "decimal":
      if (!DECIMAL.test(value)) return MESSAGES.number;
      if (spec.decimal_places !== undefined && decimalsOf(value) > spec.decimal_places) {
        return MESSAGES.decimalPlaces(spec.decimal_places);
      }
      return range(spec, Number(value));
    case "date":
      return validDate(value) ? null : MESSAGES.date;
    case "select":
      return spec.choices.some(([v]) => v === value) ? null : MESSAGES.invalidChoice(value);
    default:
      return null;
  }
}

// A copy of ``spec`` under another name (member fields: "p<member hex>_place" …; month fields "X_m3").
export function renamed(spec, name, extra = {}) {
  return { ...spec, name, ...extra };
}

// What a person reads for a value: the choice's label, 是/否 for a checkbox, or the text itself.
export function display(spec, value) {
  if (value === undefined || value === null || value === "") return "—";
  if (spec && spec.kind === "select") {
    const found = spec.choices.find(([v]) => v === String(value));
    return found ? found[1] : String(value);
  }
  if (spec && spec.kind === "checkbox") return value === "on" || value === true ? "是" : "否";
  return String(value);
}

function inputFor(spec, value) {
  const { h } = m.dom;
  const id = `f-${spec.name}`;
  const common = { id, name: spec.name, "aria-describedby": `e-${spec.name}` };
  for (const [name, attr] of Object.entries(spec.attrs || {})) {
    if (name !== "pattern" && name !== "class") common[name] = attr; // the app checks values itself
  }
  const text = value === undefined || value === null ? "" : String(value);
  switch (spec.kind) {
    case "textarea":
      return h("textarea", { ...common, rows: (spec.attrs && spec.attrs.rows) || 3 }, text);
    case "select": {
      // a value the choices lack (nothing stored yet) shows as blank, not as the first choice
      const known = spec.choices.some(([v]) => v === text);
      return h(
        "select",
        common,
        known ? null : h("option", { value: "", selected: true }, "—"),
        spec.choices.map(([v, label]) => h("option", { value: v, selected: v === text }, label)),
      );
    }
    case "checkbox":
      return h("input", { ...common, type: "checkbox", checked: text === "on" || text === "1" || text === "true" });
    case "date":
      return h("input", { ...common, type: "date", value: text });
    case "integer":
      return h("input", { ...common, type: "text", inputmode: "numeric", autocomplete: "off", value: text });
    case "decimal":
      return h("input", { ...common, type: "text", inputmode: "decimal", autocomplete: "off", value: text });
    case "hidden":
      return h("input", { ...common, type: "hidden", value: text });
    default:
      return h("input", { ...common, type: "text", maxlength: spec.max_length || false, value: text });
  }
}

// One field: its label, input, help and the place for its error (``error``: a message shown at once).
export function field(spec, value, error) {
  const { h } = m.dom;
  const initial = value ?? spec.initial ?? (spec.kind === "date" && spec.required ? m.dom.today() : "");
  const input = inputFor(spec, initial);
  if (spec.kind === "hidden") return input;
  const mark = spec.required ? h("span", { class: "req", "aria-hidden": "true" }, " *") : null;
  const help = spec.help ? h("small", { class: "help" }, spec.help) : null;
  const problem = h("small", { class: "error", id: `e-${spec.name}`, role: "alert" }, error || "");
  if (error) input.setAttribute("aria-invalid", "true");
  if (spec.kind === "checkbox") {
    return h("div", { class: "field check" }, h("label", { for: input.id }, input, " ", spec.label, mark), help, problem);
  }
  return h("div", { class: "field" }, h("label", { for: input.id }, spec.label, mark), input, help, problem);
}

// Read the fields ``specs`` of ``form`` as the strings the server binds (checkbox "on" or absent; blanks left
// out unless ``blanks``).
export function read(form, specs, { blanks = false } = {}) {
  const data = {};
  for (const spec of specs) {
    const input = form.elements.namedItem(spec.name);
    if (!input || spec.kind === "file") continue;
    if (spec.kind === "checkbox") {
      if (input.checked) data[spec.name] = "on";
    } else if (blanks || String(input.value).trim() !== "") {
      data[spec.name] = String(input.value);
    }
  }
  return data;
}

// Check every field; show the problems next to the fields. Returns {name: [message]} (empty when all is well).
export function validate(form, specs, data) {
  const errors = {};
  for (const spec of specs) {
    if (spec.kind === "file" || spec.kind === "hidden") continue;
    const problem = check(spec, data[spec.name]);
    if (problem) errors[spec.name] = [problem];
  }
  showErrors(form, errors);
  return errors;
}

// Put ``errors`` ({field: [message]}, e.g. the server's) next to their fields; the rest goes to the form's top.
export function showErrors(form, errors) {
  const rest = [];
  for (const node of form.querySelectorAll("small.error")) node.textContent = "";
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  for (const [name, messages] of Object.entries(errors || {})) {
    const text = [].concat(messages).join("；");
    const input = form.elements.namedItem(name);
    const box = form.querySelector(`#e-${CSS.escape(name)}`);
    if (input && box) {
      box.textContent = text;
      if (input.setAttribute) input.setAttribute("aria-invalid", "true");
      const fold = box.closest("details");
      if (fold) fold.open = true; // a monthly block or section folded away still shows its error
    } else {
      rest.push(name === "__all__" || !name ? text : `${name}：${text}`);
    }
  }
  const top = form.querySelector(".form-errors");
  if (top) {
    top.textContent = rest.join("；");
    top.hidden = rest.length === 0;
  }
  const first = form.querySelector("[aria-invalid]") || (rest.length ? top : null);
  if (first && first.focus) first.focus();
}
