// Binds one worksheet item (its id is in the URL's #) into the form by field name, and
// turns every change into an operation. The page itself holds no personal data.
"use strict";
import { addPhoto, createItem, mediaBlob, onChange, setField, start, view } from "./local.js";
import { fillMe, showStatus } from "./status.js";

const form = document.getElementById("worksheet");
const OWN = "eigen:";
let pupilId = null;
let item = null;
const objectUrls = [];

// --- one binder per field type (server/worksheets/fields/): how the controls of one stored
// value (data-name, data-kind="<binder>") are read and written ---
//   read(box)         the value the controls hold
//   write(box, v)     show v in the controls
//   empty             the value of an unanswered box
//   change(box, e)    what a change does besides saving (optional)
//   savesItself       true: typing and changes do not save, the binder saves when it is done

const text = {
  empty: "",
  read: (box) => box.querySelector("input, textarea").value,
  write: (box, v) => { box.querySelector("input, textarea").value = v || ""; },
};

const radio = {
  empty: "",
  read: (box) => {
    const checked = box.querySelector(`input[type=radio][name="${CSS.escape(box.dataset.name)}"]:checked`);
    if (!checked) return "";
    if (checked.value === "__anders__") return box.querySelector("[data-other]").value;
    return checked.value;
  },
  write: (box, v) => {
    const radios = [...box.querySelectorAll("input[type=radio]")];
    const match = radios.find((r) => r.value === v);
    for (const r of radios) r.checked = r === match;
    const other = box.querySelector("[data-other]");
    if (!match && v && other) {
      radios.find((r) => r.value === "__anders__").checked = true;
      other.value = v;
    }
  },
  change: (box, e) => { if (e.target.value === "__anders__") box.querySelector("[data-other]").focus(); },
};

const binders = {
  text,
  longtext: text,
  date: text,
  people: text,
  yesno: radio,
  choice: radio,
  scale: radio,
  multichoice: {
    empty: [],
    read: (box) => [...box.querySelectorAll("input[type=checkbox]:checked")].map((c) => c.value),
    write: (box, v) => {
      const chosen = new Set(v || []);
      for (const c of box.querySelectorAll("input[type=checkbox]")) c.checked = chosen.has(c.value);
      limitChecks(box);
    },
    change: (box) => limitChecks(box),
  },
  cards: {
    empty: "",
    read: (box) => {
      const value = box.querySelector("select").value;
      if (value !== "__eigen__") return value;
      const own = box.querySelector("[data-other]").value.trim();
      return own ? OWN + own : "";
    },
    write: (box, v) => {
      const select = box.querySelector("select");
      const own = box.querySelector("[data-other]");
      if (v && v.startsWith(OWN)) { select.value = "__eigen__"; own.value = v.slice(OWN.length); }
      else { select.value = v || ""; if (own) own.value = ""; }
      if (own) own.closest(".own").hidden = select.value !== "__eigen__";
    },
    change: (box, e) => {
      const own = box.querySelector(".own");
      if (!own) return;
      own.hidden = box.querySelector("select").value !== "__eigen__";
      if (!own.hidden && e.target.matches("select")) own.querySelector("input").focus();
    },
  },
  ranking: {
    empty: [],
    savesItself: true,
    read: (box) => [...box.querySelectorAll(".rank-list li")].map((li) => li.dataset.key),
    write: (box, v) => renderRanking(box, v || []),
    change: (box, e) => {
      if (!e.target.matches(".rank-add")) return;
      const keys = binders.ranking.read(box);
      if (e.target.value && !keys.includes(e.target.value)) renderRanking(box, [...keys, e.target.value]);
      e.target.value = "";
      save(box);
    },
  },
  photos: {
    empty: [],
    savesItself: true,
    read: (box) => [...box.querySelectorAll(".thumbs li")].map((li) => li.dataset.id),
    write: (box, v) => renderPhotos(box, v || []),
    change: (box, e) => { if (e.target.matches(".photo-input")) takePhoto(box, e.target); },
  },
  signature: {
    empty: null,
    read: (box) => {
      const naam = box.querySelector("[data-sign=naam]").value.trim();
      const ok = box.querySelector("[data-sign=bevestigd]").checked;
      if (!naam || !ok) return null;
      const before = item.values[box.dataset.name];
      return { naam, bevestigd: true, op: before && before.naam === naam ? before.op : new Date().toISOString() };
    },
    write: (box, v) => {
      box.querySelector("[data-sign=naam]").value = v ? v.naam : box.querySelector("[data-sign=naam]").value;
      box.querySelector("[data-sign=bevestigd]").checked = !!v;
      box.querySelector(".signed-at").textContent = v ? "Getekend op " + new Date(v.op).toLocaleString("nl-NL") : "";
    },
  },
  // Not field types: the worksheet's own switches (templates/pupil/worksheet.html).
  flag: {
    empty: false,
    read: (box) => box.querySelector("input").checked,
    write: (box, v) => { box.querySelector("input").checked = !!v; },
  },
  status: {
    empty: "bezig",
    read: (box) => (box.querySelector("input").checked ? "klaar" : "bezig"),
    write: (box, v) => { box.querySelector("input").checked = v === "klaar"; },
  },
};

