// The sync line: one calm line of fixed height at the top of every pupil page that says
// whether her work has reached school. It never grows and never pushes the page: the words
// change, the box does not. States (data-state, each with its own pictogram in shell.html):
//   school   "Alles is op school"                               everything was sent
//   tablet   "Bewaard op deze tablet"                           waiting to be sent, online
//   offline  "Geen internet — je werk is veilig op deze tablet"  no network (said at once)
//   sending  "Bezig met versturen…"                             after "Nu versturen"
//   problem  school's own words (state.lastError), for a few seconds, then the line again
//   signedout "Log opnieuw in. Je werk blijft op deze tablet."
// How many changes wait is in data-unsent (for the curious and for tests), not in the words.
// The browser's storage warning is not for the child: see storageNote() in session.js.
"use strict";
import { currentPupil, deviceRecord, keepLoginPages, onChange, state, syncNow, unsentCount } from "./local.js";
import { watchSession } from "./session.js";

export const TEXTS = {
  school: "Alles is op school",
  tablet: "Bewaard op deze tablet",
  offline: "Geen internet — je werk is veilig op deze tablet",
  sending: "Bezig met versturen…",
  signedout: "Log opnieuw in. Je werk blijft op deze tablet.",
};
const PROBLEM_MS = 6000;  // how long school's message stays before the line says its state again

export function showStatus() {
  const box = document.getElementById("sync-status");
  if (!box) return;
  const text = box.querySelector(".sync-text");
  const button = document.getElementById("sync-now");
  let sending = false;
  let problem = "";
  let problemTimer = null;

  // Only what changes is written: a screen reader hears a new state once, not every edit.
  function show(kind, words) {
    if (box.dataset.state !== kind) box.dataset.state = kind;
    if (text.textContent !== words) text.textContent = words;
  }

  async function update() {
    const n = await unsentCount(await currentPupil());
    if (box.dataset.unsent !== String(n)) box.dataset.unsent = String(n);
    if (state.lastError) {  // school refused something or is full: the child reads it, briefly
      problem = state.lastError;
      state.lastError = "";
      clearTimeout(problemTimer);
      problemTimer = setTimeout(() => { problem = ""; update(); }, PROBLEM_MS);
    }
    const offline = !state.online || navigator.onLine === false;
    // The button stays in the line (its place is kept, so nothing moves); it shows only when
    // there is something to send and she is signed in. Offline it is a "try again" for a
    // tablet that does not notice the network came back.
    // While school's message shows, the message gets the whole line.
    button.hidden = n === 0 || state.signedOut || Boolean(problem);
    if (state.signedOut) show("signedout", TEXTS.signedout);
    else if (problem) show("problem", problem);
    else if (sending && n > 0) show("sending", TEXTS.sending);
    else if (offline && n > 0) show("offline", TEXTS.offline);
    else if (n > 0) show("tablet", TEXTS.tablet);
    else if (offline) show("offline", TEXTS.offline);
    else show("school", TEXTS.school);
  }

  button.addEventListener("click", async () => {
    sending = true;
    update();
    try { await syncNow(); } finally { sending = false; update(); }
  });
  // Right when the connection drops (or comes back), not at the next failed send.
  window.addEventListener("offline", () => { state.online = false; update(); });
  window.addEventListener("online", update);
  onChange(update);
  update();
  watchSession();
  currentPupil().then(deviceRecord).then(keepLoginPages).catch(() => {});
  return update;
}

export function fillMe(pupil) {
  if (!pupil) return;
  for (const el of document.querySelectorAll("[data-me]")) el.textContent = pupil[el.dataset.me] || "";
  for (const el of document.querySelectorAll("[data-me-href]")) {
    el.href = el.dataset.meHref.replace("{id}", encodeURIComponent(pupil.id));
  }
}
