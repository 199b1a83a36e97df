// Suggestions as you type on /cari/ (progressive enhancement: the form works without this).
(function () {
  "use strict";
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-suggestions");
  if (!input || !list || !window.fetch) return;
  var url = input.getAttribute("data-suggest-url");
  var timer = null;
  var lastQuery = "";
  list.setAttribute("role", "listbox");
  input.setAttribute("aria-controls", "search-suggestions");

  function clear() { list.innerHTML = ""; list.hidden = true; }

  function show(items) {
    list.innerHTML = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.title;  // textContent: titles are never parsed as HTML
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
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
  input.addEventListener("keydown", function (event) { if (event.key === "Escape") clear(); });
  document.addEventListener("click", function (event) { if (event.target !== input) clear(); });
})();