const binderOf = (box) => binders[box.dataset.kind];
const emptyOf = (box) => binderOf(box).empty;

function limitChecks(box) {
  const max = Number(box.dataset.max || 0);
  if (!max) return;
  const boxes = [...box.querySelectorAll("input[type=checkbox]")];
  const n = boxes.filter((c) => c.checked).length;
  for (const c of boxes) c.disabled = !c.checked && n >= max;
}

function rankLabel(box, key) {
  if (key.startsWith(OWN)) return key.slice(OWN.length);
  const span = box.querySelector(".rank-labels").content.querySelector(`[data-key="${CSS.escape(key)}"]`);
  return span ? span.textContent : key;
}

function renderRanking(box, keys) {
  const list = box.querySelector(".rank-list");
  list.replaceChildren();
  keys.forEach((key, i) => {
    const li = document.createElement("li");
    li.dataset.key = key;
    const label = document.createElement("span");
    label.textContent = rankLabel(box, key);
    li.append(label);
    for (const [text, name, delta] of [["↑", "Hoger", -1], ["↓", "Lager", 1], ["✕", "Weghalen", 0]]) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "btn small";
      b.textContent = text;
      b.setAttribute("aria-label", name + ": " + label.textContent);
      b.disabled = (delta === -1 && i === 0) || (delta === 1 && i === keys.length - 1);
      b.addEventListener("click", () => {
        const next = keys.slice();
        if (delta === 0) next.splice(i, 1);
        else [next[i], next[i + delta]] = [next[i + delta], next[i]];
        renderRanking(box, next);
        save(box);
        const again = box.querySelectorAll(".rank-list li")[delta === 0 ? Math.max(0, i - 1) : i + delta];
        if (again) again.querySelector("button").focus();
      });
      li.append(b);
    }
    list.append(li);
  });
  const add = box.querySelector(".rank-add");
  add.disabled = keys.length >= Number(box.dataset.count);
}

async function renderPhotos(box, ids) {
  const list = box.querySelector(".thumbs");
  list.replaceChildren();
  for (const id of ids) {
    const li = document.createElement("li");
    li.dataset.id = id;
    const img = document.createElement("img");
    img.alt = "Foto " + (list.children.length + 1);
    const blob = await mediaBlob(pupilId, id);
    if (blob) { const url = URL.createObjectURL(blob); objectUrls.push(url); img.src = url; }
    else img.src = "/media/" + pupilId + "/" + id + "/klein";
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "btn small";
    remove.textContent = "Weghalen";
    remove.setAttribute("aria-label", "Foto " + (list.children.length + 1) + " weghalen");
    remove.addEventListener("click", () => { li.remove(); save(box); });
    li.append(img, remove);
    list.append(li);
  }
  box.querySelector(".photo-btn").hidden = ids.length >= Number(box.dataset.max);
}


// --- saving ---

const timers = new Map();
function save(box, delay = 0) {
  clearTimeout(timers.get(box));
  timers.set(box, setTimeout(() => {
    const name = box.dataset.name;
    const value = binderOf(box).read(box);
    if (JSON.stringify(value) === JSON.stringify(item.values[name] ?? emptyOf(box))) return;
    item.values[name] = value;
    setField(pupilId, item.id, name, value);
  }, delay));
}

function bind(box) {
  const binder = binderOf(box);
  // straight into the outbox: a reload or a closed tab loses nothing
  box.addEventListener("input", () => { if (!binder.savesItself) save(box); });
  box.addEventListener("change", (e) => {
    if (binder.change) binder.change(box, e);
    if (!binder.savesItself) save(box);
  });
}

async function takePhoto(box, input) {
  const file = input.files[0];
  input.value = "";
  if (!file) return;
  const error = box.querySelector(".photo-error");
  error.hidden = true;
  if (!file.type.startsWith("image/") && !/\.(heic|heif)$/i.test(file.name)) {
    error.textContent = "Dit bestand is geen foto. Kies een foto.";
    error.hidden = false;
    return;
  }
  if (file.size > 20 * 1024 * 1024) {
    error.textContent = "Deze foto is te groot. Een foto mag maximaal 20 MB zijn.";
    error.hidden = false;
    return;
  }
  const id = await addPhoto(pupilId, file);
  const ids = binders.photos.read(box);
  if (!ids.includes(id)) await renderPhotos(box, [...ids, id]);
  save(box);
}

