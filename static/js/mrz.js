// The airport's arrival form: a passport's machine-readable zone, scanned or pasted, fills the
// person's fields as soon as its two lines are complete (POST /api/v1/mrz/parse/). The server
// reads the zone again on submit, so the page works without this script too.
(function () {
  "use strict";
  var FIELDS = {
    passport_number: "document_number",
    passport_expiry: "expiry_date",
    birth_date: "birth_date",
    sex: "sex",
  };

  function setValue(form, name, value) {
    var field = form.querySelector("[name=" + name + "]");
    if (field && value) {
      field.value = value;
      field.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  var show = window.portalApi.show;

  function parse(area) {
    var form = area.form;
    var status = document.getElementById(area.dataset.mrzStatus);
    var lines = area.value.trim().split(/\s*\n\s*/);
    if (lines.length !== 2 || lines[0].length < 44 || lines[1].length < 44) {
      return;
    }
    window.portalApi
      .post(area.dataset.mrzUrl, form, { mrz: area.value })
      .then(function (answer) {
        if (!answer.ok) {
          var error = (answer.body.errors || [])[0];
          show(status, error ? error.detail : area.dataset.mrzFailed, false);
          return;
        }
        var mrz = answer.body;
        Object.keys(FIELDS).forEach(function (name) {
          setValue(form, name, mrz[FIELDS[name]]);
        });
        setValue(form, "full_name", (mrz.given_names + " " + mrz.surname).trim());
        show(status, area.dataset.mrzRead, true);
        var next = form.querySelector("[name=nik]");
        if (next) {
          next.focus();
        }
      })
      .catch(function () {
        show(status, area.dataset.mrzFailed, false);
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-mrz-url]").forEach(function (area) {
      area.addEventListener("input", function () {
        parse(area);
      });
    });
  });
})();
