// The solve page: follows the running job live from `solve_progress` and `solve_done` on
// /live. The progress bar is the time used of the limit (the solver stops at the limit);
// objective, bound and gap come from the events. When the job ends, the page reloads to show
// the result (and, without JavaScript, it reloads itself while a job runs).
(function () {
  "use strict";
  var root = document.getElementById("solve-job");
  if (!root || typeof window.io !== "function") return;
  var status = root.dataset.status;
  if (status !== "queued" && status !== "running") return;
  var jobId = Number(root.dataset.job);
  var limit = Number(root.dataset.timeLimit) || 1;
  var texts = JSON.parse(document.getElementById("solve-texts").textContent);
  var bar = document.getElementById("solve-progress");
  var $ = function (selector) { return root.querySelector(selector); };
  var startedAt = root.dataset.startedAt ? Date.parse(root.dataset.startedAt) : NaN;
  var lastSeconds = Number($(".job-seconds").textContent) || 0;
  var lastAt = Date.now();

  function show(seconds) {
    $(".job-seconds").textContent = seconds.toFixed(1);
    if (bar) bar.value = Math.min(1, seconds / limit);
  }

  // Between events the elapsed time still moves: from the start, or from the last event.
  setInterval(function () {
    var seconds = !isNaN(startedAt) ? (Date.now() - startedAt) / 1000
      : lastSeconds + (Date.now() - lastAt) / 1000;
    if (status === "running") show(Math.max(lastSeconds, Math.min(seconds, limit)));
  }, 500);

  var socket = window.io("/live", { transports: ["websocket", "polling"] });
  socket.on("solve_progress", function (event) {
    if (event.job !== jobId) return;
    if (status !== "running") {
      status = "running";
      $(".job-status").textContent = texts.statuses.running;
    }
    lastSeconds = event.seconds || 0;
    lastAt = Date.now();
    $(".job-objective").textContent = event.objective === null ? "–" : event.objective;
    $(".job-bound").textContent = event.bound === null ? "–" : event.bound;
    $(".job-gap").textContent = event.bound ?
      (100 * (1 - event.objective / event.bound)).toFixed(1) + " %" : "–";
    show(lastSeconds);
  });
  socket.on("solve_done", function (event) {
    if (event.job !== jobId) return;
    status = event.status;
    $(".job-status").textContent = texts.statuses[event.status] || event.status;
    if (bar) bar.value = 1;
    window.location.reload();
  });
  // The job may have ended while the socket was away: look after every reconnect.
  var connectedBefore = false;
  socket.on("connect", function () {
    if (connectedBefore) {
      fetch("/api/schedule/jobs/" + jobId, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (job) {
          if (job && job.status !== "queued" && job.status !== "running") {
            window.location.reload();
          }
        })
        .catch(function () { /* offline: the next reconnect tries again */ });
    }
    connectedBefore = true;
  });
}());
