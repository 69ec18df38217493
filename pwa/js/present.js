// Mijn presentatie: the pupil chooses and orders what she shows in a conversation (the
// presentation portfolio: "_present" on each item, 1, 2, 3… or 0, synced like any answer),
// and presents it full screen, one item per screen, by tapping, swiping or the arrow keys.
// The photos of what she chose are kept in a cache of her own while there is internet, so
// she can present without it; it goes when she signs out (local.js, forgetPresentation).
"use strict";
import { date, el, itemsOf } from "./items.js";
import { onChange, PRESENT_CACHE, setField, start, state, view } from "./local.js";
import { picto } from "./pictos.js";
import { fillMe, showStatus } from "./status.js";

const catalog = JSON.parse(document.getElementById("catalog").textContent);
const { sheet, title, photos } = itemsOf(catalog);
const CACHE_PREFIX = PRESENT_CACHE;
const FACES = catalog.self_ratings;  // [key, pictogram, words] (worksheet_ops.SELF_RATINGS)

let pupilId = null;
let data = null;

const chosenOf = (items) => items.filter((i) => i.values._present > 0)
  .sort((a, b) => a.values._present - b.values._present);

// --- photos kept for her alone ---

function photoUrl(id) { return "/media/" + pupilId + "/" + id + "/groot"; }

async function keepPhotos(items) {
  if (!("caches" in self) || !state.online) return;
  const cache = await caches.open(CACHE_PREFIX + pupilId);
  const wanted = new Set(items.flatMap((i) => photos(i)).map(photoUrl));
  for (const request of await cache.keys()) {
    if (!wanted.has(new URL(request.url).pathname)) await cache.delete(request);
  }
  for (const url of wanted) {
    if (await cache.match(url)) continue;
    try {
      const r = await fetch(url, { credentials: "same-origin" });
      if (r.ok) await cache.put(url, r);
    } catch (e) { /* offline again: kept next time */ }
  }
}

async function photoSrc(id) {
  if ("caches" in self) {
    const hit = await (await caches.open(CACHE_PREFIX + pupilId)).match(photoUrl(id));
    if (hit) return URL.createObjectURL(await hit.blob());
  }
  return photoUrl(id);
}

// --- choosing ---

function upcomingTalk() {
  const now = new Date().toISOString().slice(0, 16);
  return (data.conversations || []).filter((c) => c.at >= now.slice(0, 10)).sort((a, b) => a.at.localeCompare(b.at))[0];
}

function renderTalk() {
  const talk = upcomingTalk();
  const section = document.getElementById("talk-section");
  section.hidden = !talk;
  if (!talk) return;
  document.getElementById("talk-h").textContent = (catalog.talk_titles || {})[talk.kind] || "Mijn gesprek";
  document.getElementById("talk-when").textContent = date(talk.at) + ", " + talk.at.slice(11, 16) +
    (talk.place ? " · " + talk.place : "");
  const list = document.getElementById("checklist");
  list.replaceChildren(...((catalog.talk_checklists || {})[talk.kind] || [])
    .map((line) => el("li", {}, picto("check"), " ", line)));
}

async function renumber(ordered) {
  for (const [n, item] of ordered.entries()) {
    if (item.values._present !== n + 1) await setField(pupilId, item.id, "_present", n + 1);
  }
}

async function toggle(item, on) {
  const chosen = chosenOf(data.items).filter((i) => i.id !== item.id);
  if (on) chosen.push(item);
  else await setField(pupilId, item.id, "_present", 0);
  await renumber(chosen);
}

async function move(item, delta) {
  const chosen = chosenOf(data.items);
  const i = chosen.findIndex((x) => x.id === item.id);
  const j = i + delta;
  if (j < 0 || j >= chosen.length) return;
  [chosen[i], chosen[j]] = [chosen[j], chosen[i]];
  await renumber(chosen);
}

function button(label, extra, onClick, cls = "btn small") {
  const b = el("button", { type: "button", class: cls }, label, el("span", { class: "sr-only" }, " " + extra));
  b.addEventListener("click", onClick);
  return b;
}

function row(item, chosen, index, count) {
  const name = title(item);
  const li = el("li", { class: "present-row" },
    el("span", { class: "present-name" }, el("strong", {}, name), el("span", { class: "when" }, sheet(item.worksheet).title)));
  const controls = el("span", { class: "row-buttons" });
  if (chosen) {
    if (index > 0) controls.append(button("Eerder", name, () => move(item, -1)));
    if (index < count - 1) controls.append(button("Later", name, () => move(item, 1)));
    controls.append(button("Niet laten zien", name, () => toggle(item, false)));
  } else {
    controls.append(button("Laten zien", name, () => toggle(item, true), "btn"));
  }
  li.append(controls);
  return li;
}

