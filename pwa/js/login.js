// The PIN page. Online: the server checks the PIN; this device then keeps a salted hash of
// it (for signing in offline later), a grant to deliver this pupil's work, and the key to
// seal it with. Offline: the PIN is checked against that hash. The first sign-in on a
// device needs the network.
"use strict";
import { currentPupil, deviceId, deviceRecord, forgetPupil, keepLoginPages, saveDeviceRecord, scheduleSync, setCurrentPupil, tx } from "./local.js";

const form = document.querySelector("form.pin-form");
const ITERATIONS = 150000;
const MAX_TRIES = 5;
const LOCK_MINUTES = 15;

async function pinHash(pin, salt) {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(pin), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations: ITERATIONS }, key, 256);
  return btoa(String.fromCharCode(...new Uint8Array(bits)));
}

function showError(text) {
  let box = form.parentElement.querySelector(".error");
  if (!box) {
    box = document.createElement("p");
    box.className = "error";
    box.setAttribute("role", "alert");
    form.before(box);
  }
  box.textContent = text;
  box.setAttribute("tabindex", "-1");
  box.focus();
}

async function rememberDevice(pin) {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const rec = {
    pupil_id: form.dataset.pupil,
    first_name: form.dataset.firstName,
    class_code: form.dataset.classCode,
    salt: btoa(String.fromCharCode(...salt)),
    hash: await pinHash(pin, salt),
    failures: 0,
    locked_until: 0,
  };
  try {
    const r = await fetch("/api/apparaat", { method: "POST", credentials: "same-origin",
      headers: { "x-rugzak-device": await deviceId(), accept: "application/json" } });
    if (r.ok) Object.assign(rec, await r.json());
  } catch (e) { /* the grant is fetched again at the next sign-in */ }
  const old = await deviceRecord(rec.pupil_id);
  if (old && !rec.grant) { rec.grant = old.grant; rec.seal_key = old.seal_key; }
  await saveDeviceRecord(rec);
  await keepLoginPages(rec);
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
}

async function offlineSignIn(pin) {
  const rec = await deviceRecord(form.dataset.pupil);
  if (!rec || !rec.hash) {
    showError(rec
      ? "Er is geen internet. Log één keer in als er weer internet is, daarna kan het ook zonder."
      : "Er is geen internet. De eerste keer inloggen op deze tablet kan alleen met internet.");
    return;
  }
  if (rec.locked_until > Date.now()) {
    showError("Je hebt te vaak een verkeerde pincode getypt. Wacht een kwartier.");
    return;
  }
  const salt = Uint8Array.from(atob(rec.salt), (c) => c.charCodeAt(0));
  if (await pinHash(pin, salt) !== rec.hash) {
    rec.failures += 1;
    if (rec.failures >= MAX_TRIES) { rec.failures = 0; rec.locked_until = Date.now() + LOCK_MINUTES * 60000; }
    await saveDeviceRecord(rec);
    showError("Die pincode klopt niet. Probeer het nog eens.");
    return;
  }
  rec.failures = 0;
  await saveDeviceRecord(rec);
  await setCurrentPupil(rec.pupil_id, form.dataset.classCode);
  await tx(["meta"], "readwrite", (t) => t.objectStore("meta").put(
    { key: "offline", value: { pupil_id: rec.pupil_id, since: Date.now() } }));
  location.href = "/leerling";
}

// Somebody else left the tablet without signing out: seal their work before this child
// signs in, so nothing of theirs stays readable on the device.
async function endPrevious() {
  const previous = await currentPupil();
  if (previous && previous !== form.dataset.pupil) await forgetPupil(previous);
}

if (form) {
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    const pin = form.querySelector("input[name=pin]").value;
    try {
      await endPrevious();  // before the server sets this sign-in's key cookie
      let r;
      try {
        r = await fetch(form.action, { method: "POST", body: new URLSearchParams(new FormData(form)),
          credentials: "same-origin", redirect: "manual" });
      } catch (err) {
        await offlineSignIn(pin);
        return;
      }
      if (r.type === "opaqueredirect" || r.status === 303) {
        await rememberDevice(pin);
        await setCurrentPupil(form.dataset.pupil, form.dataset.classCode);
        location.href = "/leerling";
        return;
      }
      if (r.status >= 500 && r.status !== 503) { showError("Er ging iets mis. Probeer het nog eens."); return; }
      if (r.status === 503) { await offlineSignIn(pin); return; }
      const html = new DOMParser().parseFromString(await r.text(), "text/html");
      const message = html.querySelector(".error");
      showError(message ? message.textContent : "Die pincode klopt niet.");
    } finally {
      button.disabled = false;
    }
  });
}

// The sign-in pages deliver what pupils left sealed on this tablet (and their sign-outs).
scheduleSync(1000);
