// Sync with the server: the device's status (wipe?), registration, uploading the queue, downloading "my households".
//
// The status call (wipe?) runs when the app opens online and when it comes back online, before anything else.
// A sync, one at a time: register the device if new → upload the queue in batches → download the households
// (and the form schemas when their version changed). A record carries the id made on the phone (client_id), so
// sending it twice never writes twice: the server answers the stored outcome.
//
// Record states: pending 待上传 · sending 上传中 · applied 已入库 · conflict 冲突 · rejected 未通过.

let m;

export const BATCH = 50; // records per upload request (the server takes at most 100)
const BATCH_BYTES = 15 * 1024 * 1024; // photos per request stay well under the server's 20 MB
const KEEP_APPLIED_DAYS = 7; // applied records stay listed this long, then leave the phone
const DAY = 24 * 3600 * 1000;

export const STATES = {
  pending: "待上传",
  sending: "上传中",
  applied: "已入库",
  conflict: "冲突",
  rejected: "未通过",
};

let running = null;
const listeners = new Set();
// What the screens show; ``version`` grows whenever a sync changed the local data (the screens then redraw).
export const state = { running: false, text: "", error: null, loggedOut: false, version: 0 };
let pulledSig = null;

export function init(modules) {
  m = modules;
}

export function onChange(listener) {
  listeners.add(listener);
}

function say(text, extra = {}) {
  Object.assign(state, { text, error: null, loggedOut: false }, extra);
  for (const listener of listeners) listener(state);
}

// ---- wipe ----

// Delete every local datum; remember only what is needed to tell the server (device id + secret).
export async function wipeAll(reason) {
  const device = await m.store.meta.get("device");
  await m.store.wipe(device ? { wipedReport: { ...device, reason } } : {});
  await reportWiped();
  say(`本机数据已清除：${reason}`);
}

// Tell the server the phone wiped (when online; otherwise at the next chance).
export async function reportWiped() {
  const report = await m.store.meta.get("wipedReport");
  if (!report) return;
  try {
    await m.net.api.wiped(report);
    await m.store.meta.del("wipedReport");
  } catch {
    // offline, or the device is unknown to the server: try again next time (or never mind)
  }
}

// Called at open: too long without a sync → wipe. Returns the reason, or null.
export async function expiredReason(now = Date.now()) {
  const last = await m.store.meta.get("lastSync");
  const days = (await m.store.meta.get("wipeDays")) || 7;
  if (last && now - last > days * DAY) return `超过 ${days} 天未与服务器同步`;
  return null;
}

// The status call, whenever online, before anything else. Returns the wipe reason, or null.
export async function checkStatus() {
  await reportWiped();
  const device = await m.store.meta.get("device");
  if (!device || !navigator.onLine) return null;
  try {
    const answer = await m.net.api.status(device);
    if (answer && answer.wipe) {
      const reason = answer.reason || "服务器要求清除";
      await wipeAll(reason);
      return reason;
    }
  } catch {
    // no network: the other checks (days without sync, PIN) still protect the data
  }
  return null;
}

// ---- the sync ----

// Start a sync (or join the one running). Resolves to true when it finished, false when it stopped early.
export function syncNow() {
  if (!running) {
    running = run().finally(() => {
      running = null;
    });
  }
  return running;
}

async function run() {
  if (!m.store.unlocked()) return false;
  say("正在同步…", { running: true });
  try {
    // (the status call ran when the app opened or came online; a revoked device is refused below with wipe)
    const device = await ensureDevice();
    await uploadQueue(device);
    say("正在下载我的农户…", { running: true });
    await pull(device);
    await m.store.meta.set("lastSync", Date.now());
    say(`已同步 ${m.dom.when(Date.now())}`, { running: false });
    return true;
  } catch (error) {
    if (error.body && error.body.wipe) {
      await wipeAll(error.message || "设备已停用");
      m.app.wiped();
      return false;
    }
    if (error.status === 401 && (await checkStatus())) {
      m.app.wiped(); // logged out because the account was deactivated: the status call says wipe
      return false;
    }
    const loggedOut = Boolean(error.loggedOut);
    say(error.message || "同步失败", { running: false, error, loggedOut });
    return false;
  } finally {
    m.app.refresh();
  }
}

function deviceLabel() {
  const agent = navigator.userAgent;
  const system = /Android/.test(agent) ? "安卓" : /iPhone|iPad/.test(agent) ? "苹果" : /Windows/.test(agent) ? "Windows" : "";
  return `外业手机${system ? `（${system}）` : ""} ${m.dom.today()}`;
}

export async function ensureDevice() {
  let device = await m.store.meta.get("device");
  if (device) return device;
  say("正在登记本设备…", { running: true });
  const answer = await m.net.api.register(deviceLabel());
  device = { id: answer.device, secret: answer.secret };
  await m.store.meta.set("device", device);
  await m.store.meta.set("wipeDays", answer.wipe_days);
  return device;
}

