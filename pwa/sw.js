// Rugzak's service worker. Pupil pages hold no personal data, so they can be cached
// for every pupil on a shared tablet; personal data lives in IndexedDB, never here.
// One cache per version: a page and the files it uses always come from the same version.
"use strict";
const VERSION = "__VERSION__";
const CACHE = "rugzak-" + VERSION;
const ASSETS = __ASSETS__;
const PAGES = __PAGES__;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(ASSETS);
    // Pupil pages need a signed-in pupil: cache the ones we can get now, the rest on use.
    await Promise.all(PAGES.map(async (url) => {
      try {
        const r = await fetch(url, { credentials: "same-origin", redirect: "manual" });
        if (r.ok && r.type === "basic") await cache.put(url, r);
      } catch (e) { /* offline during install: cached when first visited */ }
    }));
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data === "skipWaiting") self.skipWaiting();
  // A pupil signed in: keep the class and PIN pages, so signing in again works offline.
  if (event.data && Array.isArray(event.data.keep)) {
    event.waitUntil((async () => {
      const cache = await caches.open(CACHE);
      for (const path of event.data.keep) {
        const url = new URL(path, location.origin);
        if (url.origin !== location.origin || !cacheable(url)) continue;
        try {
          const r = await fetch(url.pathname, { credentials: "same-origin" });
          if (r.ok && !r.redirected) await cache.put(url.pathname, r);
        } catch (e) { /* offline: kept on the next visit */ }
      }
    })());
  }
});

function cacheable(url) {
  return url.pathname === "/leerling" || url.pathname.startsWith("/leerling/werkblad/") ||
    url.pathname === "/inloggen" || url.pathname === "/klas" || url.pathname.startsWith("/klas/");
}

async function networkFirst(request, url) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic" && !response.redirected && cacheable(url)) {
      await cache.put(url.pathname, response.clone());
    }
    return response;
  } catch (e) {
    const cached = await cache.match(url.pathname);
    if (cached) return cached;
    if (url.pathname.startsWith("/leerling/werkblad/")) {
      const home = await cache.match("/leerling");
      if (home) return home;
    }
    return new Response(
      "<!doctype html><html lang=nl><meta charset=utf-8><title>Geen internet</title>" +
      "<h1>Geen internet</h1><p>Deze pagina is niet op deze tablet bewaard. " +
      "Probeer het opnieuw als er weer internet is.</p></html>",
      { status: 503, headers: { "content-type": "text/html; charset=utf-8" } });
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin) return;
  if (url.pathname.startsWith("/api/") || url.pathname.startsWith("/media/")) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
    return;
  }
  if (request.mode === "navigate") event.respondWith(networkFirst(request, url));
});
