/* Staff intake pages (templates/intake/): small keyboard and privacy helpers.
 * Everything works without this file; it only saves keystrokes. */
(function () {
  "use strict";

  /* The tracking code shown once to the operator: "I have read it out"
   * replaces it with dots, so it does not stay on screen during the call. */
  var panel = document.querySelector("[data-nama-code-once]");
  if (panel) {
    var value = panel.querySelector("[data-nama-code-value]");
    var mask = panel.querySelector("[data-nama-code-mask]");
    var hide = panel.querySelector("[data-nama-code-hide]");
    if (value && mask && hide) {
      hide.hidden = false;
      hide.addEventListener("click", function () {
        value.replaceChildren();
        value.hidden = true;
        mask.hidden = false;
        mask.removeAttribute("aria-hidden");
        hide.hidden = true;
      });
    }
  }

  /* Ctrl+Enter (or Cmd+Enter) in a text box submits its form. */
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) {
      return;
    }
    var target = event.target;
    if (!(target instanceof HTMLTextAreaElement) || !target.form) {
      return;
    }
    event.preventDefault();
    target.form.requestSubmit();
  });
})();
