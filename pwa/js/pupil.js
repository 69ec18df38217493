// Mijn rugzak: the pupil's home, built from the data on this device (IndexedDB), so it works
// without a network. Order: "Nu doen" (due and open now), "Maken" (static in the page),
// "Mijn werk", then what comes from home, the growth picture and "Mijn jaar" (the year plan).
// The page itself is the same for every pupil; only this script puts her data in.
"use strict";
import { createItem, onChange, setField, start, view } from "./local.js";
import { date, el, itemsOf, MONTHS } from "./items.js";
import { picto } from "./pictos.js";
import { fillMe, showStatus } from "./status.js";

const catalog = JSON.parse(document.getElementById("catalog").textContent);
const { sheet, ownTitle, title, firstPhoto } = itemsOf(catalog);
const WEEKDAYS = ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"];
const SCHOOL_MONTHS = [9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7];
const NOW_ROWS = 3;  // "Nu doen" keeps room for this many rows (see home.html)
const LATE_DAYS = 30;  // a home assignment this long past its date is no longer "Nu doen"

// --- dates in a child's words ---

function localDay(d) { return new Date(d.getFullYear(), d.getMonth(), d.getDate()); }

// "2026-05-14" or "2026-05-14T14:30" as a local date (no zone: the school's own time).
function parseLocal(text) {
  const [y, m, d] = text.slice(0, 10).split("-").map(Number);
  return new Date(y, m - 1, d);
}

function daysFrom(today, text) {
  return Math.round((parseLocal(text) - localDay(today)) / 86400000);
}

function dayName(text) {
  const d = parseLocal(text);
  return WEEKDAYS[d.getDay()] + " " + d.getDate() + " " + MONTHS[d.getMonth()];
}

// "za 5 dec": short enough to sit beside the badge on a phone.
function shortDay(text) {
  const d = parseLocal(text);
  return WEEKDAYS[d.getDay()].slice(0, 2) + " " + d.getDate() + " " + MONTHS[d.getMonth()].slice(0, 3);
}

function shortDate(iso) {
  const d = new Date(iso);
  return d.getDate() + " " + MONTHS[d.getMonth()].slice(0, 3);
}

function dueWords(days) {
  if (days < 0) return "Te laat";
  if (days === 0) return "Vandaag";
  if (days === 1) return "Morgen";
  return "Nog " + days + " dagen";
}

function soonWords(days) {
  if (days === 0) return "Vandaag";
  if (days === 1) return "Morgen";
  return "Over " + days + " dagen";
}

// Months of the school year, September first; August (the holiday) counts as before it.
function schoolPos(month) { return month === 8 ? -1 : (month + 3) % 12; }

// --- items and steps ---

// The step an item was made for (server/worksheets/model.py Catalog.step_of, same rules).
function stepOf(item) {
  const plan = catalog.yearplans[String(item.group)] || [];
  const own = item.values._step;
  if (own) {
    const step = plan.find((s) => s.key === own);
    return step && step.worksheet === item.worksheet ? own : "";
  }
  if (!sheet(item.worksheet).dedicated) return "";
  const using = plan.filter((s) => s.worksheet === item.worksheet);
  return using.length === 1 ? using[0].key : "";
}

function byNewest(a, b) { return (b.updated_at || "").localeCompare(a.updated_at || ""); }

// Everything the home needs to know about this year's steps.
function stepStates(data) {
  const group = data.pupil ? data.pupil.group : null;
  const steps = catalog.yearplans[String(group)] || [];
  const thisYear = data.items.filter((i) => i.school_year === data.school_year && i.group === group);
  const paper = new Set((data.paper || [])
    .filter((p) => p.school_year === data.school_year && p.group === group).map((p) => p.worksheet));
  return steps.map((step) => {
    const mine = step.worksheet ? thisYear.filter((i) => stepOf(i) === step.key).sort(byNewest) : [];
    const done = mine.find((i) => i.values._status === "klaar");
    let state = "";
    if (step.worksheet) state = done ? "klaar" : mine.length ? "bezig" : paper.has(step.worksheet) ? "papier" : "todo";
    return { step, state, item: done || mine[0] || null };
  });
}

// --- starting and opening work ---

let pupilId = null;
let ready = null;

function go(worksheet, itemId) { location.href = "/leerling/werkblad/" + worksheet + "#" + itemId; }

