// Weak Wi-Fi at the venue: a form sent while the device is offline would land on the
// browser's error page and lose what was typed. Keep the page and say why instead.
(function () {
  "use strict";
  var notice = document.querySelector(".offline-notice");
  if (!notice) { return; }
  document.addEventListener("submit", function (event) {
    if (navigator.onLine === false) {
      event.preventDefault();
      notice.hidden = false;
      notice.scrollIntoView({ block: "center" });
    }
  }, true);
  window.addEventListener("online", function () { notice.hidden = true; });
})();
