// On a phone a wide table reads better as one card per row: label every cell with its
// column's heading (the CSS shows it before the value below 40rem). Without this script
// the table scrolls sideways.
(function () {
  "use strict";
  document.querySelectorAll(".table-wrap table").forEach(function (table) {
    var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.classList.contains("select-cell") ? "" : th.textContent.replace(/[▲▼]/g, "").trim();
    });
    if (!headings.length) { return; }
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        if (headings[column]) { cell.setAttribute("data-label", headings[column]); }
        column += cell.colSpan || 1;
      });
    });
    table.classList.add("cards");
  });
})();
