// The parent's "Meldingen" page: turn push notifications on or off for this device.
// Permission is only asked after the parent taps "Meldingen aan" (browsers require a tap,
// and asking out of the blue makes people say no for good).
"use strict";

// Status texts in the page's language: the page writes them from the catalogue
// (templates/parent/meldingen.html, #push-texts), so there is one list of texts per language.
const TEXTS = new Map(Array.from(document.querySelectorAll("#push-texts [data-text]"),
  (node) => [node.dataset.text, node.textContent]));
function T(key) { return TEXTS.get(key) || ""; }

const STORE_KEY = "rugzak-push-events";
const box = document.getElementById("push");
const statusLine = document.getElementById("push-status");
const onButton = document.getElementById("push-on");
const offButton = document.getElementById("push-off");
const help = document.getElementById("push-help");
const checks = Array.from(document.querySelectorAll("#push-events input[type=checkbox]"));

class Friendly extends Error {} // a message meant for the parent, in their language

function say(text) { statusLine.textContent = text; }
function hint(text) { help.textContent = text; help.hidden = !text; }

function isIOS() {
  return /iPad|iPhone|iPod/.test(navigator.userAgent) ||
    (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
}

function installed() {
  return window.matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;
}

function pushSupported() {
  return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

function chosenEvents() { return checks.filter((c) => c.checked).map((c) => c.value); }

function restoreEvents() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORE_KEY) || "null");
    if (Array.isArray(saved)) for (const c of checks) c.checked = saved.includes(c.value);
  } catch (e) { /* nothing saved: keep everything checked */ }
}

function keyBytes(base64url) {
  const padded = (base64url + "=".repeat((4 - base64url.length % 4) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

function sameKey(a, b) {
  if (!a || !b) return true; // browsers that do not tell: assume it is ours
  const x = new Uint8Array(a);
  return x.length === b.length && x.every((v, i) => v === b[i]);
}

async function post(url, data) {
  const r = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(data),
  });
  if (!r.ok) {
    let message = "";
    try { message = (await r.json()).error || ""; } catch (e) { /* not JSON */ }
    if (r.status === 401) message = T("notSignedIn");
    throw new Friendly(message || T("failed"));
  }
  return r.json();
}

async function registration() {
  // app.js registers the service worker; wait for it, but not forever.
  const timeout = new Promise((resolve) => setTimeout(() => resolve(null), 10000));
  return Promise.race([navigator.serviceWorker.ready, timeout]);
}

function showOn() {
  say(T("on"));
  onButton.hidden = true;
  offButton.hidden = false;
  hint(T("onHint"));
}

function showOff(text) {
  say(text || T("off"));
  onButton.hidden = false;
  offButton.hidden = true;
  hint("");
}

async function sendSubscription(sub) {
  const events = chosenEvents();
  await post(box.dataset.onUrl, { ...sub.toJSON(), events });
  localStorage.setItem(STORE_KEY, JSON.stringify(events));
}

async function turnOn() {
  onButton.disabled = true;
  try {
    say(T("wait"));
    const permission = await Notification.requestPermission();
    if (permission !== "granted") {
      showOff(T("notAllowed"));
      return;
    }
    const reg = await registration();
    if (!reg) { showOff(T("notReady")); return; }
    const r = await fetch(box.dataset.keyUrl, { credentials: "same-origin", headers: { accept: "application/json" } });
    if (!r.ok) throw new Friendly(T("onFailed"));
    const key = keyBytes((await r.json()).key);
    let sub = await reg.pushManager.getSubscription();
    if (sub && !sameKey(sub.options && sub.options.applicationServerKey, key)) {
      await sub.unsubscribe();
      sub = null;
    }
    if (!sub) sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
    await sendSubscription(sub);
    showOn();
  } catch (e) {
    showOff(e instanceof Friendly ? e.message : T("onFailed"));
  } finally {
    onButton.disabled = false;
  }
}

async function turnOff() {
  offButton.disabled = true;
  try {
    const reg = await registration();
    const sub = reg && await reg.pushManager.getSubscription();
    if (sub) {
      const endpoint = sub.endpoint;
      await sub.unsubscribe();
      await post(box.dataset.offUrl, { endpoint }).catch(() => {});
    }
    showOff(T("nowOff"));
  } catch (e) {
    say(T("offFailed"));
  } finally {
    offButton.disabled = false;
  }
}

async function choiceChanged() {
  localStorage.setItem(STORE_KEY, JSON.stringify(chosenEvents()));
  const reg = await registration();
  const sub = reg && await reg.pushManager.getSubscription();
  if (!sub) return;
  try {
    await sendSubscription(sub);
    say(T("saved"));
  } catch (e) {
    say(e instanceof Friendly ? e.message : T("saveFailed"));
  }
}

async function start() {
  if (!box) return;
  restoreEvents();
  if (!pushSupported()) {
    if (isIOS() && !installed()) {
      say(T("homeScreen"));
      hint(T("homeScreenHint"));
    } else {
      say(T("noSupport"));
      hint(T("noSupportHint"));
    }
    return;
  }
  onButton.addEventListener("click", turnOn);
  offButton.addEventListener("click", turnOff);
  for (const c of checks) c.addEventListener("change", choiceChanged);
  if (Notification.permission === "denied") {
    say(T("blocked"));
    hint(T("blockedHint"));
    return;
  }
  const reg = await registration();
  const sub = reg && await reg.pushManager.getSubscription();
  if (sub && Notification.permission === "granted") showOn();
  else showOff();
}

start().catch(() => showOff());
