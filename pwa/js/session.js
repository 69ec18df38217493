// A pupil's session on a shared tablet: signing out (leaving nothing readable behind, with
// or without network), signing out when the tablet was left alone, and asking the browser
// to keep the work.
"use strict";
import { currentPupil, forgetPupil, idleTooLong, signInPage, state, syncNow, touch } from "./local.js";

// Hide what the page shows at once: the next child must not see it, not even for a moment.
function blank() {
  const main = document.querySelector("main");
  if (main) main.replaceChildren();
  for (const el of document.querySelectorAll("[data-me]")) el.textContent = "";
}

let leaving = false;
export async function signOut() {
  if (leaving) return;
  leaving = true;
  const pupilId = await currentPupil();
  const next = await signInPage();
  blank();
  if (pupilId) {
    // Seal and forget first, on the device: this is the sign-out, whether school hears it
    // now or later. The sealed work then goes out with the device grant.
    await forgetPupil(pupilId);
    await Promise.race([syncNow().catch(() => {}), new Promise((r) => setTimeout(r, 3000))]);
  }
  try {
    await fetch("/uitloggen", { method: "POST", credentials: "same-origin", redirect: "manual" });
  } catch (e) { /* offline: the sign-out is delivered with the next sync */ }
  location.replace(next);
}

// Idle is measured from the last touch and checked whenever the app comes back: a tablet
// put away and picked up later shows the class page, never the previous pupil.
async function checkIdle() {
  if (!leaving && await idleTooLong()) signOut();
}

export function watchSession() {
  const form = document.getElementById("sign-out");
  if (form) {
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      form.querySelector("button").disabled = true;
      signOut();
    });
  }
  for (const type of ["pointerdown", "keydown", "input", "scroll"]) {
    window.addEventListener(type, touch, { passive: true, capture: true });
  }
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") checkIdle();
  });
  // Back to a page kept in the browser's memory (the back button): check who is signed in.
  // A page drawn for one pupil never shows again for anybody else.
  window.addEventListener("pageshow", async (e) => {
    if (!e.persisted) return;
    if ((await currentPupil()) !== state.pupil) { blank(); location.replace(await signInPage()); }
    else checkIdle();
  });
  setInterval(checkIdle, 30000);
}

// iPadOS (and other browsers when the disk is full) may wipe a site's storage, with work that
// was not sent yet, when the site is not installed or used for a while. Rugzak asks to keep it.
// Whether the browser said yes is for the teacher who sets up the tablet, not for the child
// at every edit: the class-code and class pages (templates/auth/class_code.html,
// class_names.html) hold a hidden #storage-note that shows while the answer is no, until the
// teacher taps "Begrepen" on this tablet (remembered in localStorage: no pupil data).
const NOTE_SEEN = "rugzak-storage-note-seen";

// ask: request it (the class-code page, where the teacher sets up the tablet); else only look
// (the class page: the request is made again when a pupil signs in, pwa/js/login.js).
export async function storageKept(ask) {
  if (!navigator.storage || !navigator.storage.persist) return true;  // nothing to ask
  try {
    return (await navigator.storage.persisted()) || (ask && await navigator.storage.persist());
  } catch (e) {
    return false;
  }
}

export async function storageNote() {
  const note = document.getElementById("storage-note");
  if (!note) return;
  let seen = false;
  try { seen = localStorage.getItem(NOTE_SEEN) === "1"; } catch (e) { /* private mode */ }
  const kept = seen || await storageKept(note.hasAttribute("data-ask"));
  note.dataset.checked = seen ? "seen" : kept ? "kept" : "not-kept";  // for tests and curious eyes
  if (kept) return;
  note.hidden = false;
  const ok = note.querySelector("[data-storage-ok]");
  if (ok) {
    ok.addEventListener("click", () => {
      note.hidden = true;
      try { localStorage.setItem(NOTE_SEEN, "1"); } catch (e) { /* shown again next time */ }
    });
  }
}

storageNote();
