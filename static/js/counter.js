// A character counter under every text field with a limit (maxlength), so nothing is cut without
// a word: the browser's maxlength silently drops what a paste brings past the limit, so on long
// texts (textareas) the attribute is lifted and the counter turns red past the limit instead; the
// server refuses the text with its message, and the user decides what to cut.
(function () {
  "use strict";

  function attach(field) {
    var limit = parseInt(field.getAttribute("maxlength"), 10);
    if (!limit || field.hasAttribute("data-chooser") || field.hasAttribute("data-counter-ready")) { return; }
    field.setAttribute("data-counter-ready", "");
    if (field.tagName === "TEXTAREA") {
      field.removeAttribute("maxlength");
      field.setAttribute("data-maxlength", String(limit));
    }
    var counter = document.createElement("div");
    counter.className = "form-text text-end";
    counter.id = (field.id || field.name) + "-contador";
    counter.setAttribute("data-counter", "");
    // Announced politely, and only when near or past the limit, so typing is not read out.
    var live = document.createElement("span");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    counter.insertAdjacentElement("afterend", live);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);

    function update() {
      var used = field.value.length;
      var over = used > limit;
      counter.textContent = used.toLocaleString("es-MX") + " / " + limit.toLocaleString("es-MX") + " caracteres" +
        (over ? " · sobran " + (used - limit).toLocaleString("es-MX") : "");
      counter.classList.toggle("text-danger", over);
      counter.classList.toggle("fw-bold", over);
      field.classList.toggle("is-invalid", over);
      live.textContent = over ? "El texto pasa del límite de " + limit + " caracteres." :
        (limit - used <= limit / 10 ? "Quedan " + (limit - used) + " caracteres." : "");
    }
    field.addEventListener("input", update);
    update();
  }

  function attachAll(root) {
    root.querySelectorAll("textarea[maxlength], input[type=text][maxlength]").forEach(attach);
  }

  document.addEventListener("DOMContentLoaded", function () {
    attachAll(document);
    // Rows added by formset.js are new fields too.
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) { if (node.querySelectorAll) { attachAll(node); } });
      });
    }).observe(document.body, {childList: true, subtree: true});
  });
}());
