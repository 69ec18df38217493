// Pictograms for markup a script builds: clones from the page's <template id="pictos">
// (server/web/pictos.py), so no emoji font and no extra request is needed.
"use strict";

export function picto(name) {
  const tpl = document.getElementById("pictos");
  const svg = tpl && tpl.content.querySelector('[data-picto="' + CSS.escape(name || "") + '"]');
  return svg ? svg.cloneNode(true) : document.createTextNode("");
}
