// "Select all on this page" for the organiser lists: a checkbox in the header ticks every
// row's checkbox of its form. Without JavaScript the header box stays hidden and each row
// is ticked by hand; the form works the same.
(function () {
  "use strict";
  document.querySelectorAll("[data-select-all]").forEach(function (all) {
    var formId = all.getAttribute("data-select-all");
    var rows = Array.prototype.slice.call(
      document.querySelectorAll('input[type=checkbox][name=ids][form="' + formId + '"]'));
    if (!rows.length) { return; }
    function update() {
      var ticked = rows.filter(function (row) { return row.checked; }).length;
      all.checked = ticked === rows.length;
      all.indeterminate = ticked > 0 && ticked < rows.length;
    }
    all.hidden = false;
    all.addEventListener("change", function () {
      rows.forEach(function (row) { row.checked = all.checked; });
      update();
    });
    rows.forEach(function (row) { row.addEventListener("change", update); });
    update();
  });
})();
