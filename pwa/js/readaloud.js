// Read aloud, for parents who read little: the browser's own speech synthesis reads a card or a
// question with everything in it, in a voice of the page's language where the device has one.
//
// - `data-read-group` on a card, section or question: ONE "Lees voor" button, always in the
//   same place, that reads the group's
//   whole visible text in order: heading, intro, question, help, options, errors; not what
//   was typed, nor the group's buttons. The button sits right under the group's heading or
//   question, on the right, on every card.
// - `data-read-each="<selector>"` on a container: every descendant matching the selector is a
//   group (so a form marks each question `.field` without the field macros changing).
//   A group inside a group is read by its own button only.
// - `data-read` on an element outside any group: a small button right after it (older pages);
//   inside a group it adds nothing (the group's button reads it). `data-read="…"` with a value
//   speaks that value instead of the element's text.
// Without speech synthesis (old browsers, some in-app browsers) no buttons appear.
//
// A text is read only by a voice of its language (BCP-47 prefix of the voice's lang): a
// device that has voices but none for it says so in the page's language (the body's
// data-read-none, written from the catalogue) and reads nothing, so no Dutch voice reads
// Turkish. A device that lists no voices at all (some engines only speak with their default
// one) is asked for the language and chooses itself: we cannot know better.

const synth = "speechSynthesis" in window && "SpeechSynthesisUtterance" in window
  ? window.speechSynthesis
  : null;

// Preferred voices per language, best first; any other voice of the language comes next.
const PREFERRED = {
  nl: ["nl-NL", "nl-BE"], en: ["en-GB", "en-US"], tr: ["tr-TR"],
  ar: ["ar-SA", "ar-EG", "ar-MA", "ar-SY", "ar"], pl: ["pl-PL"], uk: ["uk-UA"],
};
const MAX_LABEL = 60;

const done = new WeakSet();
let speakingButton = null;

function pageLang() {
  return (document.documentElement.lang || "nl").toLowerCase().split("-")[0];
}

function langOf(element) {
  const holder = element.closest("[lang]");
  const lang = holder ? holder.getAttribute("lang") : "";
  return (lang || pageLang()).toLowerCase().split("-")[0];
}

function labelText() {
  return document.body.dataset.readLabel || "Lees voor";
}

const GROUP = "[data-read-group]";
// Not read: our buttons, icons, controls (what a parent typed or can choose is not the
// question), the group's own buttons, text only for screen readers.
const SKIP = ".read-aloud, [aria-hidden=true], script, style, template, select, textarea, input, button, .sr-only";
const END = /[.?!:;…]$/;

// The words of a group in reading order, as sentences: each block (heading, paragraph,
// label, option) ends with a stop, so the voice pauses between them. Only what is shown.
function groupText(group) {
  const pieces = [];
  let current = "";
  const flush = () => {
    const piece = current.replace(/\s+/g, " ").trim();
    if (piece) pieces.push(END.test(piece) ? piece : piece + ".");
    current = "";
  };
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) { current += child.data; continue; }
      if (child.nodeType !== Node.ELEMENT_NODE || child.matches(SKIP)) continue;
      if (child.matches(GROUP)) continue;  // read by its own button
      const given = child.getAttribute("data-read");
      const style = getComputedStyle(child);
      if (style.display === "none" || style.visibility === "hidden") continue;
      const block = !style.display.startsWith("inline");
      if (block) flush();
      if (given && given.trim()) current += " " + given.trim() + " ";
      else walk(child);
      if (block) flush();
    }
  };
  walk(group);
  flush();
  return pieces.join(" ");
}

// The group's name for its button: its heading, legend or label (else its first words).
function groupTitle(group) {
  for (const el of group.querySelectorAll("h1, h2, h3, h4, legend, label, p, li, dt")) {
    if (el.closest(GROUP) !== group || el.closest(SKIP)) continue;
    const words = (el.textContent || "").replace(/\s+/g, " ").trim();
    if (words) return words;
  }
  return groupText(group);
}

// The words to speak: the element's visible text without icons or our own buttons.
function textOf(element) {
  if (element.matches(GROUP)) return groupText(element);
  const given = element.getAttribute("data-read");
  if (given && given.trim()) return given.trim();
  const copy = element.cloneNode(true);
  // Form controls are left out: what a parent typed or could choose is not the question.
  const skip = ".read-aloud, [aria-hidden=true], script, style, [hidden], select, textarea";
  for (const part of copy.querySelectorAll(skip)) part.remove();
  return (copy.textContent || "").replace(/\s+/g, " ").trim();
}

function normalise(lang) {
  return (lang || "").replace("_", "-").toLowerCase();
}

// The device's voices; Chromium fills the list a moment after the first ask.
let listed = null;
function voices() {
  const now = synth.getVoices() || [];
  if (now.length) return Promise.resolve(now);
  if (!listed) {
    listed = new Promise((resolve) => {
      const ready = () => resolve(synth.getVoices() || []);
      synth.addEventListener("voiceschanged", ready, { once: true });
      setTimeout(ready, 1000);
    });
  }
  return listed;
}

function sameLanguage(voice, lang) {
  const code = normalise(voice.lang);
  return code === lang || code.startsWith(lang + "-");
}

