// Progressive enhancement: narrow the kelurahan list to the chosen kecamatan without a reload.
// Nothing submits on change (WCAG 3.2.2): the button does. After a search, focus moves to the result.
(function () {
  var form = document.getElementById("officer-finder");
  var kec = document.getElementById("id_kecamatan"), kel = document.getElementById("id_kelurahan");
  var result = document.getElementById("finder-result-title");
  if (result && !document.getElementById("error-summary")) result.focus();
  if (!form || !kec || !kel) return;
  var groups = Array.prototype.slice.call(kel.querySelectorAll("optgroup"));
  function narrow() {
    groups.forEach(function (g) {
      var show = !kec.value || g.dataset.kecamatan === kec.value;
      g.hidden = !show; g.disabled = !show;
    });
    var opt = kel.options[kel.selectedIndex];
    if (opt && opt.parentNode.disabled) kel.value = "";
  }
  kec.addEventListener("change", narrow);
  narrow();
})();
