// The service worker of 守底外业 (served at /field/sw.js, scope /field/, so it sees the app's requests).
//
// - Install: cache what /field/precache.json lists (the shell /field/, the app's static files under their
//   real — possibly hashed — URLs, the form schemas) in a cache named after the list's version.
// - A new version (a new release: the page posts {type: "refresh"} when online) caches the new list and deletes the
//   caches of older versions.
// - /field/ (the shell): network first, the cached copy when there is no network (or no login) — the app
//   opens offline.
// - /static/…: the cache first; anything fetched that was not listed is kept too, and so is every file the page
//   says it loaded (message "keep": the page's first load happened before the worker was there).
// - /api/…: always the network, never cached (the app keeps its data itself, encrypted, in IndexedDB); only the
//   form schemas fall back to the precached copy.

const PREFIX = "shoudi-field-";
const SHELL = "/field/";
const LIST = "/field/precache.json";
const FORMS = "/api/v1/field/forms";
const SHELL_TIMEOUT = 4000; // a slow network: after this the cached shell opens the app

let current = null; // the name of the cache in use

async function cacheName() {
  if (current) return current;
  const names = (await caches.keys()).filter((name) => name.startsWith(PREFIX));
  current = names.length ? names[names.length - 1] : `${PREFIX}0`;
  return current;
}

// Fetch the list; when its version is new, cache every URL (all or nothing), then drop the older caches.
async function refresh() {
  const list = await (await fetch(LIST, { cache: "no-store", credentials: "same-origin" })).json();
  const name = `${PREFIX}${list.version}`;
  const urls = [...new Set([SHELL, ...list.urls])];
  if (await complete(name, urls.length)) return;
  const responses = await Promise.all(
    urls.map(async (url) => {
      const response = await fetch(url, { cache: "no-cache", credentials: "same-origin" });
      if (!response.ok || response.redirected) throw new Error(`precache ${url}: ${response.status}`);
      return [url, response];
    }),
  );
  const cache = await caches.open(name);
  await Promise.all(responses.map(([url, response]) => cache.put(url, response)));
  current = name;
  for (const old of await caches.keys()) {
    if (old.startsWith(PREFIX) && old !== name) await caches.delete(old);
  }
}

async function complete(name, count) {
  if (!(await caches.has(name))) return false;
  const cache = await caches.open(name);
  return (await cache.keys()).length >= count;
}

self.addEventListener("install", (event) => {
  event.waitUntil(refresh().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

// Cache the files the page says it loaded and the cache lacks (one at a time: a failure skips only that file).
async function keep(urls) {
  const cache = await caches.open(await cacheName());
  for (const url of urls) {
    if (await cache.match(url)) continue;
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (response.ok) await cache.put(url, response);
    } catch {
      // offline: nothing to keep now
    }
  }
}

// Messages are handled one after the other (a refresh deletes the cache a concurrent keep would fill).
let chain = Promise.resolve();

function later(task) {
  chain = chain.then(task).catch(() => null);
  return chain;
}

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "refresh") event.waitUntil(later(refresh));
  if (message.type === "keep") event.waitUntil(later(() => keep(message.urls || [])));
});

function timeout(ms) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), ms));
}

async function shell(request) {
  const cache = await caches.open(await cacheName());
  let response = null;
  try {
    response = await Promise.race([fetch(request), timeout(SHELL_TIMEOUT)]);
    const moved = response.redirected || response.type === "opaqueredirect";
    if (response.ok && !moved) {
      await cache.put(SHELL, response.clone());
      return response;
    }
  } catch {
    // no network, or too slow
  }
  // Offline, too slow, logged out (sent to the login page) or a server error: the cached app still opens — it
  // asks for the PIN, checks the device's status (wipe?) and says when a login is needed to sync.
  return (await cache.match(SHELL)) || response || Response.error();
}

async function staticFile(request) {
  const found = await caches.match(request, { cacheName: await cacheName() });
  if (found) return found;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(await cacheName());
    await cache.put(request, response.clone());
  }
  return response;
}

async function forms(request) {
  try {
    return await fetch(request);
  } catch {
    return (await caches.match(FORMS)) || Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === SHELL) {
    event.respondWith(shell(request));
  } else if (url.pathname.startsWith("/static/") || url.pathname === "/field/manifest.webmanifest") {
    event.respondWith(staticFile(request));
  } else if (url.pathname === FORMS) {
    event.respondWith(forms(request));
  }
  // everything else (the API above all) goes to the network untouched
});