export async function pull(device) {
  const doc = await m.net.api.pull(device.id);
  const households = doc.households || [];
  await m.store.replaceHouseholds(households);
  const sig = households.map((x) => `${x.id}:${x.stamp}`).join(",");
  if (sig !== pulledSig) state.version += 1;
  pulledSig = sig;
  const profile = { user: doc.user, year: doc.year, round: doc.round, server_time: doc.server_time };
  await m.store.putSecret("profile", profile);
  if (doc.wipe_days) await m.store.meta.set("wipeDays", doc.wipe_days);
  const forms = await m.store.getSecret("forms");
  if (!forms || forms.version !== doc.forms_version) await m.store.putSecret("forms", await m.net.api.forms());
}

// ---- the queue ----

// The next batch: up to BATCH waiting records, oldest first. Several records of one household may go together:
// the server chains them (a record based on the stamp an earlier record of the same request replaced is not a
// conflict). ``tried``: the records sent during this sync (one the server did not answer waits for the next).
// Records without a photo go first, in requests of their own: on a slow line a photo takes seconds, and the
// visits, incomes, risks and facts should not wait behind it (the rebase after each answer keeps a household's
// later records valid whatever the order).
async function nextBatch(tried) {
  const waiting = (await m.store.allRecords()).filter(
    (r) => (r.state === "pending" || r.state === "sending") && !tried.has(r.client_id),
  );
  const plain = waiting.filter((r) => !r.photo);
  return (plain.length ? plain : waiting).slice(0, BATCH);
}

function wire(record) {
  const sent = {
    client_id: record.client_id,
    kind: record.kind,
    household: record.household,
    base_stamp: record.base_stamp,
    made_at: record.made_at,
    data: record.data,
  };
  if (record.resolve) sent.resolve = "apply";
  return sent;
}

export async function uploadQueue(device) {
  await purgeApplied();
  let sent = 0;
  const tried = new Set();
  for (;;) {
    const batch = await nextBatch(tried);
    if (batch.length === 0) return;
    const photos = [];
    let bytes = 0;
    const records = [];
    for (const record of batch) {
      const photo = record.photo ? await m.store.getPhoto(record.client_id) : null;
      if (photo && records.length && bytes + photo.size > BATCH_BYTES) continue; // next request
      if (photo) {
        photos.push([record.client_id, photo]);
        bytes += photo.size;
      }
      records.push(record);
      tried.add(record.client_id);
      record.state = "sending";
      await m.store.putRecord(record);
    }
    state.version += 1; // the queue shows 上传中
    say(`正在上传 ${sent + 1}–${sent + records.length} 条…`, { running: true });
    m.app.refresh();
    let answer;
    try {
      answer = await m.net.api.upload(device.id, records.map(wire), photos);
    } catch (error) {
      for (const record of records) {
        record.state = "pending";
        await m.store.putRecord(record);
      }
      throw error;
    }
    const byId = new Map((answer.results || []).map((r) => [r.client_id, r]));
    for (const record of records) await settle(record, byId.get(record.client_id));
    sent += records.length;
  }
}

// Apply the server's answer for one record.
async function settle(record, result) {
  if (!result) {
    record.state = "pending"; // not answered: sent again next time (the client_id keeps it single)
    await m.store.putRecord(record);
    return;
  }
  if (result.status === "discarded") {
    state.version += 1;
    await m.store.deleteRecord(record.client_id);
    return;
  }
  state.version += 1;
  record.state = result.status;
  record.message = result.message || "";
  record.errors = result.errors || {};
  record.settled_at = Date.now();
  if (result.status === "applied") {
    record.resolve = false;
    record.server = null;
    if (record.photo) await m.store.deletePhoto(record.client_id);
    record.photo = false;
    if (result.household) await rebase(record.household, record.base_stamp, result.household);
  } else if (result.status === "conflict") {
    record.server = result.household;
    if (result.household) await m.store.putHousehold(result.household);
  }
  await m.store.putRecord(record);
}

// The household changed by an applied record: keep its new document and move the other waiting records of
// that household that were based on the old stamp onto the new one.
async function rebase(householdId, oldStamp, doc) {
  await m.store.putHousehold(doc);
  for (const other of await m.store.allRecords()) {
    const waiting = other.state === "pending" || other.state === "sending";
    if (other.household !== householdId || !waiting || other.base_stamp !== oldStamp) continue;
    other.base_stamp = doc.stamp;
    other.base_doc = doc;
    await m.store.putRecord(other);
  }
}

async function purgeApplied(now = Date.now()) {
  for (const record of await m.store.allRecords()) {
    if (record.state === "applied" && now - (record.settled_at || 0) > KEEP_APPLIED_DAYS * DAY) {
      await m.store.deleteRecord(record.client_id);
    }
  }
}

// ---- what the screens call ----

// 仍以我的为准提交: send again with resolve=apply on the server's current stamp.
export async function insist(record) {
  record.resolve = true;
  record.base_stamp = record.server ? record.server.stamp : record.base_stamp;
  record.base_doc = record.server || record.base_doc;
  record.state = "pending";
  await m.store.putRecord(record);
  return syncNow();
}

// 放弃我的记录: tell the server (online only), then forget it here.
export async function discard(record) {
  await m.net.api.discard(record.client_id);
  await m.store.deleteRecord(record.client_id);
}
