// Small progressive enhancements for every page. Everything works without this file.
"use strict";
(function () {
  // Move keyboard and screen-reader focus to an error message when the page shows one.
  const alert = document.querySelector(".error[role=alert]");
  if (alert) {
    alert.setAttribute("tabindex", "-1");
    alert.focus();
  }
  // The service worker keeps pupil pages and files on the device (offline use).
  // A new version waits; it takes over when a page opens, before anything is typed.
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then((reg) => {
      if (reg.waiting && navigator.serviceWorker.controller) {
        navigator.serviceWorker.addEventListener("controllerchange", () => location.reload(), { once: true });
        reg.waiting.postMessage("skipWaiting");
      }
    }).catch(() => {});
  }
  // Print buttons (an inline onclick would break the CSP).
  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
})();
