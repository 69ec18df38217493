// The always-visible line that tells a pupil whether everything has reached school.
"use strict";
import { currentPupil, deviceRecord, keepLoginPages, onChange, state, syncNow, unsentCount } from "./local.js";
import { storageWarning, watchSession } from "./session.js";

export function showStatus() {
  const box = document.getElementById("sync-status");
  if (!box) return;
  const text = box.querySelector(".sync-text");
  const button = document.getElementById("sync-now");
  button.addEventListener("click", () => { text.textContent = "Bezig met versturen…"; syncNow(); });
  async function update() {
    const n = await unsentCount(await currentPupil());
    box.classList.toggle("waiting", n > 0);
    button.hidden = n === 0;
    if (state.signedOut) {
      text.textContent = "Je bent uitgelogd. Log opnieuw in; je werk blijft op deze tablet bewaard.";
    } else if (n === 0) {
      text.textContent = "✓ Alles is bewaard op school.";
    } else {
      const what = n === 1 ? "1 wijziging" : n + " wijzigingen";
      text.textContent = state.online
        ? what + " nog niet verstuurd."
        : "Geen internet. " + what + " veilig bewaard op deze tablet; we versturen ze later.";
    }
    const warning = await storageWarning();
    if (warning) text.textContent += " " + warning;
    if (state.lastError) {
      text.textContent += " " + state.lastError;
      state.lastError = "";
    }
  }
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
