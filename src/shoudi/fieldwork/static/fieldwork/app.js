// 守底外业: the offline app for village field work (entry point, loaded by fieldwork/app.html).
//
// Why the modules are loaded here and not imported by each other: in production Django's manifest storage
// gives every static file a hashed name (app.3f2a….js), and a relative `import "./store.js"` would miss it.
// So the template passes each module's real URL in a data- attribute of #field-app (data-mod-<name>), this
// file imports them all, and hands each module the whole set through its `init(modules)`.
//
// Open: status call when online (the server may order a wipe) → wipe when the last sync is too old → first use
// (set the PIN, register, sync) or the PIN → the screens. Sync runs on open, on the `online` event, every 60 s
// while online, and on 立即同步.

const root = document.getElementById("field-app");
const SYNC_EVERY = 60 * 1000;
const m = {};

function config() {
  const data = root.dataset;
  return { api: data.api, sw: data.sw, scope: data.scope, login: data.login, csrf: data.csrf, user: data.user };
}

async function loadModules() {
  const urls = Object.entries(root.dataset).filter(([name]) => name.startsWith("mod"));
  const loaded = await Promise.all(urls.map(([, url]) => import(url)));
  urls.forEach(([name], n) => {
    m[name.slice(3).toLowerCase()] = loaded[n];
  });
  m.cfg = config();
  m.app = app;
  for (const module of Object.values(m)) if (typeof module.init === "function") module.init(m);
}

// ---- routes: #/ list · #/h/<id> card · #/h/<id>/<kind> new record · #/r/<client_id> a record · #/queue · #/me
const screen = () => document.getElementById("screen");

async function render() {
  const main = screen();
  const hash = location.hash || "#/";
  const hasPin = Boolean(await m.store.meta.get("salt"));
  setChrome(hasPin && m.store.unlocked());
  if (!hasPin) return m.lock.setupScreen(main);
  if (!m.store.unlocked()) return m.lock.pinScreen(main);
  const parts = hash.slice(2).split("/");
  if (parts[0] === "h" && parts[2]) return m.forms.formScreen(main, { kind: parts[2], householdId: parts[1] });
  if (parts[0] === "h") return m.screens.cardScreen(main, parts[1]);
  if (parts[0] === "r") return m.queue.recordScreen(main, parts[1]);
  if (parts[0] === "queue") return m.queue.queueScreen(main);
  if (parts[0] === "me") return m.screens.meScreen(main);
  return m.screens.listScreen(main);
}

function setChrome(open) {
  document.getElementById("tabs").hidden = !open;
  document.getElementById("sync-now").hidden = !open;
  for (const tab of document.querySelectorAll("#tabs a")) {
    const here = (location.hash || "#/") === tab.getAttribute("href");
    if (here) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  }
}

// Screens that only show data are drawn again when a sync changed something; a form being filled never is.
const LIVE = /^#\/($|h\/[^/]+$|queue$|me$)/;
let shownVersion = 0;

async function refresh() {
  const state = m.sync.state;
  // the browser's flag, corrected by the last request: a sync that found no network says 离线 too
  const online = navigator.onLine && !(state.error && state.error.offline);
  const net = document.getElementById("net");
  net.textContent = online ? "在线" : "离线";
  net.className = online ? "net online" : "net offline";
  const status = document.getElementById("status");
  m.dom.fill(
    status,
    state.text,
    state.loggedOut ? [" ", m.dom.h("a", { href: m.cfg.login }, "重新登录")] : null,
  );
  status.className = state.error ? "status failed" : "status";
  document.getElementById("sync-now").disabled = state.running;
  if (m.store.unlocked()) {
    const open = m.queue.openCount(await m.store.allRecords());
    document.getElementById("queue-count").textContent = open ? String(open) : "";
    if (state.version !== shownVersion && LIVE.test(location.hash || "#/")) {
      shownVersion = state.version;
      await render();
    }
  }
}

const app = {
  go(hash) {
    if (location.hash === hash) render();
    else location.hash = hash;
  },
  render,
  refresh,
  // The PIN opened the app: show the list and sync.
  unlocked() {
    app.go("#/");
    startSync();
  },
  // Local data are gone: back to first use (the reason is in sync.state).
  wiped() {
    m.store.lock();
    app.go("#/");
    refresh();
  },
};

let timer = null;

function startSync() {
  if (navigator.onLine) m.sync.syncNow();
  if (timer === null) {
    timer = setInterval(() => {
      if (navigator.onLine && m.store.unlocked()) m.sync.syncNow();
    }, SYNC_EVERY);
  }
}

// Every file this page loaded (stylesheets, modules, icons), by the URL it really used: the worker keeps any
// that its precache list missed, so the app opens offline whatever the list holds.
function pageFiles() {
  const found = [
    ...[...document.querySelectorAll("link[rel=stylesheet], link[rel=icon], link[rel=apple-touch-icon], link[rel=manifest]")]
      .map((x) => x.href),
    ...[...document.querySelectorAll("script[src]")].map((x) => x.src),
    ...Object.entries(root.dataset)
      .filter(([name]) => name.startsWith("mod"))
      .map(([, url]) => new URL(url, location.href).href),
  ];
  return found.filter((url) => new URL(url).origin === location.origin);
}

async function registerWorker() {
  if (!("serviceWorker" in navigator)) return;
  try {
    await navigator.serviceWorker.register(m.cfg.sw, { scope: m.cfg.scope });
    const worker = (await navigator.serviceWorker.ready).active;
    if (!worker) return;
    // A new precache.json version (a new release) makes the worker cache the new files and drop the old ones.
    if (navigator.onLine) worker.postMessage({ type: "refresh" });
    worker.postMessage({ type: "keep", urls: pageFiles() });
  } catch (error) {
    console.warn("service worker", error);
  }
}

async function main() {
  if (!window.isSecureContext || !window.crypto || !crypto.subtle) {
    // service workers and WebCrypto exist only on https (or localhost): without them nothing can be kept safely
    document.getElementById("screen").textContent =
      "守底外业需要安全连接：请用 https:// 开头的地址打开（本机调试可用 localhost）。";
    return;
  }
  await loadModules();
  await m.store.openStore();
  registerWorker();
  let reason = await m.sync.checkStatus();
  if (!reason) {
    reason = await m.sync.expiredReason();
    if (reason) await m.sync.wipeAll(reason);
  }
  window.addEventListener("hashchange", render);
  window.addEventListener("online", async () => {
    refresh();
    if (await m.sync.checkStatus()) return app.wiped();
    if (m.store.unlocked()) m.sync.syncNow();
  });
  window.addEventListener("offline", refresh);
  document.getElementById("sync-now").addEventListener("click", () => {
    if (!navigator.onLine) m.dom.toast("现在没有网络，联网后会自动上传");
    else m.sync.syncNow();
  });
  m.sync.onChange(() => refresh());
  await render();
  await refresh();
  root.dataset.ready = "1"; // the tests wait for this
}

main().catch((error) => {
  console.error(error);
  document.getElementById("screen").textContent = `无法打开：${error.message || error}`;
});
