// The pupil's data on this device: a snapshot from the server, an outbox of changes and
// queued photos, all in IndexedDB so nothing is lost when the network or the tab goes away.
// Every change is an operation with its own id; the server applies each id once.
"use strict";

const DB_NAME = "rugzak";
const DB_VERSION = 1;
let dbPromise = null;

function openDb() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        db.createObjectStore("snapshot", { keyPath: "pupil_id" });
        const outbox = db.createObjectStore("outbox", { keyPath: "op_id" });
        outbox.createIndex("pupil", "pupil_id");
        const media = db.createObjectStore("media", { keyPath: "key" });
        media.createIndex("pupil", "pupil_id");
        db.createObjectStore("meta", { keyPath: "key" });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  return dbPromise;
}

async function tx(stores, mode, fn) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const t = db.transaction(stores, mode);
    let result;
    Promise.resolve(fn(t)).then((r) => { result = r; }, reject);
    t.oncomplete = () => resolve(result);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  });
}

function req(r) {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

export function newId(prefix) {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// --- who is signed in on this device ---

export async function currentPupil() {
  const rec = await tx(["meta"], "readonly", (t) => req(t.objectStore("meta").get("pupil")));
  return rec ? rec.value : null;
}

async function setCurrentPupil(id) {
  await tx(["meta"], "readwrite", (t) => t.objectStore("meta").put({ key: "pupil", value: id }));
}

// --- snapshot: the server's view, overlaid with what is not sent yet ---

export async function loadSnapshot(pupilId) {
  return tx(["snapshot"], "readonly", (t) => req(t.objectStore("snapshot").get(pupilId)));
}

async function saveSnapshot(data) {
  await tx(["snapshot"], "readwrite", (t) =>
    t.objectStore("snapshot").put({ pupil_id: data.pupil.id, ...data }));
}

export async function pending(pupilId) {
  const ops = await tx(["outbox"], "readonly", (t) =>
    req(t.objectStore("outbox").index("pupil").getAll(pupilId)));
  return ops.sort((a, b) => a.seq - b.seq);
}

async function pendingMedia(pupilId) {
  return tx(["media"], "readonly", (t) => req(t.objectStore("media").index("pupil").getAll(pupilId)));
}

export async function mediaBlob(pupilId, id) {
  const rec = await tx(["media"], "readonly", (t) => req(t.objectStore("media").get(pupilId + "/" + id)));
  return rec ? rec.blob : null;
}

// Items as the pupil should see them: server values with local changes on top.
export async function view(pupilId) {
  const snap = (await loadSnapshot(pupilId)) || { items: [], pupil: null };
  const items = new Map(snap.items.map((i) => [i.id, structuredClone(i)]));
  for (const rec of await pending(pupilId)) {
    const op = rec.op;
    if (op.type === "create" && !items.has(op.item_id)) {
      items.set(op.item_id, {
        id: op.item_id, worksheet: op.worksheet, group: snap.pupil ? snap.pupil.group : null,
        school_year: snap.school_year, created_at: rec.created_at, updated_at: rec.created_at,
        values: { _status: "bezig", _shared: false, _title: "" }, revs: {}, conflicts: [], local: true,
      });
    } else if (op.type === "set" && items.has(op.item_id)) {
      const item = items.get(op.item_id);
      item.values[op.field] = op.value;
      item.updated_at = rec.created_at;
      item.unsent = true;
    } else if (op.type === "delete") {
      items.delete(op.item_id);
    }
  }
  return { ...snap, items: [...items.values()] };
}

// --- making changes ---

let seq = Date.now();

export async function createItem(pupilId, worksheet) {
  const itemId = newId("i_");
  const op = { op_id: newId("op_"), type: "create", item_id: itemId, worksheet };
  await tx(["outbox"], "readwrite", (t) => t.objectStore("outbox").put(
    { op_id: op.op_id, pupil_id: pupilId, seq: seq++, sent: false, created_at: new Date().toISOString(), op }));
  changed();
  return itemId;
}

// One field change. An unsent change of the same field is replaced (it never left the
// device); after a change that is on its way, the new one waits for that one's revision.
export async function setField(pupilId, itemId, field, value) {
  await tx(["outbox", "snapshot"], "readwrite", async (t) => {
    const store = t.objectStore("outbox");
    const all = await req(store.index("pupil").getAll(pupilId));
    const same = all.filter((r) => r.op.type === "set" && r.op.item_id === itemId && r.op.field === field)
      .sort((a, b) => a.seq - b.seq);
    const last = same[same.length - 1];
    if (last && !last.sent) {
      last.op.value = value;
      last.created_at = new Date().toISOString();
      store.put(last);
      return;
    }
    // The base is the revision this device last saw for the field (kept current by settle).
    const snap = await req(t.objectStore("snapshot").get(pupilId));
    const known = snap && snap.items.find((i) => i.id === itemId);
    const op = { op_id: newId("op_"), type: "set", item_id: itemId, field, value,
      base_rev: last ? null : ((known && known.revs[field]) || 0) };
    store.put({ op_id: op.op_id, pupil_id: pupilId, seq: seq++, sent: false,
      after: last ? last.op_id : null, created_at: new Date().toISOString(), op });
  });
  changed();
}

export async function addPhoto(pupilId, blob) {
  const buf = await blob.arrayBuffer();
  const digest = await crypto.subtle.digest("SHA-256", buf);
  const id = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  await tx(["media"], "readwrite", (t) => t.objectStore("media").put(
    { key: pupilId + "/" + id, pupil_id: pupilId, id, blob: new Blob([buf], { type: blob.type }) }));
  return id;
}

// --- talking to the server ---

const listeners = new Set();
export function onChange(fn) { listeners.add(fn); }
function changed() {
  for (const fn of listeners) fn();
  scheduleSync(1500);
}

let timer = null;
export function scheduleSync(ms) {
  clearTimeout(timer);
  timer = setTimeout(() => { syncNow().catch(() => {}); }, ms);
}

export const state = { online: true, lastError: "", signedOut: false };

async function fetchSnapshot() {
  const r = await fetch("/api/mij", { credentials: "same-origin", headers: { accept: "application/json" } });
  if (r.status === 401) { state.signedOut = true; throw new Error("signed out"); }
  if (!r.ok) throw new Error("snapshot " + r.status);
  const data = await r.json();
  await setCurrentPupil(data.pupil.id);
  await saveSnapshot(data);
  return data;
}

// Start a page: the snapshot from the server if reachable, else the one on the device.
export async function start() {
  try {
    const data = await fetchSnapshot();
    state.online = true;
    syncNow().catch(() => {});
    return data.pupil.id;
  } catch (e) {
    state.online = false;
    return currentPupil();
  }
}

async function uploadMedia(pupilId) {
  for (const rec of await pendingMedia(pupilId)) {
    const r = await fetch("/api/media/" + rec.id, { method: "PUT", body: rec.blob,
      headers: { "content-type": rec.blob.type || "application/octet-stream" }, credentials: "same-origin" });
    if (r.ok || r.status === 409) {
      await tx(["media"], "readwrite", (t) => t.objectStore("media").delete(rec.key));
    } else if (r.status === 401) {
      state.signedOut = true;
      throw new Error("signed out");
    } else if (r.status >= 400 && r.status < 500 && r.status !== 429) {
      const body = await r.json().catch(() => ({}));
      state.lastError = body.error || "Een foto kon niet worden verstuurd.";
      await tx(["media"], "readwrite", (t) => t.objectStore("media").delete(rec.key));
    } else {
      throw new Error("upload " + r.status);
    }
  }
}

let syncing = null;
let again = false;
export function syncNow() {
  if (syncing) {
    again = true;  // changes made during a sync go out right after it
    return syncing;
  }
  syncing = runSync().finally(() => {
    syncing = null;
    for (const fn of listeners) fn();
    if (again) { again = false; scheduleSync(0); }
  });
  return syncing;
}

async function runSync() {
  const pupilId = await currentPupil();
  if (!pupilId) return;
  try {
    await uploadMedia(pupilId);
    for (let round = 0; round < 20; round++) {
      const ready = (await pending(pupilId)).filter((r) => r.op.type !== "set" || r.op.base_rev !== null);
      if (!ready.length) break;
      const batch = ready.slice(0, 200);
      await tx(["outbox"], "readwrite", (t) => { for (const r of batch) { r.sent = true; t.objectStore("outbox").put(r); } });
      const resp = await fetch("/api/sync", {
        method: "POST", credentials: "same-origin",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ pupil_id: pupilId, ops: batch.map((r) => r.op) }),
      });
      if (resp.status === 401) { state.signedOut = true; return; }
      if (!resp.ok) throw new Error("sync " + resp.status);
      const { results } = await resp.json();
      await settle(pupilId, batch, results);
    }
    await fetchSnapshot();
    state.online = true;
  } catch (e) {
    state.online = navigator.onLine && !String(e.message).startsWith("Failed") ? state.online : false;
    if (e instanceof TypeError) state.online = false;
  }
}