// The step a sheet made from "Maken" belongs to: the one step of her plan that uses it,
// when the sheet is made for one step.
function defaultStep(data, worksheet) {
  if (!sheet(worksheet).dedicated) return "";
  const plan = catalog.yearplans[String(data.pupil ? data.pupil.group : "")] || [];
  const using = plan.filter((s) => s.worksheet === worksheet);
  return using.length === 1 ? using[0].key : "";
}

function askTwin(item) {
  const dialog = document.getElementById("twin");
  const own = ownTitle(item);
  const when = item.updated_at ? " Je werkte er het laatst aan op " + date(item.updated_at) + "." : "";
  document.getElementById("twin-text").textContent = "Je bent al bezig met " + sheet(item.worksheet).title
    + (own ? ": \u201c" + own + "\u201d" : "") + "." + when + " Die is nog niet klaar.";
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue), { once: true });
    dialog.returnValue = "";
    dialog.showModal();
  });
}

// A new item of ``worksheet`` (for ``step``), after asking when an unfinished one of the same
// sheet is there: no silent twins.
async function startSheet(worksheet, step) {
  const data = await view(pupilId);
  step = step || defaultStep(data, worksheet);
  const twins = data.items.filter((i) => i.worksheet === worksheet && i.school_year === data.school_year
    && i.values._status !== "klaar" && (!step || !i.values._step || i.values._step === step)).sort(byNewest);
  if (twins.length) {
    const choice = await askTwin(twins[0]);
    if (!choice) return false;
    if (choice === "vorige") {
      if (step && !twins[0].values._step && stepOf(twins[0]) !== step) {
        await setField(pupilId, twins[0].id, "_step", step);
      }
      go(worksheet, twins[0].id);
      return true;
    }
  }
  go(worksheet, await createItem(pupilId, worksheet, step));
  return true;
}

// A step's work: the item made for it, else a new one.
async function openStep(worksheet, stepKey) {
  const data = await view(pupilId);
  const state = stepKey && stepStates(data).find((s) => s.step.key === stepKey);
  if (state && state.item) return go(worksheet, state.item.id);
  if (!stepKey) {
    const last = data.items.filter((i) => i.worksheet === worksheet && i.school_year === data.school_year).sort(byNewest)[0];
    if (last) return go(worksheet, last.id);
  }
  return startSheet(worksheet, stepKey);
}

function actionLink(className, worksheet, stepKey, ...children) {
  const link = el("a", { class: className, href: "/leerling/werkblad/" + worksheet }, ...children);
  link.addEventListener("click", async (e) => {
    e.preventDefault();
    if (!pupilId) return;
    await openStep(worksheet, stepKey);
  });
  return link;
}

// --- Nu doen ---

function nowEntries(data, states, today) {
  const entries = [];
  const done = new Set(states.filter((s) => s.state === "klaar" || s.state === "papier").map((s) => s.step.worksheet));
  const assigned = new Set();
  for (const a of data.assignments || []) {
    const days = daysFrom(today, a.due);
    if (days < -LATE_DAYS || done.has(a.worksheet)) continue;
    assigned.add(a.worksheet);
    const state = states.find((s) => s.step.worksheet === a.worksheet);
    entries.push({ sort: [days < 0 ? 0 : 1, a.due], picto: "home", title: a.title,
      meta: shortDay(a.due) + (state && state.state === "bezig" ? " · je bent bezig" : ""),
      label: a.title + ", inleveren op " + dayName(a.due) + ": " + dueWords(days).toLowerCase(),
      badge: dueWords(days), late: days < 0, worksheet: a.worksheet, step: state ? state.step.key : "" });
  }
  for (const c of data.conversations || []) {
    const days = daysFrom(today, c.at);
    if (days < 0) continue;
    const time = c.at.slice(11, 16);
    entries.push({ sort: [1, c.at.slice(0, 10)], picto: "message-circle", title: c.title + " op school",
      meta: shortDay(c.at) + (time ? " " + time : "") + (c.place ? " · " + c.place : ""),
      label: c.title + " op " + dayName(c.at) + (time ? " om " + time : "") + (c.place ? ", " + c.place : "")
        + ". Bereid je voor: kies wat je laat zien",
      badge: soonWords(days), href: "/leerling/presenteren" });  // her checklist and her choice
  }
  const month = today.getMonth() + 1;
  const now = schoolPos(month);
  for (const s of states) {
    const pos = schoolPos(s.step.month);
    if (!s.step.worksheet || assigned.has(s.step.worksheet)) continue;
    if (s.state !== "todo" && s.state !== "bezig") continue;
    if (pos !== now && pos !== now - 1) continue;
    entries.push({ sort: [2, String(pos).padStart(2, "0")], picto: catalog.step_pictos[s.step.type] || "flag",
      title: s.step.title, meta: pos === now ? "Deze maand" : "Vorige maand",
      badge: s.state === "bezig" ? "Bezig" : "Nog doen", worksheet: s.step.worksheet, step: s.step.key });
  }
  // Work she started this year and has not finished: open now too.
  const listed = new Set(entries.map((e) => e.step).filter(Boolean));
  const open = data.items.filter((i) => i.school_year === data.school_year && i.values._status !== "klaar"
    && !assigned.has(i.worksheet) && !listed.has(stepOf(i))).sort(byNewest);
  for (const item of open) {
    const own = ownTitle(item);
    entries.push({ sort: [3, ""], picto: (catalog.kind_pictos || {})[sheet(item.worksheet).kind] || "pencil",
      title: sheet(item.worksheet).title + (own ? ": " + own : ""), meta: "Begonnen " + shortDate(item.created_at),
      badge: "Verder", href: "/leerling/werkblad/" + item.worksheet + "#" + item.id });
  }
  // Stable: the open work keeps its newest-first order.
  return entries.sort((a, b) => a.sort[0] - b.sort[0] || a.sort[1].localeCompare(b.sort[1]));
}

