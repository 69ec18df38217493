// The pupil's data on this device: a snapshot from the server, an outbox of changes and
// queued photos, all in IndexedDB so nothing is lost when the network or the tab goes away.
// Every change is an operation with its own id; the server applies each id once.
// On a shared tablet, a pupil who signs out leaves only sealed (encrypted to the server)
// unsent work behind, delivered later with that pupil's device grant.
// Signing out is decided here, on the device: the sign-in's key cookie is deleted at once
// (without it the server shows this tablet nothing of the pupil), and the sign-out is
// delivered to school when the network returns (see server/signins.py).
"use strict";

const DB_NAME = "rugzak";
const DB_VERSION = 2;
const KEY_COOKIE = "rugzak_sleutel";
export const IDLE_MS = 20 * 60 * 1000;  // the next child must not find the last one's work
let dbPromise = null;

function openDb() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = (event) => {
        const db = req.result;
        if (event.oldVersion < 1) {
          db.createObjectStore("snapshot", { keyPath: "pupil_id" });
          db.createObjectStore("outbox", { keyPath: "op_id" }).createIndex("pupil", "pupil_id");
          db.createObjectStore("media", { keyPath: "key" }).createIndex("pupil", "pupil_id");
          db.createObjectStore("meta", { keyPath: "key" });
        }
        // device: per pupil who signed in here, the offline PIN check and the grant.
        if (event.oldVersion < 2) db.createObjectStore("device", { keyPath: "pupil_id" });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  return dbPromise;
}

export async function tx(stores, mode, fn) {
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

export function req(r) {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

export function newId(prefix) {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

const b64 = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)));
const unb64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

// --- who is signed in on this device ---

async function getMeta(key) {
  const rec = await tx(["meta"], "readonly", (t) => req(t.objectStore("meta").get(key)));
  return rec ? rec.value : null;
}

async function setMeta(key, value) {
  await tx(["meta"], "readwrite", (t) => t.objectStore("meta").put({ key, value }));
}

export const currentPupil = () => getMeta("pupil");

// A pupil signed in on this device (online or offline): the last touch starts now.
export async function setCurrentPupil(id, classCode) {
  await tx(["meta"], "readwrite", (t) => {
    const meta = t.objectStore("meta");
    meta.put({ key: "pupil", value: id });
    meta.put({ key: "touch", value: Date.now() });
    meta.delete("offline");
    if (classCode) meta.put({ key: "class", value: classCode });
  });
}

// --- the sign-in's key (a cookie the page can read and delete) and the last touch ---

function keyCookie() {
  const hit = document.cookie.split("; ").find((c) => c.startsWith(KEY_COOKIE + "="));
  if (!hit) return null;
  const [pupilId, key, sid, mac] = hit.slice(KEY_COOKIE.length + 1).split(".");
  return pupilId && key && sid && mac ? { pupilId, end: sid + "." + mac } : null;
}

// Whose server session this tablet may use now (null: nobody's).
export const sessionPupil = () => (keyCookie() || {}).pupilId || null;

function dropKeyCookie() {
  document.cookie = KEY_COOKIE + "=; Max-Age=0; Path=/; SameSite=Lax";
}

let lastWrite = 0;
export function touch() {
  const now = Date.now();
  if (now - lastWrite < 10000) return;  // often enough for a 20-minute rule
  lastWrite = now;
  setMeta("touch", now).catch(() => {});
}

// The pupil signed in on this device has not touched it for too long.
export async function idleTooLong() {
  const [pupil, last] = await Promise.all([getMeta("pupil"), getMeta("touch")]);
  return !!pupil && (!last || Date.now() - last > IDLE_MS);
}

// Where the next child signs in: the names of the last class used on this tablet.
export async function signInPage() {
  const code = await getMeta("class");
  return code ? "/klas/" + code : "/klas";
}

export async function deviceId() {
  let id = await getMeta("device");
  if (!id) { id = newId("d_"); await setMeta("device", id); }
  return id;
}

export async function deviceRecord(pupilId) {
  return tx(["device"], "readonly", (t) => req(t.objectStore("device").get(pupilId)));
}

