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

// The forms that fill themselves from the API (mrz.js, nik.js): a JSON POST with the page's
// CSRF token and language, answered as {ok, body}; and the line that says how it went.
window.portalApi = {
  post: function (url, form, payload) {
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": token ? token.value : "",
        "Accept-Language": document.documentElement.lang || "id",
      },
      body: JSON.stringify(payload),
    }).then(function (response) {
      return response.json().then(function (body) {
        return { ok: response.ok, body: body };
      });
    });
  },
  show: function (status, text, ok) {
    status.textContent = text;
    status.classList.toggle("text-danger", !ok);
    status.classList.toggle("text-success", ok);
  },
};

// Print buttons (no inline script under the Content-Security-Policy).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// A long drop-down (514 regencies, 250 countries) is searched as you type: a search box before
// it keeps only the entries holding every word typed (accents and case ignored) and picks the
// first; the arrow keys move among them and Enter goes on to the next field. The list itself
// stays a plain <select>, so the form is the same without this script.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function choose(select, option) {
    if (option && select.value !== option.value) {
      select.value = option.value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  function nextField(element) {
    var fields = Array.from(element.form.elements).filter(function (field) {
      return field.type !== "hidden" && !field.disabled && field.tabIndex >= 0;
    });
    return fields[fields.indexOf(element) + 1];
  }

  function searchable(select) {
    var label = document.querySelector("label[for='" + select.id + "']");
    var box = document.createElement("input");
    box.type = "search";
    box.autocomplete = "off";
    box.className = "form-control form-control-sm mb-1";
    box.placeholder = select.dataset.searchLabel;
    box.setAttribute("aria-controls", select.id);
    box.setAttribute("aria-label", select.dataset.searchLabel);
    if (label) {
      label.id = label.id || select.id + "-label";
      box.setAttribute("aria-describedby", label.id);
    }
    box.dataset.testid = "search-" + select.name;
    select.parentNode.insertBefore(box, select);

    var options = Array.from(select.options);
    var keys = options.map(function (option) {
      return fold(option.text);
    });
    function shown() {
      return options.filter(function (option) {
        return option.value && !option.hidden;
      });
    }

    box.addEventListener("input", function () {
      var words = fold(box.value).split(/\s+/).filter(Boolean);
      options.forEach(function (option, index) {
        option.hidden = Boolean(option.value) && !words.every(function (word) {
          return keys[index].indexOf(word) !== -1;
        });
      });
      if (words.length) {
        choose(select, shown()[0]);
      }
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        var list = shown();
        var at = list.indexOf(select.options[select.selectedIndex]);
        at = event.key === "ArrowDown" ? Math.min(at + 1, list.length - 1) : Math.max(at - 1, 0);
        choose(select, list[at]);
        event.preventDefault();
      } else if (event.key === "Enter") {
        event.preventDefault();
        var next = nextField(select);
        if (next) {
          next.focus();
        }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-searchable]").forEach(searchable);
  });
})();