// --- conflicts: both versions shown, the pupil chooses ---

function showConflicts() {
  const box = form.querySelector(".conflicts");
  box.replaceChildren();
  const open = item.conflicts || [];
  box.hidden = !open.length;
  for (const c of open) {
    const field = form.querySelector(`[data-name="${CSS.escape(c.field)}"]`);
    const label = field ? (field.querySelector("label, legend")?.textContent || c.field) : c.field;
    const div = document.createElement("div");
    div.className = "conflict card";
    const h = document.createElement("h2");
    h.textContent = "Er is een andere versie van een antwoord";
    const p = document.createElement("p");
    p.textContent = "Bij “" + label.trim() + "” heb je op twee tablets iets anders ingevuld. Welke wil je houden?";
    div.append(h, p);
    const atSchool = (item.current || item.values)[c.field];
    for (const [text, value] of [["Deze versie", atSchool], ["De andere versie", c.value]]) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "btn";
      const shown = typeof value === "string" ? value : JSON.stringify(value);
      b.textContent = text + ": " + (shown || "(leeg)");
      b.addEventListener("click", async () => {
        await setField(pupilId, item.id, c.field, value);
        item.conflicts = item.conflicts.filter((x) => x !== c);
        item.values[c.field] = value;
        if (field) binderOf(field).write(field, value);
        showConflicts();
      });
      div.append(b);
    }
    box.append(div);
  }
}

// --- the parent's part: filled in on the parent's phone, shown here read-only ---

const day = (iso) => new Date(iso).toLocaleDateString("nl-NL", { day: "numeric", month: "long", year: "numeric" });

function answerText(value, labels) {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return "–";
  if (Array.isArray(value)) return value.map((v) => answerText(v, labels)).join(", ");
  if (typeof value === "object") {
    return value.naam ? "Getekend door " + value.naam + (value.op ? " op " + day(value.op) : "") : "–";
  }
  const text = String(value);
  if (text.startsWith(OWN)) return text.slice(OWN.length);
  return labels[text] || text;
}

function showParentPart() {
  const part = item.parent_part;
  const values = (part && part.values) || {};
  for (const row of form.querySelectorAll("[data-answer]")) {
    row.querySelector("dd").textContent = answerText(values[row.dataset.answer], JSON.parse(row.dataset.labels || "{}"));
  }
  const who = part ? part.adult_name + (part.relation ? " (" + part.relation + ")" : "") : "";
  for (const block of form.querySelectorAll(".from-parent")) {
    block.querySelector(".parent-status").textContent = !part
      ? "Je ouder heeft dit nog niet ingevuld."
      : "Ingevuld door " + who + (part.signed_at
        ? ", getekend op " + day(part.signed_at) + "."
        : ", nog niet getekend.");
    block.querySelector("details").open = !!part;
  }
}

// --- start ---

function fill() {
  for (const box of form.querySelectorAll("[data-name]")) {
    const v = item.values[box.dataset.name];
    binderOf(box).write(box, v ?? emptyOf(box));
  }
  showParentPart();
  showConflicts();
}

async function load() {
  const data = await view(pupilId);
  fillMe(data.pupil);
  return data.items.find((i) => i.id === location.hash.slice(1)) || null;
}

async function main() {
  pupilId = await start();
  showStatus();
  if (!pupilId) return;
  let id = location.hash.slice(1);
  if (!id) {
    id = await createItem(pupilId, form.dataset.worksheet);
    history.replaceState(null, "", "#" + id);
  }
  item = await load();
  if (!item || item.worksheet !== form.dataset.worksheet) {
    form.querySelector(".missing").hidden = false;
    for (const s of form.querySelectorAll("section")) s.hidden = true;
    ready();
    return;
  }
  fill();
  for (const box of form.querySelectorAll("[data-name]")) bind(box);
  ready();
  // When the server's answer arrives (new revisions, conflicts), refresh what is not being typed.
  onChange(async () => {
    const fresh = await load();
    if (!fresh) return;
    const conflictsChanged = JSON.stringify(fresh.conflicts) !== JSON.stringify(item.conflicts);
    const partChanged = JSON.stringify(fresh.parent_part) !== JSON.stringify(item.parent_part);
    item.revs = fresh.revs;
    item.conflicts = fresh.conflicts;
    item.parent_part = fresh.parent_part;
    item.current = fresh.values;  // what school has now: one side of a conflict
    if (partChanged) showParentPart();
    if (conflictsChanged) showConflicts();
  });
  form.addEventListener("submit", (e) => e.preventDefault());
}

function ready() {
  form.inert = false;
  form.removeAttribute("aria-busy");
}

window.addEventListener("pagehide", () => { for (const u of objectUrls) URL.revokeObjectURL(u); });
main();
