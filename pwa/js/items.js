// What the pupil's pages say about an item, the same everywhere: its name (her own words or
// else its date), its sheet and its first photo. Built from the page's catalog JSON.
"use strict";

// Month names and dates in the page's language (<html lang>), from the browser's own
// data (Intl), not a list of ours.
const LANG = document.documentElement.lang || "nl";
const MONTH = new Intl.DateTimeFormat(LANG, { month: "long" });
const DATE = new Intl.DateTimeFormat(LANG, { day: "numeric", month: "long", year: "numeric" });
export const MONTHS = Array.from({ length: 12 }, (_, m) => MONTH.format(new Date(2024, m, 15)));

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== "") node.append(c);
  return node;
}

export function date(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : DATE.format(d);
}

export function itemsOf(catalog) {
  const sheet = (id) => catalog.worksheets[id] || { title: "Werkblad", kind: "" };
  // The item's own name: its title, else the pupil's words in the sheet's naming field.
  const ownTitle = (item) => {
    const ws = sheet(item.worksheet);
    const named = ws.title_from ? item.values[ws.title_from] : "";
    return (item.values._title || (typeof named === "string" ? named : "")).trim();
  };
  const photos = (item) => {
    const found = [];
    for (const name of sheet(item.worksheet).photos || []) {
      const ids = item.values[name];
      if (Array.isArray(ids)) found.push(...ids.filter((id) => typeof id === "string"));
    }
    return found;
  };
  return {
    sheet,
    ownTitle,
    title: (item) => ownTitle(item) || date(item.created_at),
    photos,
    firstPhoto: (item) => photos(item)[0] || "",
  };
}
