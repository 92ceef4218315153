// Keyboard-first forms: the cursor starts at the first field that needs the officer's attention.
(function () {
  "use strict";
  function focusFirstField(root) {
    var target = root.querySelector(".is-invalid, [autofocus]");
    if (target && typeof target.focus === "function") {
      target.focus();
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    focusFirstField(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    focusFirstField(event.detail.target);
  });
})();

// Print buttons (no inline script under the Content-Security-Policy).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