export async function saveDeviceRecord(rec) {
  await tx(["device"], "readwrite", (t) => t.objectStore("device").put(rec));
}

// Ask the service worker to keep the pages this pupil needs to sign in again offline.
export async function keepLoginPages(rec) {
  if (!rec || !rec.class_code || !("serviceWorker" in navigator)) return;
  const reg = await Promise.race([navigator.serviceWorker.ready,
    new Promise((resolve) => setTimeout(() => resolve(null), 3000))]);
  if (reg && reg.active) {
    reg.active.postMessage({ keep: ["/klas/" + rec.class_code, "/klas/" + rec.class_code + "/" + rec.pupil_id] });
  }
}

// --- snapshot: the server's view, overlaid with what is not sent yet ---

export async function loadSnapshot(pupilId) {
  return tx(["snapshot"], "readonly", (t) => req(t.objectStore("snapshot").get(pupilId)));
}

// Kept only while this pupil is still the one signed in here (checked in the same
// transaction: a sign-out while the answer was on its way wins). The answer's ETag is kept
// in the same record, so it goes when the snapshot goes (sign-out) and is sent back next
// time: the server answers 304 while its version is unchanged. A record that is no longer
// exactly that answer (keepNewer or settle changed it) keeps no ETag: the next answer is
// then a full one, as before.
async function saveSnapshot(data, etag) {
  return tx(["snapshot", "meta"], "readwrite", async (t) => {
    const who = await req(t.objectStore("meta").get("pupil"));
    if (!who || who.value !== data.pupil.id) return false;
    const store = t.objectStore("snapshot");
    const old = await req(store.get(data.pupil.id));
    const tookBack = old ? keepNewer(data, old) : false;
    store.put({ pupil_id: data.pupil.id, ...data, etag: (!tookBack && etag) || null });
    return true;
  });
}

// A snapshot the server made before a sync answer arrived must not take back what that
// answer taught the device: the next change would be based on the older revision and
// become a conflict copy. Server revisions only go up, so per field the higher one wins.
// Returns whether it took anything back.
function keepNewer(fresh, old) {
  const before = new Map(old.items.map((i) => [i.id, i]));
  let tookBack = false;
  // An item this device created, made before the server had it (the answer's revision is
  // older than the creation's): kept as the device knows it, revisions and all.
  const inFresh = new Set(fresh.items.map((i) => i.id));
  for (const was of old.items) {
    if (!inFresh.has(was.id) && was.created_rev && (fresh.revision || 0) < was.created_rev) {
      fresh.items.push(was);
      tookBack = true;
    }
  }
  for (const item of fresh.items) {
    const was = before.get(item.id);
    if (!was || !was.revs) continue;
    for (const [field, rev] of Object.entries(was.revs)) {
      if (rev > (item.revs[field] || 0)) {
        item.revs[field] = rev;
        item.values[field] = was.values[field];
        tookBack = true;
      }
    }
  }
  return tookBack;
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
  return rec && rec.blob ? rec.blob : null;
}

// An item as the server makes it on a "create" (before the server's answer has it).
function newItem(op, snap, createdAt) {
  return {
    id: op.item_id, worksheet: op.worksheet, group: snap.pupil ? snap.pupil.group : null,
    school_year: snap.school_year, created_at: createdAt, updated_at: createdAt,
    values: { _status: "bezig", _shared: false, _title: "" }, revs: {}, conflicts: [],
  };
}

