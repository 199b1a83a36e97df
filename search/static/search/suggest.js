// Suggestions as you type on /cari/, as a WAI-ARIA 1.2 combobox (list autocomplete): the input is
// role=combobox with aria-expanded / aria-controls / aria-activedescendant; the list is a listbox of
// options. Arrow keys move through the options (focus stays in the input), Enter opens the active
// option, Escape closes the list (a second Escape clears the input). Progressive enhancement: the
// form works without this file.
(function () {
  "use strict";
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-suggestions");
  var status = document.getElementById("search-suggestions-status");
  if (!input || !list || !window.fetch) return;
  var url = input.getAttribute("data-suggest-url");
  var timer = null;
  var lastQuery = "";
  var items = [];
  var active = -1;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", list.getAttribute("data-label") || "Suggestions");

  function announce(text) { if (status) status.textContent = text; }

  function setActive(index) {
    var options = list.querySelectorAll("[role=option]");
    active = index;
    for (var i = 0; i < options.length; i++) {
      options[i].setAttribute("aria-selected", i === index ? "true" : "false");
    }
    if (index >= 0 && options[index]) {
      input.setAttribute("aria-activedescendant", options[index].id);
      if (options[index].scrollIntoView) options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(-1);
  }

  function clear() { items = []; list.innerHTML = ""; close(); }

  function open(url) { window.location.assign(url); }

  function show(found) {
    items = found;
    list.innerHTML = "";
    found.forEach(function (item, index) {
      var li = document.createElement("li");
      li.id = "search-suggestion-" + index;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.textContent = item.title;  // textContent: titles are never parsed as HTML
      li.addEventListener("mousedown", function (event) { event.preventDefault(); });
      li.addEventListener("click", function () { open(item.url); });
      list.appendChild(li);
    });
    active = -1;
    input.removeAttribute("aria-activedescendant");
    var shown = found.length > 0;
    list.hidden = !shown;
    input.setAttribute("aria-expanded", shown ? "true" : "false");
    var template = list.getAttribute(shown ? "data-count-text" : "data-none-text") || "";
    announce(template.replace("{n}", String(found.length)));
  }

  input.addEventListener("input", function () {
    var q = input.value.trim();
    clearTimeout(timer);
    if (q.length < 2) { clear(); return; }
    timer = setTimeout(function () {
      lastQuery = q;
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { if (q === lastQuery) show(data.suggestions || []); })
        .catch(clear);
    }, 150);
  });

  input.addEventListener("keydown", function (event) {
    var expanded = input.getAttribute("aria-expanded") === "true";
    switch (event.key) {
      case "ArrowDown":
        if (!items.length) return;
        event.preventDefault();
        if (!expanded) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        setActive(active + 1 >= items.length ? 0 : active + 1);
        break;
      case "ArrowUp":
        if (!items.length) return;
        event.preventDefault();
        if (!expanded) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        setActive(active <= 0 ? items.length - 1 : active - 1);
        break;
      case "Enter":
        if (expanded && active >= 0 && items[active]) {
          event.preventDefault();  // open the chosen suggestion instead of submitting the form
          open(items[active].url);
        }
        break;
      case "Escape":
        if (expanded) { event.preventDefault(); close(); }
        else if (input.value) { event.preventDefault(); input.value = ""; clear(); }
        break;
      case "Tab":
        close();
        break;
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
