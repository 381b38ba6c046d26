// A form that comes back with errors: move the focus to the summary of what to correct, so
// keyboard and screen-reader users start there (the summary has tabindex="-1").
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
})();
