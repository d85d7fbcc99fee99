// Adds rows to Django formsets, nested ones too (an ASM's indicators, an indicator's targets):
// clones the section's own <template> of the empty row, replaces its placeholder (__prefix__, or
// the section's data-formset-placeholder, so that the placeholders of the levels inside the new
// row stay for their own buttons) with the next index and bumps TOTAL_FORMS. Listening on the
// document covers the sections that arrive inside added rows. Rows are removed with Django's own
// DELETE checkbox, so nothing is lost until the form is saved.
(function () {
  function own(section, selector) {
    // The section's own element, not one of a section nested in its rows.
    return Array.prototype.find.call(section.querySelectorAll(selector), function (element) {
      return element.closest("[data-formset]") === section;
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-add]");
    if (!button) { return; }
    var section = button.closest("[data-formset]");
    var prefix = section.dataset.formset;
    var placeholder = section.dataset.formsetPlaceholder || "__prefix__";
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var rows = own(section, "[data-formset-rows]");
    var template = own(section, "template[data-formset-empty]");
    var index = parseInt(total.value, 10);
    rows.insertAdjacentHTML("beforeend", template.innerHTML.split(placeholder).join(String(index)));
    total.value = index + 1;
    // chooser.js enhances the searchable choosers of the new row.
    rows.lastElementChild.dispatchEvent(new CustomEvent("formset:added", {bubbles: true}));
    var first = rows.lastElementChild.querySelector("input:not([type=hidden]), textarea, select");
    if (first) { first.focus(); }
  });
  document.addEventListener("change", function (event) {
    if (event.target.name && event.target.name.endsWith("-DELETE")) {
      event.target.closest(".formset-row").classList.toggle("to-delete", event.target.checked);
    }
  });
})();
