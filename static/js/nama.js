/*
 * Nama: small behaviours of the page shell. Loaded with `defer`; no inline
 * script anywhere (the CSP allows only files from this site).
 */
(function () {
  "use strict";

  /* Quick exit (templates: portal/_quick_exit.html). The link works without
   * JS; with JS it also blanks the page at once and replaces the current
   * history entry, so the back button does not return here. The target is the
   * link's own href, which the server wrote from NAMA_QUICK_EXIT_URL. */
  var ESCAPE_WINDOW_MS = 1500;
  var lastEscape = 0;

  function quickExitLink() {
    return document.querySelector("a[data-quick-exit]");
  }

  function leave(url) {
    try {
      window.sessionStorage.clear();
    } catch (error) {
      /* Storage may be disabled; leaving matters more. */
    }
    document.title = "";
    document.body.replaceChildren();
    window.location.replace(url);
  }

  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a[data-quick-exit]") : null;
    if (!link) {
      return;
    }
    event.preventDefault();
    leave(link.href);
  });

  /* Esc twice within 1.5 s: one press alone often just closes a menu. */
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var link = quickExitLink();
    if (!link) {
      return;
    }
    var now = Date.now();
    if (now - lastEscape <= ESCAPE_WINDOW_MS) {
      leave(link.href);
    } else {
      lastEscape = now;
    }
  });
})();
