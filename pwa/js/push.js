// The parent's "Meldingen" page: turn push notifications on or off for this device.
// Permission is only asked after the parent taps "Meldingen aan" (browsers require a tap,
// and asking out of the blue makes people say no for good).
"use strict";

// Status texts in the page's language (<html lang>); Dutch when there is no English.
const TEXTS = {
  nl: {
    notSignedIn: "U bent niet meer ingelogd. Log opnieuw in en probeer het nog eens.",
    failed: "Het lukte niet. Probeer het later opnieuw.",
    on: "✓ Meldingen staan aan op dit apparaat.",
    onHint: "U kunt hierboven kiezen waarover. Uw keuze wordt meteen bewaard.",
    off: "Meldingen staan uit op dit apparaat.",
    wait: "Even geduld…",
    notAllowed: "U heeft meldingen niet toegestaan. U kunt dit later aanzetten in de instellingen van uw browser.",
    notReady: "Rugzak is nog niet klaar op dit apparaat. Laad de pagina opnieuw en probeer het nog eens.",
    onFailed: "Het lukte niet om meldingen aan te zetten. Probeer het later opnieuw.",
    nowOff: "Meldingen staan nu uit op dit apparaat.",
    offFailed: "Het lukte niet om meldingen uit te zetten. Probeer het later opnieuw.",
    saved: "✓ Uw keuze is bewaard.",
    saveFailed: "Uw keuze kon niet bewaard worden. Probeer het later opnieuw.",
    homeScreen: "Zet Rugzak eerst op uw beginscherm.",
    homeScreenHint: "Tik in Safari op de knop Delen (het vierkantje met het pijltje) en kies 'Zet op beginscherm'. Open Rugzak daarna vanaf uw beginscherm en kom terug op deze pagina.",
    noSupport: "Deze browser kan geen meldingen ontvangen.",
    noSupportHint: "Probeer het met een nieuwere versie van Chrome, Firefox, Edge of Safari.",
    blocked: "Meldingen zijn geblokkeerd voor Rugzak.",
    blockedHint: "Zet meldingen voor deze website aan in de instellingen van uw browser en laad de pagina opnieuw.",
  },
  en: {
    notSignedIn: "You are no longer signed in. Please sign in again and try once more.",
    failed: "That did not work. Please try again later.",
    on: "✓ Notifications are on for this device.",
    onHint: "You can choose above what they are about. Your choice is saved straight away.",
    off: "Notifications are off for this device.",
    wait: "One moment…",
    notAllowed: "You did not allow notifications. You can turn them on later in your browser settings.",
    notReady: "Rugzak is not ready yet on this device. Please reload the page and try again.",
    onFailed: "Notifications could not be turned on. Please try again later.",
    nowOff: "Notifications are now off for this device.",
    offFailed: "Notifications could not be turned off. Please try again later.",
    saved: "✓ Your choice has been saved.",
    saveFailed: "Your choice could not be saved. Please try again later.",
    homeScreen: "First add Rugzak to your home screen.",
    homeScreenHint: "In Safari, tap the Share button (the square with the arrow) and choose 'Add to Home Screen'. Then open Rugzak from your home screen and come back to this page.",
    noSupport: "This browser cannot receive notifications.",
    noSupportHint: "Please try a newer version of Chrome, Firefox, Edge or Safari.",
    blocked: "Notifications are blocked for Rugzak.",
    blockedHint: "Turn on notifications for this website in your browser settings and reload the page.",
  },
};
const LANG = (document.documentElement.lang || "nl").toLowerCase().split("-")[0];
function T(key) { return (TEXTS[LANG] && TEXTS[LANG][key]) || TEXTS.nl[key]; }

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
