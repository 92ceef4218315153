// The unread count beside the bell: asked for every half minute while the page is visible,
// and at once when the user comes back to the tab.
(function () {
  "use strict";
  var badge = document.querySelector("[data-unread-count]");
  if (!badge || !window.fetch) {
    return;
  }
  var url = badge.getAttribute("data-unread-url");
  var label = badge.querySelector(".visually-hidden");
  var EVERY_MS = 30000;

  function show(count) {
    badge.firstChild.nodeValue = String(count);
    badge.classList.toggle("d-none", count === 0);
    if (label) {
      badge.appendChild(label);
    }
  }

  function refresh() {
    if (document.visibilityState === "hidden") {
      return;
    }
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && typeof data.unread === "number") {
          show(data.unread);
        }
      })
      .catch(function () {
        // Offline for a moment: the next round tries again.
      });
  }

  window.setInterval(refresh, EVERY_MS);
  document.addEventListener("visibilitychange", refresh);
})();
