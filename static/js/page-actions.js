// Small page actions without inline script (the Content-Security-Policy allows scripts from 'self'
// only): print buttons, select-on-click link fields, copy-link buttons, FAQ answers open for
// printing, and the GOV.UK error summary (focused on load; its links focus their field).
(function () {
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".faq details").forEach(function (d) { d.open = true; });
  });
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var input = document.getElementById(link.getAttribute("href").slice(1));
      if (!input) return;
      event.preventDefault();
      var label = document.querySelector("label[for='" + input.id + "']");
      var legend = input.closest("fieldset") && input.closest("fieldset").querySelector("legend");
      (legend || label || input).scrollIntoView();
      input.focus({preventScroll: true});
    });
  }
  // Lapor & Tanya: show only the contact field that fits the choice (all show without JS).
  var contactRadios = document.querySelectorAll("input[name=contact_choice]");
  function showChosenContact() {
    var chosen = document.querySelector("input[name=contact_choice]:checked");
    document.querySelectorAll("[data-contact]").forEach(function (box) {
      box.hidden = !chosen || box.getAttribute("data-contact") !== chosen.value;
    });
  }
  contactRadios.forEach(function (r) { r.addEventListener("change", showChosenContact); });
  if (contactRadios.length) showChosenContact();
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("[data-select-on-click]").forEach(function (input) {
    input.addEventListener("click", function () { input.select(); });
  });
  document.querySelectorAll(".copy-link").forEach(function (button) {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.url).then(function () {
        button.textContent = button.dataset.copiedLabel || button.textContent;
      });
    });
  });
})();