// The best voice for the language, or null (a voice of another language never).
function chooseVoice(all, lang) {
  const wanted = (PREFERRED[lang] || [lang]).map(normalise);
  for (const code of wanted) {
    const exact = all.find((v) => normalise(v.lang) === code);
    if (exact) return exact;
  }
  return all.find((v) => sameLanguage(v, lang)) || null;
}

function forget(button) {
  const note = button.nextElementSibling;
  if (note && note.matches(".read-none")) note.remove();
}

// Said plainly under the button, in the page's language: this device cannot read it.
function noVoice(button) {
  forget(button);
  const note = document.createElement("p");
  note.className = "read-none";
  note.setAttribute("role", "status");
  note.textContent = document.body.dataset.readNone ||
    "Deze telefoon heeft geen stem voor deze taal. Voorlezen kan daarom niet.";
  button.after(note);
}

function stop() {
  synth.cancel();
  if (speakingButton) speakingButton.classList.remove("speaking");
  speakingButton = null;
}

async function speak(element, button) {
  const again = speakingButton === button;
  stop();
  forget(button);
  if (again) return; // a second tap on the same button stops reading
  const text = textOf(element);
  if (!text) return;
  const lang = langOf(element);
  const all = await voices();
  const voice = chooseVoice(all, lang);
  if (all.length && !voice) { noVoice(button); return; }
  const utterance = new SpeechSynthesisUtterance(text);
  if (voice) utterance.voice = voice;
  utterance.lang = voice ? voice.lang : (PREFERRED[lang] || [lang])[0];
  utterance.rate = 0.9; // a little slower: easier to follow in a second language
  const finished = () => {
    button.classList.remove("speaking");
    if (speakingButton === button) speakingButton = null;
  };
  utterance.addEventListener("end", finished);
  utterance.addEventListener("error", finished);
  speakingButton = button;
  button.classList.add("speaking");
  synth.speak(utterance);
}

function short(text) {
  return text.length > MAX_LABEL ? text.slice(0, MAX_LABEL - 1).trimEnd() + "…" : text;
}

// The loudspeaker of templates/pictos/volume.svg (Tabler Icons, MIT): drawn, not an emoji.
const SPEAKER = ["M15 8a5 5 0 0 1 0 8", "M17.7 5a9 9 0 0 1 0 14",
  "M6 15h-2a1 1 0 0 1 -1 -1v-4a1 1 0 0 1 1 -1h2l3.5 -4.5a.8 .8 0 0 1 1.5 .5v14a.8 .8 0 0 1 -1.5 .5l-3.5 -4.5"];

function speaker() {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", "picto");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  for (const d of SPEAKER) {
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", d);
    svg.append(path);
  }
  return svg;
}

function addGroupButton(group) {
  if (done.has(group)) return;
  done.add(group);
  const button = document.createElement("button");
  button.type = "button";
  button.className = "read-aloud read-group";
  button.setAttribute("aria-label", `${labelText()}: ${short(groupTitle(group))}`);
  const words = document.createElement("span");
  words.textContent = labelText();
  button.append(speaker(), words);
  button.addEventListener("click", (event) => {
    event.preventDefault();
    speak(group, button);
  });
  // Always in the same place: right under the group's question or heading, on the right
  // (a fieldset draws its legend first whatever comes before it, so "first" would differ).
  const title = [...group.children].find((el) => el.matches("legend, h1, h2, h3, h4, label"));
  if (title) title.after(button);
  else group.prepend(button);
}

function addButton(element) {
  if (done.has(element)) return;
  if (element.closest(GROUP)) return;  // its group's button reads it
  done.add(element);
  const button = document.createElement("button");
  button.type = "button";
  button.className = "read-aloud";
  button.setAttribute("aria-label", `${labelText()}: ${short(textOf(element))}`);
  button.append(speaker());
  button.addEventListener("click", (event) => {
    event.preventDefault();
    speak(element, button);
  });
  // Never inside a link, button or label: that would nest one control in another (and a
  // label would take our button's name into its radio button's name).
  const anchor = element.closest("a, button, label, summary") || element;
  anchor.after(button);
}

function scan(root) {
  if (root.nodeType !== Node.ELEMENT_NODE || root.matches(".read-aloud")) return;
  // Containers that make each of their questions a group.
  const holders = [...root.querySelectorAll("[data-read-each]")];
  if (root.hasAttribute("data-read-each")) holders.push(root);
  for (const holder of holders) {
    for (const el of holder.querySelectorAll(holder.getAttribute("data-read-each"))) {
      el.setAttribute("data-read-group", "");
    }
  }
  const groups = [...root.querySelectorAll(GROUP)];
  if (root.matches(GROUP)) groups.push(root);
  for (const group of groups) addGroupButton(group);
  if (root.hasAttribute("data-read")) addButton(root);
  for (const element of root.querySelectorAll("[data-read]")) addButton(element);
}

if (synth) {
  synth.getVoices(); // Chromium loads the voice list on first use
  scan(document.body);
  // Questions shown later (a step of a form, a card list filled in by a script) get one too.
  new MutationObserver((changes) => {
    for (const change of changes) {
      for (const node of change.addedNodes) scan(node);
    }
  }).observe(document.body, { childList: true, subtree: true });
  // Leaving the page stops reading; so does the Escape key.
  window.addEventListener("pagehide", stop);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && speakingButton) stop();
  });
}