function nowRow(e) {
  const body = [el("span", { class: "now-picto" }, picto(e.picto)),
    el("span", { class: "now-text" }, el("span", { class: "now-title" }, e.title),
      el("span", { class: "now-meta" }, el("span", { class: "badge due" + (e.late ? " late" : "") }, e.badge), " ", e.meta))];
  const inner = e.href ? el("a", { class: "now-link", href: e.href }, ...body, picto("chevron-right"))
    : e.worksheet ? actionLink("now-link", e.worksheet, e.step, ...body, picto("chevron-right"))
      : el("div", { class: "now-link" }, ...body);
  // The short forms on screen, the whole sentence for a screen reader.
  if (e.label) body[1].prepend(el("span", { class: "sr-only" }, e.label));
  if (e.label) for (const n of body[1].children) if (!n.classList.contains("sr-only")) n.setAttribute("aria-hidden", "true");
  return el("li", { class: "now-row" }, inner);
}

function renderNow(data, states) {
  const list = document.getElementById("now");
  list.replaceChildren();
  list.setAttribute("aria-busy", "false");
  if (data.offline) {
    list.append(el("li", { class: "now-row now-empty" }, el("span", { class: "now-picto" }, picto("alert-circle")),
      el("span", {}, "Geen internet. Wat je moet doen, zie je weer als er internet is.")));
    return;
  }
  const entries = nowEntries(data, states, new Date());
  if (!entries.length) {
    list.append(el("li", { class: "now-row now-empty" }, el("span", { class: "now-picto" }, picto("circle-check")),
      el("span", {}, "Je hebt nu niets open. Goed bezig! Wil je iets maken? Kies hieronder.")));
    return;
  }
  const shown = entries.length > NOW_ROWS ? NOW_ROWS - 1 : NOW_ROWS;
  for (const e of entries.slice(0, shown)) list.append(nowRow(e));
  if (entries.length < NOW_ROWS) {
    // Below what there is to do, in the room kept for "Nu doen": a pointer to the year plan.
    const filler = el("li", { class: "now-row now-filler" },
      el("a", { class: "now-link", href: "#plan-h" }, el("span", { class: "now-picto" }, picto("calendar-event")),
        el("span", { class: "now-text" }, el("span", { class: "now-title" }, "Wat komt er nog?"),
          el("span", { class: "now-meta" }, "Kijk bij Mijn jaar")), picto("chevron-right")));
    list.append(filler);
  }
  if (entries.length > shown) {
    const more = el("button", { class: "now-more", type: "button" }, picto("chevron-right"),
      "Nog " + (entries.length - shown) + " " + (entries.length - shown === 1 ? "ding" : "dingen") + " laten zien");
    const li = el("li", { class: "now-row" }, more);
    more.addEventListener("click", () => {
      const first = entries.slice(shown).map(nowRow);
      li.replaceWith(...first);
      first[0].querySelector("a, .now-link").focus?.();
    });
    list.append(li);
  }
}

// --- Mijn werk ---

function thumb(item) {
  const box = el("span", { class: "item-thumb" });
  const id = firstPhoto(item);
  if (id && pupilId) {
    const img = el("img", { alt: "", width: "56", height: "56", loading: "lazy", decoding: "async",
      src: "/media/" + encodeURIComponent(pupilId) + "/" + encodeURIComponent(id) + "/klein" });
    // Offline, or a photo still on this tablet only: the kind's pictogram instead.
    img.addEventListener("error", () => img.replaceWith(picto("photo")), { once: true });
    box.append(img);
  } else {
    box.append(kindPicto(sheet(item.worksheet).kind));
  }
  return box;
}