function render() {
  fillMe(data.pupil);
  const items = data.items.filter((i) => !i.deleted);
  const chosen = chosenOf(items);
  const others = items.filter((i) => !(i.values._present > 0))
    .sort((a, b) => (b.updated_at || "").localeCompare(a.updated_at || ""));
  const list = document.getElementById("chosen");
  list.removeAttribute("aria-busy");
  list.replaceChildren(...chosen.map((item, n) => row(item, true, n, chosen.length)));
  if (!chosen.length) list.append(el("li", { class: "hint" }, "Nog niets gekozen. Kies hieronder wat je wilt laten zien."));
  document.getElementById("all").replaceChildren(...others.map((item) => row(item, false, 0, 0)));
  document.getElementById("start-show").disabled = !chosen.length;
  document.getElementById("offline-note").hidden = !chosen.some((i) => photos(i).length);
  renderTalk();
  keepPhotos(chosen);
}

// --- presenting ---

let slides = [];
let at = 0;

// Where the conversation's kind asks for it, she rates each item on its own slide; the
// face is kept on the item ("_rating"), so her teacher sees it beside what she presented.
function rates() {
  const talk = upcomingTalk();
  return Boolean(talk && (catalog.talk_rating || []).includes(talk.kind));
}

function facesFor(item) {
  const question = "Hoe vind je dat dit ging?";
  const faces = el("div", { class: "show-faces", role: "group", "aria-label": question });
  for (const [key, icon, label] of FACES) {
    const b = el("button", { type: "button", class: "btn big show-face", "data-face": key,
      "aria-pressed": String(item.values._rating === key) }, picto(icon), el("span", {}, label));
    b.addEventListener("click", async () => {
      const again = item.values._rating === key;  // a second tap takes it back
      for (const other of faces.querySelectorAll("button")) {
        other.setAttribute("aria-pressed", String(other === b && !again));
      }
      item.values._rating = again ? "" : key;
      await setField(pupilId, item.id, "_rating", item.values._rating);
    });
    faces.append(b);
  }
  return el("div", { class: "show-rating" }, el("p", { class: "show-question" }, question), faces);
}

async function drawSlide() {
  const item = slides[at];
  const heading = document.getElementById("show-title");
  const body = document.getElementById("show-body");
  document.getElementById("show-count").textContent = (at + 1) + " van " + slides.length;
  document.getElementById("show-prev").disabled = at === 0;
  document.getElementById("show-next").disabled = at === slides.length - 1;
  body.replaceChildren();
  heading.textContent = title(item);
  body.append(el("p", { class: "show-sheet" }, sheet(item.worksheet).title));
  for (const id of photos(item).slice(0, 2)) {
    body.append(el("img", { class: "show-photo", alt: "Foto bij " + title(item), src: await photoSrc(id) }));
  }
  const answers = el("dl", { class: "show-answers" });
  for (const [name, label] of sheet(item.worksheet).texts || []) {
    const value = item.values[name];
    if (typeof value === "string" && value.trim()) answers.append(el("dt", {}, label), el("dd", {}, value));
  }
  if (answers.children.length) body.append(answers);
  if (rates()) body.append(facesFor(item));
  heading.focus();
}

function go(delta) {
  const next = at + delta;
  if (next < 0 || next >= slides.length) return;
  at = next;
  drawSlide();
}

async function openShow() {
  slides = chosenOf(data.items);
  if (!slides.length) return;
  at = 0;
  const show = document.getElementById("show");
  show.hidden = false;
  document.body.classList.add("presenting");
  if (show.requestFullscreen) show.requestFullscreen().catch(() => {});
  await drawSlide();
}

function closeShow() {
  document.getElementById("show").hidden = true;
  document.body.classList.remove("presenting");
  if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
  for (const img of document.querySelectorAll(".show-photo")) if (img.src.startsWith("blob:")) URL.revokeObjectURL(img.src);
  document.getElementById("start-show").focus();
}

function bindShow() {
  document.getElementById("start-show").addEventListener("click", openShow);
  document.getElementById("show-prev").addEventListener("click", () => go(-1));
  document.getElementById("show-next").addEventListener("click", () => go(1));
  document.getElementById("show-stop").addEventListener("click", closeShow);
  const show = document.getElementById("show");
  show.addEventListener("keydown", (e) => {
    if (e.key === "ArrowRight" || e.key === "PageDown") { e.preventDefault(); go(1); }
    if (e.key === "ArrowLeft" || e.key === "PageUp") { e.preventDefault(); go(-1); }
    if (e.key === "Escape") { e.preventDefault(); closeShow(); }
  });
  // A swipe: a horizontal move of a third of the screen at most, at least 60 px.
  let startX = null;
  show.addEventListener("pointerdown", (e) => { startX = e.clientX; });
  show.addEventListener("pointerup", (e) => {
    if (startX === null) return;
    const dx = e.clientX - startX;
    startX = null;
    if (Math.abs(dx) >= 60) go(dx < 0 ? 1 : -1);
  });
}

async function main() {
  bindShow();
  pupilId = await start();
  showStatus();
  if (!pupilId) return;
  const refresh = async () => { data = await view(pupilId); render(); };
  onChange(refresh);
  await refresh();
}

main();
