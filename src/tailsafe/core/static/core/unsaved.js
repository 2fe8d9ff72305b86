// Nothing typed is lost (issue 15): a page whose form carries data-unsaved-warning asks before
// the reader leaves it with changes not yet saved. Fields tied to the form by the form=
// attribute count too (form.elements lists them). Submitting that form is not leaving.
(function () {
  "use strict";
  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-unsaved-warning]"));
  if (!forms.length) return;

  function state(el) {
    if (el.type === "checkbox" || el.type === "radio") return el.checked ? "1" : "0";
    if (el.type === "file") return String(el.files ? el.files.length : 0);
    if (el.multiple && el.options) {
      return Array.prototype.map.call(el.selectedOptions, function (o) { return o.value; }).join("\u0001");
    }
    return el.value;
  }

  var initial = new Map();
  forms.forEach(function (form) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name) initial.set(el, state(el));
    });
  });

  function changed() {
    var found = false;
    initial.forEach(function (value, el) {
      if (!found && document.contains(el) && state(el) !== value) found = true;
    });
    return found;
  }

  var submitting = false;
  forms.forEach(function (form) {
    form.addEventListener("submit", function () { submitting = true; });
  });

  window.addEventListener("beforeunload", function (event) {
    if (submitting || !changed()) return;
    event.preventDefault();
    event.returnValue = "";
  });
})();
