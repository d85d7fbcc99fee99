// Adds rows to Django inline formsets: clones the <template> of the empty form, replaces
// __prefix__ with the next index and bumps TOTAL_FORMS. Rows are removed with Django's own
// DELETE checkbox, so nothing is lost until the form is saved.
document.querySelectorAll("[data-formset]").forEach(function (section) {
  var prefix = section.dataset.formset;
  var total = section.querySelector("#id_" + prefix + "-TOTAL_FORMS");
  var rows = section.querySelector("[data-formset-rows]");
  var template = section.querySelector("template[data-formset-empty]");
  section.querySelector("[data-formset-add]").addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, index);
    rows.insertAdjacentHTML("beforeend", html);
    total.value = index + 1;
    // chooser.js enhances the searchable choosers of the new row.
    rows.lastElementChild.dispatchEvent(new CustomEvent("formset:added", {bubbles: true}));
    var first = rows.lastElementChild.querySelector("input, textarea, select");
    if (first) { first.focus(); }
  });
  section.addEventListener("change", function (event) {
    if (event.target.name && event.target.name.endsWith("-DELETE")) {
      event.target.closest(".formset-row").classList.toggle("to-delete", event.target.checked);
    }
  });
});
