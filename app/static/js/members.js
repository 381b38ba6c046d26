// Team member rows: show the filled rows and one empty row, with a button to add another.
// Without JavaScript every row stays visible, so the form works the same.
(function () {
  "use strict";
  document.querySelectorAll("[data-members]").forEach(function (box) {
    var rows = Array.prototype.slice.call(box.querySelectorAll("[data-member-row]"));
    function isEmpty(row) {
      return Array.prototype.every.call(row.querySelectorAll("input:not([type=hidden])"),
        function (input) { return !input.value.trim(); }) &&
        !row.querySelector(".error");
    }
    var shownEmpty = false;
    rows.forEach(function (row, index) {
      if (index > 0 && isEmpty(row)) {
        if (shownEmpty) { row.hidden = true; } else { shownEmpty = true; }
      }
    });
    if (!rows.some(function (row) { return row.hidden; })) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button small";
    button.textContent = box.getAttribute("data-add-label") || "Add another member";
    button.addEventListener("click", function () {
      var next = rows.find(function (row) { return row.hidden; });
      if (next) {
        next.hidden = false;
        var input = next.querySelector("input:not([type=hidden])");
        if (input) { input.focus(); }
      }
      if (!rows.some(function (row) { return row.hidden; })) { button.remove(); }
    });
    box.appendChild(button);
  });
})();
