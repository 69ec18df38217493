// Rugzak's service worker. Pupil pages hold no personal data, so they can be cached
// for every pupil on a shared tablet; personal data lives in IndexedDB, never here. (So
// the worker itself shows nothing of a pupil: whether someone is still signed in, and not
// idle too long, is checked by every pupil page before it reads IndexedDB.)
// One cache per version: a page and the files it uses always come from the same version.
"use strict";
const VERSION = "__VERSION__";
const CACHE = "rugzak-" + VERSION;
const ASSETS = __ASSETS__;
const PAGES = __PAGES__;

// A version takes over only with everything it needs kept: its files, the pupil pages and
// every sign-in page an earlier version kept (so every pupil who signed in on this tablet
// can still sign in offline). Without network the install fails and the old version stays;
// the browser tries again later.
self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(ASSETS);
    const pages = new Set(PAGES);
    for (const name of await caches.keys()) {
      if (name === CACHE || !name.startsWith("rugzak-") || name.startsWith("rugzak-present-")) continue;
      for (const request of await (await caches.open(name)).keys()) {
        const url = new URL(request.url);
        if (url.origin === location.origin && cacheable(url)) pages.add(url.pathname);
      }
    }
    await Promise.all([...pages].map(async (path) => {
      const r = await fetch(path, { credentials: "same-origin", redirect: "manual", cache: "no-store" });
      if (r.ok && r.type === "basic") return cache.put(path, r);
      if (r.status === 404 || r.status === 410) return;  // a class or pupil that is gone
      throw new Error("could not keep " + path + " (" + r.status + ")");
    }));
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    // Old versions go; a pupil's presentation photos stay (local.js forgets them at sign-out).
    for (const name of await caches.keys()) {
      if (name !== CACHE && !name.startsWith("rugzak-present-")) await caches.delete(name);
    }
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
    url.pathname === "/leerling/presenteren" ||
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

// --- push ---
// Web Push (see server/push.py). Every push must show a notification: browsers punish
// (and may revoke) a site that receives pushes silently.
// Only paths on this site: a message can never send the parent elsewhere.
function localPath(path) {
  return typeof path === "string" && /^\/(?![\/\\])/.test(path) ? path : "/";
}

self.addEventListener("push", (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
  const title = typeof data.title === "string" && data.title ? data.title : "Rugzak";
  const url = localPath(data.url);
  const options = {
    body: typeof data.body === "string" ? data.body : "Er is iets nieuws in Rugzak.",
    data: { url },
    icon: ASSETS.find((a) => a.endsWith("/icons/icon-192.png")),
    badge: ASSETS.find((a) => a.endsWith("/icons/icon-192.png")),
    // The server wrote the texts in the parent's language and says which (and its direction).
    lang: typeof data.lang === "string" && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(data.lang) ? data.lang : "nl",
    dir: data.dir === "rtl" || data.dir === "ltr" ? data.dir : "auto",
  };
  if (typeof data.tag === "string" && data.tag) {
    options.tag = data.tag;
    options.renotify = true;
  }
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(localPath(event.notification.data && event.notification.data.url), location.origin);
  event.waitUntil((async () => {
    const open = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    for (const client of open) {
      if (new URL(client.url).pathname === target.pathname && "focus" in client) return client.focus();
    }
    for (const client of open) {
      if ("navigate" in client && "focus" in client) {
        try {
          await client.focus();
          if (await client.navigate(target.href)) return;
        } catch (e) { /* not ours to steer: open a new window below */ }
        break;
      }
    }
    return self.clients.openWindow(target.href);
  })());
});
