// Weak Wi-Fi at the venue: a form sent while the device is offline would land on the
// browser's error page and lose what was typed. Keep the page and say why instead.
(function () {
  "use strict";
  var notice = document.querySelector(".offline-notice");
  if (!notice) { return; }
  document.addEventListener("submit", function (event) {
    // A form marked data-offline-queue keeps what is sent offline itself (js/coach.js).
    if (event.target.hasAttribute && event.target.hasAttribute("data-offline-queue")) { return; }
    if (navigator.onLine === false) {
      event.preventDefault();
      notice.hidden = false;
      notice.scrollIntoView({ block: "center" });
    }
  }, true);
  window.addEventListener("online", function () { notice.hidden = true; });
})();
