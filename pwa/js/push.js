// The parent's "Meldingen" page: turn push notifications on or off for this device.
// Permission is only asked after the parent taps "Meldingen aan" (browsers require a tap,
// and asking out of the blue makes people say no for good).
"use strict";

const STORE_KEY = "rugzak-push-events";
const box = document.getElementById("push");
const statusLine = document.getElementById("push-status");
const onButton = document.getElementById("push-on");
const offButton = document.getElementById("push-off");
const help = document.getElementById("push-help");
const checks = Array.from(document.querySelectorAll("#push-events input[type=checkbox]"));

class Friendly extends Error {} // a Dutch message meant for the parent

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
    if (r.status === 401) message = "U bent niet meer ingelogd. Log opnieuw in en probeer het nog eens.";
    throw new Friendly(message || "Het lukte niet. Probeer het later opnieuw.");
  }
  return r.json();
}

async function registration() {
  // app.js registers the service worker; wait for it, but not forever.
  const timeout = new Promise((resolve) => setTimeout(() => resolve(null), 10000));
  return Promise.race([navigator.serviceWorker.ready, timeout]);
}

function showOn() {
  say("✓ Meldingen staan aan op dit apparaat.");
  onButton.hidden = true;
  offButton.hidden = false;
  hint("U kunt hierboven kiezen waarover. Uw keuze wordt meteen bewaard.");
}

function showOff(text) {
  say(text || "Meldingen staan uit op dit apparaat.");
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
    say("Even geduld…");
    const permission = await Notification.requestPermission();
    if (permission !== "granted") {
      showOff("U heeft meldingen niet toegestaan. U kunt dit later aanzetten in de instellingen van uw browser.");
      return;
    }
    const reg = await registration();
    if (!reg) { showOff("Rugzak is nog niet klaar op dit apparaat. Laad de pagina opnieuw en probeer het nog eens."); return; }
    const r = await fetch(box.dataset.keyUrl, { credentials: "same-origin", headers: { accept: "application/json" } });
    if (!r.ok) throw new Friendly("Het lukte niet om meldingen aan te zetten. Probeer het later opnieuw.");
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
    showOff(e instanceof Friendly ? e.message :
      "Het lukte niet om meldingen aan te zetten. Probeer het later opnieuw.");
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
    showOff("Meldingen staan nu uit op dit apparaat.");
  } catch (e) {
    say("Het lukte niet om meldingen uit te zetten. Probeer het later opnieuw.");
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
    say("✓ Uw keuze is bewaard.");
  } catch (e) {
    say(e instanceof Friendly ? e.message : "Uw keuze kon niet bewaard worden. Probeer het later opnieuw.");
  }
}

async function start() {
  if (!box) return;
  restoreEvents();
  if (!pushSupported()) {
    if (isIOS() && !installed()) {
      say("Zet Rugzak eerst op uw beginscherm.");
      hint("Tik in Safari op de knop Delen (het vierkantje met het pijltje) en kies " +
        "'Zet op beginscherm'. Open Rugzak daarna vanaf uw beginscherm en kom terug op deze pagina.");
    } else {
      say("Deze browser kan geen meldingen ontvangen.");
      hint("Probeer het met een nieuwere versie van Chrome, Firefox, Edge of Safari.");
    }
    return;
  }
  onButton.addEventListener("click", turnOn);
  offButton.addEventListener("click", turnOff);
  for (const c of checks) c.addEventListener("change", choiceChanged);
  if (Notification.permission === "denied") {
    say("Meldingen zijn geblokkeerd voor Rugzak.");
    hint("Zet meldingen voor deze website aan in de instellingen van uw browser en laad de pagina opnieuw.");
    return;
  }
  const reg = await registration();
  const sub = reg && await reg.pushManager.getSubscription();
  if (sub && Notification.permission === "granted") showOn();
  else showOff();
}

start().catch(() => showOff());
