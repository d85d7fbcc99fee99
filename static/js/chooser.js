// Searchable choosers (programs/choosers.py): a text input becomes an ARIA combobox (WAI-ARIA
// 1.2, list autocomplete) whose options come from a small JSON endpoint as the user types.
//
// The server renders <input data-chooser="/endpoint.json" data-chooser-value="id|clave"
// data-chooser-selected='[{"valor", "texto"}]' [data-chooser-multiple]> holding the labels of the
// current choices, which is also how the form works without JavaScript (the server reads a key or
// a name typed there). Here the input keeps only the search text and the chosen values travel in
// hidden inputs under the field's name; text typed and not chosen is still sent, for the server
// to read as it would without JavaScript.
//
// Keys: ↓/↑ move through the options (↓ also opens the list), Enter chooses, Escape closes,
// Tab leaves. In a multiple chooser each choice is a button that removes it.
(function () {
  "use strict";

  var DELAY = 200;
  var created = 0;

  function labelOf(item) {
    return ["clave", "nombre", "dependencia"].map(function (part) { return item[part]; })
      .filter(function (part) { return part !== undefined && part !== null && part !== ""; }).join(" · ");
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function enhance(input) {
    if (input.dataset.chooserReady) { return; }
    input.dataset.chooserReady = "1";
    var name = input.name;
    var form = input.form;
    var multiple = input.hasAttribute("data-chooser-multiple");
    var valueKey = input.dataset.chooserValue || "id";
    var id = input.id || "chooser-" + (++created);
    input.id = id;

    var wrapper = element("div", {"class": "chooser"});
    input.parentNode.insertBefore(wrapper, input);
    var label = document.querySelector('label[for="' + id + '"]');
    if (label && !label.id) { label.id = id + "-etiqueta"; }
    var listbox = element("ul", {"id": id + "-opciones", "role": "listbox", "class": "chooser-options list-group shadow-sm"});
    if (label) { listbox.setAttribute("aria-labelledby", label.id); }
    listbox.hidden = true;
    var status = element("div", {"class": "visually-hidden", "role": "status", "aria-live": "polite"});
    var chosenList = null;
    var hidden = null;
    if (multiple) {
      chosenList = element("ul", {"class": "chooser-chosen list-unstyled d-flex flex-wrap gap-1 mb-1"});
      if (label) { chosenList.setAttribute("aria-label", label.textContent.replace(/\*/g, "").replace(/\s+/g, " ").trim() + ": elegidas"); }
      wrapper.appendChild(chosenList);
    } else {
      hidden = element("input", {"type": "hidden", "name": name});
      wrapper.appendChild(hidden);
    }
    wrapper.appendChild(input);
    wrapper.appendChild(listbox);
    wrapper.appendChild(status);

    input.removeAttribute("name");
    // The field is validated by the server; the search box itself may stay empty (a multiple
    // chooser empties it after each choice).
    input.required = false;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    input.setAttribute("autocomplete", "off");

    var selected = JSON.parse(input.dataset.chooserSelected || "[]");
    var typed = input.dataset.chooserTyped || "";
    var shownLabel = "";
    var results = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    if (multiple) {
      selected.forEach(function (item) { addChip(item.valor, item.texto, false); });
      input.value = typed;
    } else if (selected.length) {
      hidden.value = selected[0].valor;
      shownLabel = selected[0].texto;
      input.value = shownLabel;
    } else {
      hidden.value = typed;
    }

    function chosenValues() {
      return Array.prototype.map.call(chosenList.querySelectorAll("input"), function (each) { return each.value; });
    }

    function addChip(value, text, announce) {
      if (chosenValues().indexOf(value) !== -1) { return; }
      var item = element("li", {"class": "badge text-bg-light border d-inline-flex align-items-center gap-1 fw-normal fs-6"});
      item.appendChild(element("span", {}, text));
      var remove = element("button", {"type": "button", "class": "btn-close", "aria-label": "Quitar «" + text + "»"});
      remove.style.fontSize = ".6rem";
      remove.addEventListener("click", function () {
        item.remove();
        say("Se quitó «" + text + "».");
        input.focus();
      });
      item.appendChild(remove);
      item.appendChild(element("input", {"type": "hidden", "name": name, "value": value}));
      chosenList.appendChild(item);
      if (announce) { say("Se agregó «" + text + "»."); }
    }

    function say(message) { status.textContent = message; }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function open() {
      if (!results.length) { return; }
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function highlight(index) {
      var options = listbox.querySelectorAll('[role="option"]');
      options.forEach(function (option, position) {
        option.setAttribute("aria-selected", position === index ? "true" : "false");
        option.classList.toggle("active", position === index);
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({block: "nearest"});
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(items) {
      if (multiple) {
        var chosen = chosenValues();
        items = items.filter(function (item) { return chosen.indexOf(String(item[valueKey])) === -1; });
      }
      results = items;
      listbox.textContent = "";
      items.forEach(function (item, index) {
        var option = element("li", {"id": id + "-opcion-" + index, "role": "option", "aria-selected": "false", "class": "list-group-item list-group-item-action"}, labelOf(item));
        // mousedown, not click: the input keeps the focus, so the list is not closed first.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(index);
        });
        listbox.appendChild(option);
      });
      active = -1;
      if (items.length) {
        open();
        say(items.length + (items.length === 1 ? " opción" : " opciones") + "; use las flechas para recorrerlas y Entrar para elegir.");
      } else {
        close();
        say("Sin opciones que coincidan.");
      }
    }

    function search() {
      var text = input.value === shownLabel ? "" : input.value.trim();
      var ask = ++asked;
      fetch(input.dataset.chooser + "?q=" + encodeURIComponent(text), {headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.json() : {resultados: []}; })
        .then(function (data) { if (ask === asked && document.activeElement === input) { render(data.resultados || []); } })
        .catch(function () { if (ask === asked) { say("No se pudieron consultar las opciones."); } });
    }

    function choose(index) {
      var item = results[index];
      var value = String(item[valueKey]);
      var text = labelOf(item);
      if (multiple) {
        addChip(value, text, true);
        input.value = "";
      } else {
        hidden.value = value;
        shownLabel = text;
        input.value = text;
        say("Se eligió «" + text + "».");
      }
      close();
    }

    input.addEventListener("input", function () {
      // What is typed and not chosen is sent as typed: the server reads a key or a name.
      if (!multiple) { hidden.value = input.value.trim(); shownLabel = ""; }
      clearTimeout(timer);
      timer = setTimeout(search, DELAY);
    });
    input.addEventListener("click", search);
    input.addEventListener("blur", close);
    input.addEventListener("keydown", function (event) {
      var expanded = !listbox.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!expanded) {
          if (results.length) { open(); } else { search(); }
          if (event.altKey) { return; }
        }
        if (results.length) { highlight(Math.min(active + 1, results.length - 1)); }
      } else if (event.key === "ArrowUp") {
        if (expanded) {
          event.preventDefault();
          highlight(Math.max(active - 1, 0));
        }
      } else if (event.key === "Enter") {
        if (expanded && active >= 0) {
          event.preventDefault();
          choose(active);
        }
      } else if (event.key === "Escape") {
        if (expanded) {
          event.preventDefault();
          close();
        }
      } else if (event.key === "Tab") {
        close();
      }
    });
    if (multiple && form) {
      form.addEventListener("submit", function () {
        if (input.value.trim()) {
          wrapper.appendChild(element("input", {"type": "hidden", "name": name, "value": input.value.trim()}));
        }
      });
    }
  }

  function enhanceAll(root) {
    root.querySelectorAll("input[data-chooser]").forEach(enhance);
  }

  enhanceAll(document);
  // Rows that formset.js adds carry choosers too.
  document.addEventListener("formset:added", function (event) { enhanceAll(event.target); });
}());
