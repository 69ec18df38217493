// A pupil's session on a shared tablet: signing out (leaving nothing readable behind),
// signing out when idle, and asking the browser to keep the work.
"use strict";
import { currentPupil, deviceRecord, forgetPupil, syncNow, unsentCount } from "./local.js";

const IDLE_MINUTES = 20;

export async function signOut() {
  const pupilId = await currentPupil();
  if (pupilId) {
    // Seal and forget first: closing the tab right after tapping must not leave work
    // readable. The sealed work then goes out with the device grant.
    await forgetPupil(pupilId);
    await Promise.race([syncNow().catch(() => {}), new Promise((r) => setTimeout(r, 3000))]);
  }
  const rec = pupilId ? await deviceRecord(pupilId) : null;
  try {
    await fetch("/uitloggen", { method: "POST", credentials: "same-origin", redirect: "manual" });
  } catch (e) { /* offline: the session cookie expires by itself; the data is gone already */ }
  location.href = rec && rec.class_code ? "/klas/" + rec.class_code : "/inloggen";
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
  // The next child must not find the last one's work: sign out after a quiet while.
  let last = Date.now();
  for (const type of ["pointerdown", "keydown", "input", "scroll"]) {
    window.addEventListener(type, () => { last = Date.now(); }, { passive: true });
  }
  setInterval(() => {
    if (Date.now() - last > IDLE_MINUTES * 60 * 1000) signOut();
  }, 30000);
}

// iPadOS may wipe a site's storage after 7 days unused: ask to keep it, and say so plainly
// when the browser refuses while work is still waiting to be sent.
let kept = null;
export async function storageWarning() {
  if (!navigator.storage || !navigator.storage.persist) return "";
  if (kept === null) {
    kept = (await navigator.storage.persisted()) || (await navigator.storage.persist().catch(() => false));
  }
  if (kept) return "";
  const n = await unsentCount(await currentPupil());
  return n ? "Let op: deze tablet bewaart je werk misschien niet lang. Zorg dat er snel weer internet is." : "";
}
