// The counter's registration: as soon as the NIK has its 16 digits, the sex, date of birth and
// home regency it encodes fill themselves (POST /api/v1/nik/parse/, the server's own reading of
// a NIK). A field the officer has set keeps the officer's value; the service checks the NIK
// against the fields again on submit, so the page works without this script too.
(function () {
  "use strict";
  var FIELDS = ["sex", "birth_date", "home_regency"];

  var show = window.portalApi.show;

  function fill(field, value) {
    // Only an empty field, or one that still holds what an earlier NIK put there.
    if (!field || !value || (field.value && field.value !== field.dataset.nikFilled)) {
      return;
    }
    if (field.tagName === "SELECT" && !Array.from(field.options).some(function (option) {
      return option.value === value;
    })) {
      return;
    }
    field.value = value;
    field.dataset.nikFilled = value;
    field.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function parse(input) {
    var form = input.form;
    var status = document.getElementById(input.dataset.nikStatus);
    var digits = input.value.replace(/[^0-9]/g, "");
    if (digits.length !== 16 || digits === input.dataset.nikRead) {
      return;
    }
    input.dataset.nikRead = digits;
    window.portalApi
      .post(input.dataset.nikUrl, form, { nik: digits })
      .then(function (answer) {
        if (!answer.ok) {
          var error = (answer.body.errors || [])[0];
          show(status, error ? error.detail : status.dataset.failed, false);
          return;
        }
        FIELDS.forEach(function (name) {
          fill(form.elements[name], answer.body[name]);
        });
        show(status, status.dataset.read, true);
      })
      .catch(function () {
        input.dataset.nikRead = "";
        show(status, status.dataset.failed, false);
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-nik-url]").forEach(function (input) {
      input.addEventListener("input", function () {
        parse(input);
      });
      parse(input);
    });
  });
})();