function kindPicto(kind) { return picto((catalog.kind_pictos || {})[kind] || "pencil"); }

function itemRow(item) {
  const status = item.values._status === "klaar" ? "klaar" : "bezig";
  const own = ownTitle(item);
  const sub = sheet(item.worksheet).title + (own ? " · " + date(item.created_at) : "");
  const link = el("a", { class: "item-link", href: "/leerling/werkblad/" + item.worksheet + "#" + item.id },
    thumb(item),
    el("span", { class: "item-text" }, el("span", { class: "item-title" }, title(item)), el("span", { class: "when" }, sub)));
  // Her teacher kept this from home (the reason is for staff; she is told only that).
  const kept = item.hidden ? el("p", { class: "item-kept" }, "Je juf of meester heeft dit niet aan thuis laten zien.") : "";
  return el("li", { class: "item " + status }, link,
    el("span", { class: "item-badges" },
      el("span", { class: "badge " + status }, status === "klaar" ? "✓ klaar" : "bezig"),
      item.values._shared && !item.hidden ? el("span", { class: "badge shared" }, picto("users"), " gedeeld") : "",
      item.unsent || item.local ? el("span", { class: "badge unsent" }, "nog niet verstuurd") : ""),
    kept);
}

function renderItems(data) {
  const box = document.getElementById("items");
  box.replaceChildren();
  box.setAttribute("aria-busy", "false");
  const items = data.items.slice().sort(byNewest);
  const years = [...new Set(items.map((i) => i.school_year))].sort().reverse();
  for (const year of years) {
    const yearItems = items.filter((i) => i.school_year === year);
    const g = yearItems[0] && yearItems[0].group ? " (groep " + yearItems[0].group + ")" : "";
    box.append(el("h3", {}, "Schooljaar " + year + g), el("ul", { class: "item-list" }, ...yearItems.map(itemRow)));
  }
  if (data.offline) {
    box.prepend(el("p", { class: "notice" }, "Je bent zonder internet ingelogd. Je eerdere werk zie je weer als er internet is. Wat je nu maakt, wordt bewaard."));
  } else if (!items.length) box.append(el("p", {}, "Je rugzak is nog leeg. Kies bij Maken iets om te doen."));
}

// --- Mijn jaar ---

const STATE_WORDS = { klaar: "klaar", bezig: "bezig", papier: "op papier ingeleverd", todo: "nog doen" };
const STATE_PICTOS = { klaar: "circle-check", bezig: "pencil", papier: "circle-check", todo: "circle-dashed" };

function renderPlan(states) {
  const section = document.getElementById("plan-section");
  const list = document.getElementById("plan");
  list.replaceChildren();
  section.hidden = !states.length;
  const now = schoolPos(new Date().getMonth() + 1);
  for (const month of SCHOOL_MONTHS) {
    const here = states.filter((s) => s.step.month === month);
    if (!here.length) continue;
    const pos = schoolPos(month);
    const when = pos < now ? "past" : pos === now ? "now" : "later";
    const steps = el("ul", { class: "tl-steps" });
    for (const { step, state } of here) {
      const mark = state ? el("span", { class: "tl-state " + state }, picto(STATE_PICTOS[state]), STATE_WORDS[state]) : "";
      const name = step.worksheet && state !== "papier"
        ? actionLink("tl-link", step.worksheet, step.key, step.title)
        : el("span", { class: "tl-name" }, step.title);
      steps.append(el("li", { class: "tl-step" + (step.worksheet ? " has-work" : "") },
        el("span", { class: "tl-picto" }, picto(catalog.step_pictos[step.type] || "flag")),
        el("span", { class: "tl-body" }, name, mark)));
    }
    const head = el("span", { class: "tl-month" }, MONTHS[month - 1]);
    if (when === "now") head.append(el("span", { class: "tl-now" }, "nu"));
    const li = el("li", { class: "tl-row " + when }, head, steps);
    if (when === "now") li.setAttribute("aria-current", "date");
    list.append(li);
  }
}

// --- Van thuis, Zo groei ik ---

