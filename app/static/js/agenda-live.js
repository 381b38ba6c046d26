// The personal page's agenda follows the published schedule without a reload: the page
// connects to /live with its personal token (read-only; it hears schedule_published only)
// and, when a new version is published, fetches its agenda fragment and swaps it in.
(function () {
  "use strict";
  var root = document.getElementById("agenda-live");
  if (!root || !window.io || root.dataset.live !== "1") return;

  var loading = null;
  function refresh() {
    if (loading) return loading;
    loading = fetch(root.dataset.url, { credentials: "same-origin", cache: "no-store",
                                        headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error("agenda " + response.status);
        return response.text();
      })
      .then(function (html) {
        root.innerHTML = html;
        root.dataset.version = String(Date.now());
      })
      .catch(function () { /* the next publish or a reload brings it */ })
      .then(function () { loading = null; });
    return loading;
  }

  var socket = window.io("/live", {
    transports: ["websocket", "polling"],
    auth: { token: root.dataset.token },
  });
  socket.on("schedule_published", refresh);
  // A reconnect may have missed a publish: fetch the agenda again then.
  var connectedOnce = false;
  socket.on("connect", function () {
    root.dataset.connected = "1";  // tests and styles can tell that the page is following
    if (connectedOnce) refresh();
    connectedOnce = true;
  });
  // Weak Wi-Fi at the venue: say plainly that what is shown may be old.
  var offline = document.getElementById("agenda-offline");
  function showOffline(on) { if (offline) offline.hidden = !on; }
  socket.on("disconnect", function () { root.dataset.connected = "0"; showOffline(true); });
  window.addEventListener("offline", function () { showOffline(true); });
  socket.on("connect", function () { showOffline(false); });
  socket.on("connect_error", function () {
    if (!socket.active) setTimeout(function () { socket.connect(); }, 30000);
  });
})();
