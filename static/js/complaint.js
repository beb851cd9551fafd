/* Copy button of the complaint's done page (progressive: without JavaScript
 * or the Clipboard API the button stays hidden and the code is written down). */
(function () {
  "use strict";
  var button = document.querySelector("[data-nama-copy]");
  var status = document.querySelector("[data-nama-copy-status]");
  if (!button || !status || !navigator.clipboard || !window.isSecureContext) {
    return;
  }
  var target = document.getElementById(button.getAttribute("data-nama-copy"));
  if (!target) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(target.getAttribute("data-nama-code")).then(
      function () {
        status.textContent = button.getAttribute("data-copied");
      },
      function () {
        status.textContent = button.getAttribute("data-copy-failed");
      }
    );
  });
})();
