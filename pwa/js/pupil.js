// Mijn rugzak: the overview of the pupil's work, built from the data on this device.
"use strict";
import { createItem, onChange, start, view } from "./local.js";
import { picto } from "./pictos.js";
import { fillMe, showStatus } from "./status.js";

const catalog = JSON.parse(document.getElementById("catalog").textContent);
const MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
  "september", "oktober", "november", "december"];

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

function title(item) {
  const ws = catalog.worksheets[item.worksheet];
  return item.values._title || (ws ? ws.title : "Werkblad");
}

function date(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return d.getDate() + " " + MONTHS[d.getMonth()] + " " + d.getFullYear();
}

function render(pupilId, data) {
  fillMe(data.pupil);
  const group = data.pupil ? data.pupil.group : null;
  const items = data.items.slice().sort((a, b) => (b.updated_at || "").localeCompare(a.updated_at || ""));
  // The year plan: every step in school-year order; worksheet steps link to their work.
  const TYPES = { gesprek: "gesprek", bijeenkomst: "bijeenkomst met ouders", activiteit: "activiteit",
    thuisopdracht: "thuisopdracht", reflectie: "terugkijken", zelfportret: "zelfportret" };
  const todo = document.getElementById("todo");
  todo.replaceChildren();
  const thisYear = items.filter((i) => i.school_year === data.school_year);
  const steps = (catalog.yearplans[String(group)] || []).slice()
    .sort((a, b) => ((a.month + 4) % 12) - ((b.month + 4) % 12));
  for (const step of steps) {
    const li = el("li", { class: "todo-step" }, el("span", { class: "month" }, MONTHS[step.month - 1]));
    if (!step.worksheet) {
      li.append(el("span", {}, step.title), el("span", { class: "badge" }, TYPES[step.type] || step.type));
      todo.append(li);
      continue;
    }
    const done = thisYear.find((i) => i.worksheet === step.worksheet && i.values._status === "klaar");
    const started = thisYear.find((i) => i.worksheet === step.worksheet);
    const onPaper = (data.paper || []).some((p) => p.worksheet === step.worksheet && p.school_year === data.school_year);
    if (onPaper && !done) {
      li.append(el("span", {}, step.title), el("span", { class: "badge klaar" }, "✓ op papier ingeleverd"));
      todo.append(li);
      continue;
    }
    const link = el("a", { href: "#" }, step.title);
    link.addEventListener("click", async (e) => {
      e.preventDefault();
      const id = started ? started.id : await createItem(pupilId, step.worksheet);
      location.href = "/leerling/werkblad/" + step.worksheet + "#" + id;
    });
    li.append(link, el("span", { class: done ? "badge klaar" : "badge" }, done ? "✓ klaar" : started ? "bezig" : "nog doen"));
    todo.append(li);
  }
  if (!todo.children.length) todo.append(el("li", {}, "Er staat nog niets in het jaarplan."));
  // Growth across the self-portraits, drawn by the server and kept on the device.
  const growth = document.getElementById("growth");
  document.getElementById("growth-section").hidden = !data.growth_svg;
  if (data.growth_svg) {
    const svg = new DOMParser().parseFromString(data.growth_svg, "image/svg+xml").documentElement;
    growth.replaceChildren(document.importNode(svg, true));
  }
  renderFromHome(data.from_home || []);
  // The portfolio, grouped by school year, newest first.
  const box = document.getElementById("items");
  box.replaceChildren();
  const years = [...new Set(items.map((i) => i.school_year))].sort().reverse();
  for (const year of years) {
    const yearItems = items.filter((i) => i.school_year === year);
    const list = el("ul", { class: "item-list" });
    for (const item of yearItems) {
      const link = el("a", { href: "/leerling/werkblad/" + item.worksheet + "#" + item.id }, title(item));
      const status = item.values._status === "klaar" ? "klaar" : "bezig";
      list.append(el("li", { class: "item " + status },
        link,
        el("span", { class: "badge " + status }, status === "klaar" ? "✓ klaar" : "bezig"),
        item.values._shared ? el("span", { class: "badge shared" }, picto("users"), " gedeeld") : "",
        item.unsent || item.local ? el("span", { class: "badge unsent" }, "nog niet verstuurd") : "",
        el("span", { class: "when" }, date(item.updated_at))));
    }
    const g = yearItems[0] && yearItems[0].group ? " (groep " + yearItems[0].group + ")" : "";
    box.append(el("h3", {}, "Schooljaar " + year + g), list);
  }
  if (data.offline) {
    box.prepend(el("p", { class: "notice" }, "Je bent zonder internet ingelogd. Je eerdere werk zie je weer als er internet is. Wat je nu maakt, wordt bewaard."));
  } else if (!items.length) box.append(el("p", {}, "Je rugzak is nog leeg. Kies hierboven iets om te maken."));
  for (const button of document.querySelectorAll("[data-new]")) {
    const fits = button.dataset.groups.split(" ").includes(String(group));
    button.closest("li").hidden = !fits;
  }
}

// Van thuis: compliments and activities to do together that adults at home sent.
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

async function main() {
  const ready = start();
  // The buttons work from the first tap, even while the data is still on its way.
  for (const button of document.querySelectorAll("[data-new]")) {
    button.addEventListener("click", async () => {
      button.disabled = true;
      const pupilId = await ready;
      if (!pupilId) { button.disabled = false; return; }
      const id = await createItem(pupilId, button.dataset.new);
      location.href = "/leerling/werkblad/" + button.dataset.new + "#" + id;
    });
  }
  const pupilId = await ready;
  showStatus();
  if (!pupilId) return;
  const refresh = async () => render(pupilId, await view(pupilId));
  onChange(refresh);
  await refresh();
}

main();
