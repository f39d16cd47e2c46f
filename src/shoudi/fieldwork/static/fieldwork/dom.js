// Small DOM helpers shared by the screens: build elements, show a short message, format dates.

// h("button", {class: "big", onclick: fn}, "文字", child…): an element with attributes, listeners and children.
// Attribute values false/null/undefined are left out; children may be strings, nodes, arrays or null.
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on") && typeof value === "function") {
      node.addEventListener(name.slice(2), value);
    } else if (name === "dataset") {
      Object.assign(node.dataset, value);
    } else if (name in node && typeof value !== "string") {
      node[name] = value; // value, checked, disabled … as properties
    } else {
      node.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : String(child));
  }
}

// Replace the content of ``node`` with ``children``.
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

let toastTimer = null;

// A short message at the bottom of the screen (role=status, read out by screen readers).
export function toast(text) {
  const box = document.getElementById("toast");
  if (!box) return;
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    box.hidden = true;
  }, 4000);
}

const pad = (n) => String(n).padStart(2, "0");

// Today on the phone, as YYYY-MM-DD (the local date, not UTC).
export function today() {
  const now = new Date();
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// A time as "12月7日 10:03" (or "—").
export function when(value) {
  if (!value) return "—";
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return String(value);
  return `${at.getMonth() + 1}月${at.getDate()}日 ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

// The local time with its offset, e.g. 2026-12-07T10:03:00+08:00 (made_at of a record).
export function isoNow() {
  const now = new Date();
  const offset = -now.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const abs = Math.abs(offset);
  return (
    `${today()}T${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

// A heading row with a back link: the top of every screen below the household list.
export function screenHead(title, back) {
  return h(
    "div",
    { class: "screen-head" },
    back ? h("a", { href: back, class: "back", "aria-label": "返回" }, "‹ 返回") : null,
    h("h2", {}, title),
  );
}

// A definition list from [[label, value], …] (values may be nodes).
export function pairs(rows) {
  return h(
    "dl",
    { class: "pairs" },
    rows.map(([label, value]) => [h("dt", {}, label), h("dd", {}, value ?? "—")]),
  );
}
