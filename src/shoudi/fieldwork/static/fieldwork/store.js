// What the app keeps on the phone, in IndexedDB (through idb, vendored).
//
//   meta        plain: the device id and secret (the status call needs them before the PIN), the PIN's salt and
//               check, wrong-PIN count, time of the last successful sync and the wipe period. Nothing personal.
//   secret      sealed: "forms" (the form schemas), "profile" (user, year, round checklist).
//   households  sealed household documents, keyed by the household's uuid.
//   records     sealed queued records, keyed by their client_id (made on the phone).
//   photos      sealed JPEG bytes of a record's photo, keyed by the record's client_id.
// Everything but meta is sealed with the PIN's key (vault.js); without the key it cannot be read.

let m; // the other modules, given by app.js (see there why modules are not imported statically)
let db = null;
let key = null;

const NAME = "shoudi-field";
const STORES = ["meta", "secret", "households", "records", "photos"];

export function init(modules) {
  m = modules;
}

export async function openStore() {
  db = await m.idb.openDB(NAME, 1, {
    upgrade(base) {
      base.createObjectStore("meta");
      base.createObjectStore("secret");
      base.createObjectStore("households", { keyPath: "id" });
      base.createObjectStore("records", { keyPath: "id" });
      base.createObjectStore("photos");
    },
  });
  return db;
}

export function unlock(cryptoKey) {
  key = cryptoKey;
}

export function lock() {
  key = null;
}

export function unlocked() {
  return key !== null;
}

// ---- plain values ----
export const meta = {
  get: (name) => db.get("meta", name),
  set: (name, value) => db.put("meta", value, name),
  del: (name) => db.delete("meta", name),
};

// ---- sealed single values ----
export async function getSecret(name) {
  const sealed = await db.get("secret", name);
  return sealed ? m.vault.open(key, sealed) : null;
}

export async function putSecret(name, value) {
  await db.put("secret", await m.vault.seal(key, value), name);
}

// ---- households ----
async function openRow(row) {
  return m.vault.open(key, row);
}

export async function allHouseholds() {
  const rows = await db.getAll("households");
  return Promise.all(rows.map(openRow));
}

export async function getHousehold(id) {
  const row = await db.get("households", id);
  return row ? openRow(row) : null;
}

async function sealedRow(id, value) {
  return { id, ...(await m.vault.seal(key, value)) };
}

export async function putHousehold(doc) {
  await db.put("households", await sealedRow(doc.id, doc));
}

// Replace the whole list with the server's (households no longer "mine" leave the phone).
export async function replaceHouseholds(docs) {
  const rows = await Promise.all(docs.map((doc) => sealedRow(doc.id, doc)));
  const tx = db.transaction("households", "readwrite");
  await tx.store.clear();
  await Promise.all(rows.map((row) => tx.store.put(row)));
  await tx.done;
}

// ---- queued records ----
export async function allRecords() {
  const rows = await db.getAll("records");
  const records = await Promise.all(rows.map(openRow));
  return records.sort((a, b) => a.made_at.localeCompare(b.made_at));
}

export async function getRecord(id) {
  const row = await db.get("records", id);
  return row ? openRow(row) : null;
}

export async function putRecord(record) {
  await db.put("records", await sealedRow(record.client_id, record));
}

export async function deleteRecord(id) {
  await db.delete("records", id);
  await db.delete("photos", id);
}

// ---- photos ----
export async function putPhoto(id, blob) {
  const sealed = await m.vault.sealBytes(key, await blob.arrayBuffer());
  await db.put("photos", sealed, id);
}

export async function getPhoto(id) {
  const sealed = await db.get("photos", id);
  if (!sealed) return null;
  return new Blob([await m.vault.openBytes(key, sealed)], { type: "image/jpeg" });
}

export async function deletePhoto(id) {
  await db.delete("photos", id);
}

// ---- wipe ----
// Clear every store. ``keep`` (plain meta values) survives: the note that the server must still be told.
export async function wipe(keep = {}) {
  key = null;
  const tx = db.transaction(STORES, "readwrite");
  await Promise.all(STORES.map((name) => tx.objectStore(name).clear()));
  for (const [name, value] of Object.entries(keep)) await tx.objectStore("meta").put(value, name);
  await tx.done;
}
