// Binds one worksheet item (its id is in the URL's #) into the form by field name, and
// turns every change into an operation. The page itself holds no personal data.
"use strict";
import { addPhoto, createItem, mediaBlob, onChange, setField, start, view } from "./local.js";
import { fillMe, showStatus } from "./status.js";
import { picto } from "./pictos.js";

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
  // One place of a cards field (templates/worksheets/fields/cards.html): the grid of cards
  // beside it fills it (bindCards); data-value holds a card's key or "__eigen__".
  cards: {
    empty: "",
    read: (slot) => {
      const value = slot.dataset.value || "";
      if (value !== "__eigen__") return value;
      const own = slot.querySelector("[data-other]").value.trim();
      return own ? OWN + own : "";
    },
    write: (slot, v) => {
      const own = slot.querySelector("[data-other]");
      if (v && v.startsWith(OWN)) { slot.dataset.value = "__eigen__"; own.value = v.slice(OWN.length); }
      else { slot.dataset.value = v || ""; if (own) own.value = ""; }
      showCards(slot.closest(".cards-pick"));
    },
  },
  // The top 3: places filled by tapping cards in order (bindRanking); "" keeps a place empty.
  ranking: {
    empty: [],
    savesItself: true,
    read: (box) => {
      const keys = [...box.querySelectorAll(".rank-place")].map((li) => li.dataset.key || "");
      while (keys.length && !keys[keys.length - 1]) keys.pop();
      return keys;
    },
    write: (box, v) => showRanking(box, v || []),
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

// --- cards you can hold: a grid of buttons (aria-pressed) that fills numbered places ---

const say = (box, text) => { const m = box.querySelector(".cards-msg"); if (m) m.textContent = text; };
const cardName = (grid, key) => {
  if (key.startsWith(OWN)) return key.slice(OWN.length);
  const card = grid.querySelector(`.qcard[data-key="${CSS.escape(key)}"] .qcard-name`);
  return card ? card.textContent : key;
};

// Show what a cards field holds: each place's card, and which cards in the grid are taken.
function showCards(field) {
  const slots = [...field.querySelectorAll(".card-slot")];
  const taken = new Map(slots.map((s, i) => [s.dataset.value, i + 1]));
  for (const card of field.querySelectorAll(".qcard:not(.own-card)")) {
    const place = taken.get(card.dataset.key);
    card.setAttribute("aria-pressed", place ? "true" : "false");
    card.querySelector(".qcard-mark").textContent = place ? String(place) : "";
    card.querySelector(".qcard-place").textContent = place ? "(kaart " + place + ")" : "";
  }
  slots.forEach((slot, i) => {
    const value = slot.dataset.value || "";
    const own = slot.querySelector(".own");
    slot.classList.toggle("filled", !!value);
    slot.querySelector(".slot-text").textContent = !value ? "nog niet gekozen"
      : value === "__eigen__" ? "je eigen kwaliteit" : cardName(field, value);
    slot.querySelector(".slot-clear").hidden = !value;
    if (own) own.hidden = value !== "__eigen__";
    const named = field.querySelector(`.situation-card[data-slot="${i + 1}"]`);
    if (named) {
      const text = value === "__eigen__" ? slot.querySelector("[data-other]").value.trim() : value ? cardName(field, value) : "";
      named.textContent = text || "Kaart " + (i + 1);
    }
  });
  const full = slots.every((s) => s.dataset.value);
  const ownCard = field.querySelector(".own-card");
  if (ownCard) ownCard.setAttribute("aria-disabled", full ? "true" : "false");
}

function bindCards(field) {
  const slots = [...field.querySelectorAll(".card-slot")];
  const put = (slot, value) => { slot.dataset.value = value; showCards(field); save(slot); };
  field.addEventListener("input", (e) => { if (e.target.matches("[data-other]")) showCards(field); });
  field.addEventListener("click", (e) => {
    const clear = e.target.closest(".slot-clear");
    if (clear) {
      const slot = clear.closest(".card-slot");
      const name = slot.querySelector(".slot-text").textContent;
      put(slot, "");
      say(field, name + " is teruggelegd.");
      field.querySelector(".cards-grid .qcard").focus();
      return;
    }
    const card = e.target.closest(".qcard");
    if (!card) return;
    const key = card.dataset.key;
    const name = card.querySelector(".qcard-name").textContent;
    const mine = slots.find((s) => s.dataset.value === key && key !== "__eigen__");
    if (mine) { put(mine, ""); say(field, name + " is teruggelegd."); return; }
    const free = slots.find((s) => !s.dataset.value);
    if (!free) {
      say(field, "Je hebt al " + slots.length + " kaarten gekozen. Tik eerst op een gekozen kaart om die terug te leggen.");
      return;
    }
    put(free, key);
    if (key === "__eigen__") {
      say(field, "Schrijf je eigen kwaliteit op bij kaart " + (slots.indexOf(free) + 1) + ".");
      free.querySelector("[data-other]").focus();
    } else {
      say(field, name + " is kaart " + (slots.indexOf(free) + 1) + ".");
    }
  });
}

// The top list: its places, and in both grids (the cards you two chose, all cards) which are placed.
function showRanking(box, keys) {
  box.querySelectorAll(".rank-place").forEach((li, i) => {
    const key = keys[i] || "";
    li.dataset.key = key;
    li.classList.toggle("filled", !!key);
    li.querySelector(".rank-text").textContent = key ? cardName(box, key) : "nog leeg";
    li.querySelector(".slot-clear").hidden = !key;
  });
  for (const card of box.querySelectorAll(".qcard")) {
    const place = keys.indexOf(card.dataset.key) + 1;
    card.setAttribute("aria-pressed", place ? "true" : "false");
    card.querySelector(".qcard-mark").textContent = place ? String(place) : "";
    card.querySelector(".qcard-place").textContent = place ? "(plaats " + place + ")" : "";
  }
}

function bindRanking(box) {
  const places = () => [...box.querySelectorAll(".rank-place")].map((li) => li.dataset.key || "");
  const set = (keys) => { showRanking(box, keys); save(box); };
  box.addEventListener("click", (e) => {
    const clear = e.target.closest(".slot-clear");
    if (clear) {
      const li = clear.closest(".rank-place");
      const keys = places();
      const name = cardName(box, li.dataset.key);
      keys[Number(li.dataset.place) - 1] = "";
      set(keys);
      say(box, name + " is teruggelegd.");
      box.querySelector(".qcard").focus();
      return;
    }
    const card = e.target.closest(".qcard");
    if (!card) return;
    const key = card.dataset.key;
    const name = cardName(box, key);
    const keys = places();
    const at = keys.indexOf(key);
    if (at >= 0) { keys[at] = ""; set(keys); say(box, name + " is teruggelegd."); return; }
    const free = keys.indexOf("");
    if (free < 0) {
      say(box, "Je top " + keys.length + " is vol. Tik eerst op een kaart in je top om die terug te leggen.");
      return;
    }
    keys[free] = key;
    set(keys);
    say(box, name + " staat nu op plaats " + (free + 1) + ".");
  });
}

// The cards the child and the parent chose (the ranking's from_fields), offered first.
function showOurCards(box) {
  const list = box.querySelector(".rank-ours");
  if (!list) return;
  const parent = (item.parent_part && item.parent_part.values) || {};
  const who = new Map();
  for (const source of (box.dataset.from || "").split(" ").filter(Boolean)) {
    const field = form.querySelector(`[data-cards="${CSS.escape(source)}"]`);
    const byParent = !field;  // the parent's cards field is not on the pupil's tablet
    const values = byParent ? parent : item.values;
    for (const [name, value] of Object.entries(values)) {
      if (!name.startsWith(source + ".") || name.endsWith(".situatie") || typeof value !== "string" || !value) continue;
      if (value === OWN) continue;
      const mark = who.get(value) || new Set();
      mark.add(byParent ? "parent" : "child");
      who.set(value, mark);
    }
  }
  list.replaceChildren();
  for (const [key, marks] of who) {
    const known = box.querySelector(`.rank-all .qcard[data-key="${CSS.escape(key)}"]`);
    let card;
    if (known) card = known.cloneNode(true);
    else {
      card = box.querySelector(".rank-all .qcard").cloneNode(true);
      card.dataset.key = key;
      card.querySelector(".picto")?.replaceWith(picto("pencil"));
      card.querySelector(".qcard-name").textContent = key.slice(OWN.length);
      card.querySelector(".qcard-hint").textContent = "een eigen kwaliteit";
    }
    // the copy gets ids of its own, and its name and description point at them
    const suffix = "-o" + list.children.length;
    for (const el of card.querySelectorAll("[id]")) el.id += suffix;
    for (const attr of ["aria-labelledby", "aria-describedby"]) {
      const ids = card.getAttribute(attr);
      if (ids) card.setAttribute(attr, ids.split(" ").map((x) => x + suffix).join(" "));
    }
    const by = card.querySelector(".qcard-by");
    by.hidden = false;
    by.textContent = marks.size > 1 ? "Jullie kozen hem allebei" : marks.has("parent") ? "Gekozen door je ouder" : "Gekozen door jou";
    const li = document.createElement("li");
    li.append(card);
    list.append(li);
  }
  box.querySelector(".rank-ours-block").hidden = !who.size;
  showRanking(box, binders.ranking.read(box));
}

// On the child's own cards: which ones the parent chose too.
function showParentCards() {
  const values = (item.parent_part && item.parent_part.values) || {};
  const chosen = new Set(Object.entries(values)
    .filter(([name, v]) => typeof v === "string" && !name.endsWith(".situatie"))
    .map(([, v]) => v));
  for (const card of form.querySelectorAll(".cards-pick .qcard:not(.own-card)")) {
    const by = card.querySelector(".qcard-by");
    if (by) {
      by.hidden = !chosen.has(card.dataset.key);
      by.textContent = by.hidden ? "" : "Je ouder koos deze ook";  // it is read as the card's description
    }
  }
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
    remove.className = "btn";
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
  showParentCards();
  for (const box of form.querySelectorAll(".field.ranking")) showOurCards(box);
}

// --- steps: one section per screen (#<item_id>/<step>; a bare #<item_id> is step 1) ---

const steps = [...form.querySelectorAll("section.step")];
let step = 1;

function hashParts() {
  const [id, n] = location.hash.slice(1).split("/");
  return { id, step: Math.min(Math.max(Number(n) || 1, 1), steps.length) };
}

function showStep(n, { focus = true, push = true } = {}) {
  step = n;
  for (const s of steps) s.classList.toggle("current", Number(s.dataset.step) === n);
  form.dataset.step = String(n);
  form.querySelectorAll(".step-dot").forEach((dot, i) => {
    dot.classList.toggle("current", i + 1 === n);
    dot.classList.toggle("done", i + 1 <= n);
  });
  form.querySelector(".step-n").textContent = String(n);
  form.querySelector(".step-prev").disabled = n === 1;
  form.querySelector(".step-next").hidden = n === steps.length;
  if (n === steps.length) showOverview();
  for (const box of steps[n - 1].querySelectorAll(".field.ranking")) showOurCards(box);
  if (push) history.pushState(null, "", "#" + item.id + (n > 1 ? "/" + n : ""));
  if (focus) {
    const heading = steps[n - 1].querySelector("h2");
    heading.focus({ preventScroll: true });
    form.scrollIntoView({ block: "start" });
  }
}

const isEmpty = (v) => v === null || v === undefined || v === "" || v === false
  || (Array.isArray(v) && !v.some((x) => x));

// The questions of a step: the outermost field around each stored value (a scale, a table
// of people and a cards field are one question each) with the values it holds.
function questions(section) {
  const found = new Map();
  for (const box of section.querySelectorAll("[data-name]")) {
    if (box.closest(".from-parent")) continue;
    let q = box.matches(".field") ? box : box.closest(".field") || box;
    for (let up = q.parentElement.closest(".field"); up && section.contains(up); up = up.parentElement.closest(".field")) q = up;
    if (!found.has(q)) found.set(q, []);
    found.get(q).push(box);
  }
  return found;
}

function questionLabel(q) {
  const el = q.querySelector(":scope > legend, :scope > label, :scope > .label") || q.querySelector("legend, label");
  return (el ? el.textContent : "").replace(/\s+/g, " ").trim();
}

function showOverview() {
  const list = form.querySelector(".open-list");
  list.replaceChildren();
  for (const section of steps.slice(0, -1)) {
    const n = Number(section.dataset.step);
    for (const [q, boxes] of questions(section)) {
      const empty = boxes.filter((b) => isEmpty(item.values[b.dataset.name]));
      const scale = q.matches(".scale");
      if (!(empty.length === boxes.length || (scale && empty.length))) continue;
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = "#" + item.id + (n > 1 ? "/" + n : "");
      a.className = "open-link";
      const where = document.createElement("span");
      where.className = "open-step";
      where.textContent = "Stap " + n;
      const what = document.createElement("span");
      what.textContent = questionLabel(q) + (scale && empty.length < boxes.length ? " (nog " + empty.length + " zinnen)" : "");
      a.append(where, what);
      a.addEventListener("click", (e) => {
        e.preventDefault();
        showStep(n, { focus: false });
        const target = boxes.find((b) => isEmpty(item.values[b.dataset.name])) || boxes[0];
        const control = target.querySelector("input:not([type=hidden]):not(.photo-input), textarea, select, button") || target;
        (control.closest(".cards-pick") ? control.closest(".cards-pick").querySelector(".qcard") : control).focus();
        q.scrollIntoView({ block: "center" });
      });
      li.append(a);
      list.append(li);
    }
  }
  form.querySelector(".overview-open").hidden = !list.children.length;
  form.querySelector(".overview-done").hidden = !!list.children.length;
}

function bindSteps() {
  form.querySelector(".step-prev").addEventListener("click", () => showStep(Math.max(1, step - 1)));
  form.querySelector(".step-next").addEventListener("click", () => showStep(Math.min(steps.length, step + 1)));
  const follow = () => {
    const where = hashParts();
    if (where.id !== item.id) { location.reload(); return; }
    if (where.step !== step) showStep(where.step, { push: false });
  };
  window.addEventListener("popstate", follow);
  window.addEventListener("hashchange", follow);
}

// The pupil's first name where the sheet asks for it (the HTML carries no personal data).
function fillName(pupil) {
  const box = form.querySelector('[data-name="naam"][data-kind="text"]');
  if (!box || !pupil || !pupil.first_name || !isEmpty(item.values.naam)) return;
  box.querySelector("input").value = pupil.first_name;
  save(box);
}

// Opdracht 1 of "Een school die past" starts from the advice the school shared (the snapshot's
// advice_levels); she can still change it: it is filled only while she has not answered.
function fillAdvice(levels) {
  const box = form.querySelector('[data-name="voorlopig-advies"]');
  if (!box || !levels.length || !isEmpty(item.values["voorlopig-advies"])) return;
  binderOf(box).write(box, levels);
  save(box);
  const note = document.createElement("p");
  note.className = "hint from-advice";
  note.textContent = "Dit is ingevuld uit je schooladvies. Denk je er anders over? Verander het gerust.";
  box.append(note);
}

// A new item opened from another page may start with answers it knows (her open-day visit:
// the school and the day); only fields of this sheet, and she can still change them.
function fillFrom(params) {
  for (const [name, value] of params) {
    const box = form.querySelector(`[data-name="${CSS.escape(name)}"]`);
    if (!box || !value || !isEmpty(item.values[name])) continue;
    binderOf(box).write(box, value);
    save(box);
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

let me = null;
let adviceLevels = [];

async function load() {
  const data = await view(pupilId);
  fillMe(data.pupil);
  me = data.pupil;
  adviceLevels = data.advice_levels || [];
  return data.items.find((i) => i.id === hashParts().id) || null;
}

async function main() {
  pupilId = await start();
  showStatus();
  if (!pupilId) return;
  let id = hashParts().id;
  const fresh = !id;
  const given = new URLSearchParams(location.search);
  if (fresh) {
    id = await createItem(pupilId, form.dataset.worksheet);
    history.replaceState(null, "", location.pathname + "#" + id);  // a reload fills nothing twice
  }
  item = await load();
  if (!item || item.worksheet !== form.dataset.worksheet) {
    form.querySelector(".missing").hidden = false;
    for (const s of form.querySelectorAll("section, .step-bar, .step-nav")) s.hidden = true;
    ready();
    return;
  }
  fill();
  for (const box of form.querySelectorAll("[data-name]")) bind(box);
  for (const field of form.querySelectorAll(".cards-pick")) bindCards(field);
  for (const box of form.querySelectorAll(".field.ranking")) bindRanking(box);
  fillName(me);
  fillAdvice(adviceLevels);
  if (fresh) fillFrom(given);
  bindSteps();
  const first = hashParts().step;
  if (first !== 1) showStep(first, { push: false, focus: false });
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