// Items as the pupil should see them: server values with local changes on top.
export async function view(pupilId) {
  let snap = await loadSnapshot(pupilId);
  if (!snap) {
    // Signed in offline after signing out: earlier work returns with the network.
    const rec = await deviceRecord(pupilId);
    snap = { items: [], school_year: rec ? rec.school_year : "", offline: true,
      pupil: rec ? { id: pupilId, first_name: rec.first_name, group: rec.group } : null };
  }
  const items = new Map(snap.items.map((i) => [i.id, structuredClone(i)]));
  for (const rec of await pending(pupilId)) {
    const op = rec.op;
    if (!op) continue;  // sealed: not for anybody's eyes on this device
    if (op.type === "create" && !items.has(op.item_id)) {
      items.set(op.item_id, { ...newItem(op, snap, rec.created_at), local: true });
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

// A new item; with ``step``, the year-plan step it is made for travels with it as its
// "_step" attribute (a change right after the create, in the same transaction, rev 0).
export async function createItem(pupilId, worksheet, step = "") {
  const itemId = newId("i_");
  const at = new Date().toISOString();
  const ops = [{ op_id: newId("op_"), type: "create", item_id: itemId, worksheet }];
  if (step) ops.push({ op_id: newId("op_"), type: "set", item_id: itemId, field: "_step", value: step, base_rev: 0 });
  await tx(["outbox"], "readwrite", (t) => {
    for (const op of ops) {
      t.objectStore("outbox").put({ op_id: op.op_id, pupil_id: pupilId, seq: seq++, sent: false, created_at: at, op });
    }
  });
  changed();
  return itemId;
}

// One field change. An unsent change of the same field is replaced (it never left the
// device); after a change that is on its way, the new one names it ("after") and the
// server bases it on that change's revision.
export async function setField(pupilId, itemId, field, value) {
  await tx(["outbox", "snapshot"], "readwrite", async (t) => {
    const store = t.objectStore("outbox");
    const all = await req(store.index("pupil").getAll(pupilId));
    const same = all.filter((r) => r.op && r.op.type === "set" && r.op.item_id === itemId && r.op.field === field)
      .sort((a, b) => a.seq - b.seq);
    const last = same[same.length - 1];
    if (last && !last.sent) {
      last.op.value = value;
      last.created_at = new Date().toISOString();
      store.put(last);
      return;
    }
    const snap = await req(t.objectStore("snapshot").get(pupilId));
    const known = snap && snap.items.find((i) => i.id === itemId);
    const op = { op_id: newId("op_"), type: "set", item_id: itemId, field, value,
      base_rev: last ? null : ((known && known.revs[field]) || 0) };
    if (last) op.after = last.op_id;
    store.put({ op_id: op.op_id, pupil_id: pupilId, seq: seq++, sent: false,
      created_at: new Date().toISOString(), op });
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

// --- signing out on a shared tablet ---

async function sealKey(spki) {
  return crypto.subtle.importKey("spki", unb64(spki), { name: "RSA-OAEP", hash: "SHA-256" }, false, ["encrypt"]);
}

async function seal(publicKey, bytes) {
  const aes = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt"]);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const c = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, aes, bytes);
  const raw = await crypto.subtle.exportKey("raw", aes);
  const k = await crypto.subtle.encrypt({ name: "RSA-OAEP" }, publicKey, raw);
  return { k: b64(k), iv: b64(iv), c };
}

// Everything of this pupil leaves the device, except unsent work, which is sealed so that
// only the server can read it. The offline PIN check and the grant stay for next time.
// First, at once: her key, who is signed in, her snapshot. From that moment nothing shows
// her work, even if the app is closed right away; the sealing follows.
export async function forgetPupil(pupilId) {
  const signIn = keyCookie();
  if (!signIn || signIn.pupilId === pupilId) dropKeyCookie();
  await tx(["snapshot", "meta"], "readwrite", async (t) => {
    const meta = t.objectStore("meta");
    const ending = ((await req(meta.get("signouts"))) || {}).value || [];
    if (signIn && signIn.pupilId === pupilId && !ending.includes(signIn.end)) ending.push(signIn.end);
    meta.put({ key: "signouts", value: ending.slice(-50) });
    const who = await req(meta.get("pupil"));
    if (who && who.value === pupilId) {
      meta.delete("pupil");
      meta.delete("offline");
      meta.delete("touch");
    }
    t.objectStore("snapshot").delete(pupilId);
  });
  await sealLeftovers();
}

// The photos a pupil chose to present are kept in a cache of her own (pwa/js/present.js);
// every other pupil's goes: at every start, after every sign-out.
export const PRESENT_CACHE = "rugzak-present-";
export async function forgetPresentation(except) {
  if (!("caches" in self)) return;
  for (const name of await caches.keys()) {
    if (name.startsWith(PRESENT_CACHE) && name !== PRESENT_CACHE + except) await caches.delete(name);
  }
}

// Unsent work of anybody not signed in here is sealed. Called after a sign-out, at every
// start and before every delivery: it also catches an app closed while sealing, and a
// change or photo that was still on its way into the outbox when its pupil signed out.
export async function sealLeftovers() {
  const me = await currentPupil();
  await forgetPresentation(me);
  const [ops, media] = await tx(["outbox", "media"], "readonly", (t) => Promise.all([
    req(t.objectStore("outbox").getAll()), req(t.objectStore("media").getAll())]));
  const plain = [...ops.filter((r) => r.op), ...media.filter((m) => m.blob)].filter((r) => r.pupil_id !== me);
  for (const pupilId of new Set(plain.map((r) => r.pupil_id))) {
    const rec = await deviceRecord(pupilId);
    if (!rec || !rec.seal_key) continue;  // never got the key: delivered as it is, with the grant
    const key = await sealKey(rec.seal_key);
    const sealedOps = [];
    const sealedMedia = [];
    for (const r of ops.filter((x) => x.op && x.pupil_id === pupilId)) {
      const env = await seal(key, new TextEncoder().encode(JSON.stringify(r.op)));
      sealedOps.push({ op_id: r.op_id, pupil_id: pupilId, seq: r.seq, sent: false,
        sealed: { k: env.k, iv: env.iv, c: b64(env.c) } });
    }
    for (const m of media.filter((x) => x.blob && x.pupil_id === pupilId)) {
      const env = await seal(key, await m.blob.arrayBuffer());
      sealedMedia.push({ key: m.key, pupil_id: pupilId, id: m.id, sealed: { k: env.k, iv: env.iv }, data: env.c });
    }
    await tx(["outbox", "media"], "readwrite", async (t) => {
      // Only what is still there (an answer from school may have removed it meanwhile).
      for (const r of sealedOps) if (await req(t.objectStore("outbox").get(r.op_id))) t.objectStore("outbox").put(r);
      for (const m of sealedMedia) if (await req(t.objectStore("media").get(m.key))) t.objectStore("media").put(m);
    });
  }
}

// Sign-outs made without network reach school: their sign-ins end there for good.
async function deliverSignOuts() {
  const tokens = await getMeta("signouts");
  if (!tokens || !tokens.length) return;
  const r = await fetch("/api/uitloggen", { method: "POST", credentials: "omit",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ tokens }) });
  if (!r.ok && r.status !== 400) return;  // tried again with the next sync
  await tx(["meta"], "readwrite", async (t) => {
    const meta = t.objectStore("meta");
    const now = await req(meta.get("signouts"));
    const left = ((now && now.value) || []).filter((x) => !tokens.includes(x));
    meta.put({ key: "signouts", value: left });
  });
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

// pupil: whose page this is (set by start(), compared when the browser restores a page)
export const state = { online: true, lastError: "", signedOut: false, pupil: null };

// When this page last had the server's snapshot (a 200 or a 304). A sync round that sent
// nothing asks again only once it is this old: a page load asks once.
let snapshotAt = 0;
const SNAPSHOT_FRESH_MS = 20000;

async function fetchSnapshot(me) {
  // Only this sign-in's own session reads: never one a signed-out pupil left behind.
  if (!me || sessionPupil() !== me) { state.signedOut = !(await getMeta("offline")); return null; }
  // The ETag of her own stored snapshot only (the server also checks it names her).
  const stored = await loadSnapshot(me);
  const headers = { accept: "application/json" };
  if (stored && stored.etag) headers["if-none-match"] = stored.etag;
  const r = await fetch("/api/mij", { credentials: "same-origin", cache: "no-store", headers });
  if (r.status === 401) { state.signedOut = !(await getMeta("offline")); return null; }
  if (r.status === 304 && stored) {  // unchanged at school: the stored one is it
    snapshotAt = Date.now();
    state.signedOut = false;
    return stored;
  }
  if (!r.ok) throw new Error("snapshot " + r.status);
  const data = await r.json();
  // signed out meanwhile
  if (data.pupil.id !== me || !(await saveSnapshot(data, r.headers.get("etag")))) return null;
  snapshotAt = Date.now();
  state.signedOut = false;
  const rec = await deviceRecord(data.pupil.id);
  if (rec && (rec.group !== data.pupil.group || rec.school_year !== data.school_year)) {
    await saveDeviceRecord({ ...rec, group: data.pupil.group, school_year: data.school_year });
  }
  return data;
}

// Start a pupil page. Before anything is shown: is somebody signed in on this device, and
// has the tablet been touched lately? If not, the last pupil's work is sealed and the
// next child goes to the sign-in page. Returns the pupil's id, or null (leaving the page).
export async function start() {
  const me = await currentPupil();
  state.pupil = me;
  if (!me || await idleTooLong()) {
    if (me) await forgetPupil(me);
    else {
      if (keyCookie()) dropKeyCookie();  // a key nobody on this device owns
      await sealLeftovers();  // e.g. the app was closed while a sign-out was sealing
    }
    location.replace(await signInPage());
    return null;
  }
  await sealLeftovers();
  try {
    await fetchSnapshot(me);
    state.online = true;
    syncNow().catch(() => {});
  } catch (e) {
    state.online = false;
  }
  return me;
}

// fetch for one pupil: with the session when it is this pupil's sign-in on this device,
// else with the device grant (which delivers work and reads nothing).
async function send(pupilId, url, init) {
  if (sessionPupil() === pupilId) {
    const r = await fetch(url, { ...init, credentials: "same-origin" });
    if (r.status !== 401) return r;
  }
  const rec = await deviceRecord(pupilId);
  if (!rec || !rec.grant) return new Response(null, { status: 401 });
  const r = await fetch(url, { ...init, credentials: "omit",
    headers: { ...(init.headers || {}), authorization: "Bearer " + rec.grant } });
  if (r.status === 401) {
    // The grant was ended (new PIN, signed out everywhere, another class): this tablet no
    // longer signs the pupil in offline. Her sealed work waits for her next sign-in here.
    await saveDeviceRecord({ ...rec, grant: null, hash: null });
  }
  return r;
}

async function uploadMedia(pupilId) {
  for (const rec of await pendingMedia(pupilId)) {
    const sealed = !rec.blob;
    const headers = { "content-type": sealed ? "application/octet-stream" : (rec.blob.type || "application/octet-stream") };
    if (sealed) headers["x-rugzak-seal"] = rec.sealed.k + "." + rec.sealed.iv;
    const r = await send(pupilId, "/api/media/" + rec.id,
      { method: "PUT", body: sealed ? rec.data : rec.blob, headers });
    if (r.ok) {
      await tx(["media"], "readwrite", (t) => t.objectStore("media").delete(rec.key));
    } else if (r.status === 401) {
      throw new Error("unauthorized");
    } else if (r.status >= 400 && r.status < 500 && r.status !== 429) {
      const body = await r.json().catch(() => ({}));
      state.lastError = body.error || "Een foto kon niet worden verstuurd.";
      await tx(["media"], "readwrite", (t) => t.objectStore("media").delete(rec.key));
    } else {
      await kept(r);
    }
  }
}

// School could not take it now (busy, or its disk is full: 507): everything stays in the
// outbox and goes again with the next round. The pupil reads why, in school's words.
async function kept(response) {
  if (response.status === 507) {
    const body = await response.json().catch(() => ({}));
    state.lastError = body.error || "School kan je werk nu even niet bewaren. Het blijft op deze tablet.";
  }
  throw new Error("kept " + response.status);
}

// Returns whether any operation was sent (then the snapshot is worth asking again).
async function syncPupil(pupilId) {
  await uploadMedia(pupilId);
  let sent = false;
  for (let round = 0; round < 20; round++) {
    const batch = await takeBatch(pupilId, 200);
    if (!batch.length) return sent;
    sent = true;
    const resp = await send(pupilId, "/api/sync", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ pupil_id: pupilId,
        ops: batch.map((r) => (r.op ? r.op : { op_id: r.op_id, sealed: r.sealed })) }),
    });
    if (resp.status === 401) throw new Error("unauthorized");
    if (!resp.ok) await kept(resp);
    const { results } = await resp.json();
    const waiting = await settle(pupilId, batch, results);
    if (waiting) return sent;  // the rest waits for an earlier change: next round of syncing
  }
  return sent;
}

// The next batch, read and marked as sent in one transaction. A change made meanwhile (a
// ranking moved while the last change is on its way) then either joins this batch or becomes
// a new operation after it: it can never be folded into an operation already read for
// sending, which the answer would delete with the newer value in it.
async function takeBatch(pupilId, size) {
  return tx(["outbox"], "readwrite", async (t) => {
    const store = t.objectStore("outbox");
    const all = await req(store.index("pupil").getAll(pupilId));
    const batch = all.sort((a, b) => a.seq - b.seq).slice(0, size);
    for (const r of batch) { r.sent = true; store.put(r); }
    return batch;
  });
}

async function pupilsWithWork() {
  const [ops, media] = await tx(["outbox", "media"], "readonly", (t) => Promise.all([
    req(t.objectStore("outbox").getAll()), req(t.objectStore("media").getAll())]));
  return [...new Set([...ops, ...media].map((r) => r.pupil_id))];
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
  const me = await currentPupil();
  const others = (await pupilsWithWork()).filter((p) => p !== me);
  try {
    await sealLeftovers();
    await deliverSignOuts();
    const sent = me ? await syncPupil(me) : false;
    // Work left (sealed) by pupils who signed out on this tablet: delivered with their grant.
    for (const pupilId of others) {
      try { await syncPupil(pupilId); } catch (e) { if (e instanceof TypeError) throw e; }
    }
    // Right after the page's own fetch (start), a round that sent nothing does not ask again.
    if (me && (sent || Date.now() - snapshotAt > SNAPSHOT_FRESH_MS)) await fetchSnapshot(me);
    state.online = true;
  } catch (e) {
    // A TypeError is no network; any other failure came with an answer from school.
    state.online = !(e instanceof TypeError);
    if (e.message === "unauthorized") state.signedOut = !(await getMeta("offline"));
  }
}

// Remove answered operations and record new revisions in the snapshot, in one transaction
// (so the next change builds on them). Returns true if some operation must wait.
async function settle(pupilId, batch, results) {
  const byId = new Map(results.map((r) => [r.op_id, r]));
  let waiting = false;
  await tx(["outbox", "snapshot"], "readwrite", async (t) => {
    const store = t.objectStore("outbox");
    const snapStore = t.objectStore("snapshot");
    const snap = await req(snapStore.get(pupilId));
    for (const rec of batch) {
      const res = byId.get(rec.op_id);
      if (!res) continue;
      if (res.status === "refused" && res.code === "waiting") {
        const stored = await req(store.get(rec.op_id));
        if (stored) { stored.sent = false; store.put(stored); }
        waiting = true;
        continue;
      }
      if (res.status === "refused") state.lastError = res.reason || "Een wijziging is niet bewaard.";
      const ok = res.status === "applied" || res.status === "duplicate";
      let known = rec.op && snap && snap.items.find((i) => i.id === rec.op.item_id);
      if (ok && !known && snap && rec.op.type === "create") {
        // Not in the snapshot yet (made here after it was fetched): from now on the item
        // lives in the snapshot, so the revisions of its fields are recorded, and the next
        // change of a field builds on them (not on 0, which would be a conflict copy).
        known = newItem(rec.op, snap, rec.created_at);
        known.created_rev = res.rev || 0;
        snap.items.push(known);
        snap.etag = null;
      }
      if (ok && known && rec.op.type === "set") {
        known.values[rec.op.field] = rec.op.value;
        known.revs[rec.op.field] = res.rev || 0;
        snap.etag = null;  // no longer exactly the answer that ETag named
      }
      store.delete(rec.op_id);
    }
    if (snap) snapStore.put(snap);
  });
  return waiting;
}

export async function unsentCount(pupilId) {
  if (!pupilId) return 0;
  return (await pending(pupilId)).length + (await pendingMedia(pupilId)).length;
}

window.addEventListener("online", () => scheduleSync(100));
document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") scheduleSync(100); });
setInterval(() => scheduleSync(0), 30000);
