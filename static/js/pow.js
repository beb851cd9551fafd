/*
 * Nama: proof of work for public forms (nama.core.antiabuse, docs/antiabuse.md).
 *
 * For each [data-nama-pow] block (core/_antiabuse_fields.html) find a decimal
 * counter such that SHA-256(challenge + counter) starts with `difficulty` zero
 * bits, put it in the pow_solution field and enable the form's submit buttons.
 * Loaded with `defer`; no inline script, no eval, no dependencies.
 *
 * Whatever goes wrong (no crypto.subtle outside HTTPS, an old browser, a very
 * slow phone) the form is enabled without a solution: the server then applies
 * its no-JavaScript fallback, so nobody is locked out.
 */
(function () {
  "use strict";

  var BATCH = 1024; /* digests awaited together: far faster than one by one */
  var YIELD_EVERY_MS = 50;
  var GIVE_UP_MS = 10000;

  function enoughZeroBits(bytes, bits) {
    var index = 0;
    while (bits >= 8) {
      if (bytes[index] !== 0) {
        return false;
      }
      index += 1;
      bits -= 8;
    }
    return bits === 0 || (bytes[index] >> (8 - bits)) === 0;
  }

  /* Resolves with the counter (a string), or null when giving up. */
  function solve(challenge, bits) {
    var encoder = new TextEncoder();
    var started = Date.now();
    var yielded = started;
    var next = 0;

    function batch() {
      var counters = [];
      var digests = [];
      for (var i = 0; i < BATCH; i += 1) {
        var counter = String(next + i);
        counters.push(counter);
        digests.push(window.crypto.subtle.digest("SHA-256", encoder.encode(challenge + counter)));
      }
      next += BATCH;
      return Promise.all(digests).then(function (results) {
        for (var j = 0; j < results.length; j += 1) {
          if (enoughZeroBits(new Uint8Array(results[j]), bits)) {
            return counters[j];
          }
        }
        var now = Date.now();
        if (now - started > GIVE_UP_MS) {
          return null;
        }
        if (now - yielded < YIELD_EVERY_MS) {
          return batch();
        }
        /* Let the page handle typing and scrolling now and then. Not after
         * every batch: browsers hold back chained timers by 4 ms each. */
        yielded = now;
        return new Promise(function (resolve) {
          window.setTimeout(resolve, 0);
        }).then(batch);
      });
    }

    return batch();
  }

  function submitButtons(form) {
    return form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]");
  }

  function setButtonsDisabled(form, disabled) {
    var buttons = submitButtons(form);
    for (var i = 0; i < buttons.length; i += 1) {
      buttons[i].disabled = disabled;
    }
  }

  function start(block) {
    if (block.hasAttribute("data-nama-pow-started")) {
      return;
    }
    block.setAttribute("data-nama-pow-started", "");
    var form = block.closest("form");
    var solutionField = block.querySelector("[data-nama-pow-solution]");
    var status = block.querySelector("[data-nama-pow-status]");
    var challenge = block.getAttribute("data-challenge") || "";
    var bits = parseInt(block.getAttribute("data-difficulty") || "", 10);
    if (!form || !solutionField || !challenge || !(bits >= 0)) {
      return;
    }

    function finish(solution) {
      solutionField.value = solution || "";
      setButtonsDisabled(form, false);
      block.setAttribute("data-nama-pow-state", solution ? "solved" : "fallback");
      if (status) {
        status.textContent = block.getAttribute("data-status-ready") || "";
      }
    }

    if (!window.crypto || !window.crypto.subtle || typeof TextEncoder === "undefined") {
      finish(null);
      return;
    }
    setButtonsDisabled(form, true);
    if (status) {
      status.textContent = block.getAttribute("data-status-pending") || "";
    }
    solve(challenge, bits).then(finish, function () {
      finish(null);
    });
  }

  var blocks = document.querySelectorAll("[data-nama-pow]");
  for (var i = 0; i < blocks.length; i += 1) {
    start(blocks[i]);
  }
})();
