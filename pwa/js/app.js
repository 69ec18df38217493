// Small progressive enhancements for every page. Everything works without this file.
"use strict";
(function () {
  // Move keyboard and screen-reader focus to an error message when the page shows one.
  const alert = document.querySelector(".error[role=alert]");
  if (alert) {
    alert.setAttribute("tabindex", "-1");
    alert.focus();
  }
})();