function renderFromHome(entries) {
  const section = document.getElementById("from-home-section");
  const list = document.getElementById("from-home");
  if (!section || !list) return;
  section.hidden = !entries.length;
  list.replaceChildren();
  for (const e of entries) {
    const who = e.adult_name + (e.relation ? " (" + e.relation + ")" : "");
    const head = e.kind === "compliment" ? "Compliment van " + who : "Samen doen met " + who;
    const li = el("li", { class: "item from-home " + e.kind },
      el("span", { class: "pict" }, picto(e.icon)),
      el("span", { class: "from-home-text" }, el("strong", {}, e.label || e.text || "")),
      el("span", { class: "when" }, head + " · " + date(e.at)));
    if (e.kind === "samen-doen" && e.when) li.append(el("span", { class: "badge" }, "Wanneer: " + date(e.when)));
    if (e.note) li.append(el("p", { class: "a-long" }, e.note));
    list.append(li);
  }
}

function renderGrowth(svgText) {
  const growth = document.getElementById("growth");
  document.getElementById("growth-section").hidden = !svgText;
  if (svgText) {
    const svg = new DOMParser().parseFromString(svgText, "image/svg+xml").documentElement;
    growth.replaceChildren(document.importNode(svg, true));
  } else growth.replaceChildren();
}

// --- Mijn afspraken, Mijn advies ---

function renderTalks(rows) {
  const section = document.getElementById("talks-section");
  const box = document.getElementById("talks");
  section.hidden = !rows.length;
  box.replaceChildren();
  for (const a of rows.slice(0, 3)) {
    const list = el("dl", { class: "agreements" });
    for (const [name, question] of Object.entries(catalog.agreement_questions || {})) {
      if (a.values[name]) list.append(el("dt", {}, question), el("dd", {}, a.values[name]));
    }
    const agreed = a.agreed.includes("pupil") ? el("span", { class: "badge klaar" }, picto("check"), " jij bent akkoord") : "";
    const next = a.next ? el("p", { class: "when" }, "We praten weer op " + date(a.next)) : "";
    box.append(el("article", { class: "card talk" },
      el("h3", {}, (catalog.talk_titles || {})[a.kind] || "Gesprek", " ", el("small", {}, date(a.at))),
      list, agreed, next));
  }
}

function renderAdvice(rows, group) {
  const section = document.getElementById("advice-section");
  section.hidden = group !== 8 && !rows.length;
  const latest = rows[rows.length - 1];
  document.getElementById("advice-now").textContent = latest
    ? ((catalog.advice_steps || {})[latest.step] || "Advies") + ": " + latest.label
    : "Je krijgt je schooladvies in groep 8.";
}

function render(data) {
  fillMe(data.pupil);
  const group = data.pupil ? data.pupil.group : null;
  const states = stepStates(data);
  renderNow(data, states);
  renderItems(data);
  renderTalks(data.agreements || []);
  renderAdvice(data.advice || [], group);
  renderFromHome(data.from_home || []);
  renderGrowth(data.growth_svg);
  renderPlan(states);
  document.getElementById("print-link").hidden = !data.pupil;
  for (const button of document.querySelectorAll("[data-new]")) {
    button.closest("li").hidden = !button.dataset.groups.split(" ").includes(String(group));
  }
}

// The tiles work from the first tap, even while the data is still on its way.
function bindTiles() {
  const busy = async (button, fn) => {
    if (button.getAttribute("aria-disabled") === "true") return;
    button.setAttribute("aria-disabled", "true");
    try {
      pupilId = await ready;
      if (!pupilId || !(await fn())) button.removeAttribute("aria-disabled");
    } catch (e) {
      button.removeAttribute("aria-disabled");
      throw e;
    }
  };
  for (const button of document.querySelectorAll("[data-new]")) {
    button.addEventListener("click", () => busy(button, () => startSheet(button.dataset.new, "")));
  }
  for (const button of document.querySelectorAll("[data-new-kind]")) {
    button.addEventListener("click", () => busy(button, async () => {
      const data = await view(pupilId);
      const group = String(data.pupil ? data.pupil.group : "");
      const pair = button.dataset.byGroup.split(" ").find((p) => p.split(":")[0] === group);
      return pair ? startSheet(pair.split(":")[1], "") : false;
    }));
  }
}

async function main() {
  ready = start();
  // Back from a worksheet (a page kept by the browser): the tiles work again.
  window.addEventListener("pageshow", () => {
    for (const b of document.querySelectorAll("[aria-disabled]")) b.removeAttribute("aria-disabled");
  });
  bindTiles();
  pupilId = await ready;
  showStatus();
  if (!pupilId) return;
  const refresh = async () => render(await view(pupilId));
  onChange(refresh);
  await refresh();
}

main();