// Remove answered operations; record the new revisions in the snapshot in the same
// transaction (so the next change builds on them); give waiting operations their base.
async function settle(pupilId, batch, results) {
  const byId = new Map(results.map((r) => [r.op_id, r]));
  await tx(["outbox", "snapshot"], "readwrite", async (t) => {
    const store = t.objectStore("outbox");
    const all = await req(store.index("pupil").getAll(pupilId));
    const snapStore = t.objectStore("snapshot");
    const snap = await req(snapStore.get(pupilId));
    for (const rec of batch) {
      const res = byId.get(rec.op_id);
      if (!res) continue;
      const ok = res.status === "applied" || res.status === "duplicate";
      if (res.status === "refused") state.lastError = res.reason || "Een wijziging is niet bewaard.";
      const known = snap && snap.items.find((i) => i.id === rec.op.item_id);
      if (ok && rec.op.type === "set" && known) {
        known.values[rec.op.field] = rec.op.value;
        known.revs[rec.op.field] = res.rev || 0;
      }
      for (const next of all.filter((r) => r.after === rec.op_id)) {
        // After a conflict the follow-up stays based on the old revision, so it becomes
        // a conflict copy too and the pupil still gets to choose.
        next.op.base_rev = ok ? (res.rev || 0) : rec.op.base_rev;
        next.after = null;
        store.put(next);
      }
      store.delete(rec.op_id);
    }
    if (snap) snapStore.put(snap);
  });
}

export async function unsentCount(pupilId) {
  if (!pupilId) return 0;
  return (await pending(pupilId)).length + (await pendingMedia(pupilId)).length;
}

window.addEventListener("online", () => scheduleSync(100));
document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") scheduleSync(100); });
setInterval(() => scheduleSync(0), 30000);
