// The coach's phone page: a tapped stage is sent to the live API; while the phone is offline
// (or the Wi-Fi drops the request) the move waits in localStorage and is sent, in order and
// with its same client id, when the phone is back online or the page is loaded again. The
// server records a move sent twice once. Without this script the buttons are plain forms.
(function () {
  "use strict";
  var root = document.getElementById("coach-page");
  if (!root || !window.fetch || !window.localStorage) { return; }
  var KEY = "coach-moves-v1";
  var list = root.querySelector(".coach-queue");
  var rows = {};  // client id -> its line in the list
  var sending = false;

  function text(name, values) {
    return (root.getAttribute("data-text-" + name) || "").replace(/\{(\w+)\}/g,
      function (whole, key) { return values[key] === undefined ? whole : values[key]; });
  }

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "[]") || []; } catch (e) { return []; }
  }

  function save(queue) { localStorage.setItem(KEY, JSON.stringify(queue)); }

  function drop(move) {
    save(load().filter(function (m) { return m.client_id !== move.client_id; }));
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    // Plain http on the venue's network is not a secure context: no randomUUID there.
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) {
      return (b + 256).toString(16).slice(1);
    }).join("");
  }

  function token() {
    var input = document.querySelector("input[name=csrf_token]");
    return input ? input.value : "";
  }

  function card(teamId) {
    return root.querySelector('.coach-team[data-team="' + teamId + '"]');
  }

  function stageLabel(teamId, stage) {
    var team = card(teamId);
    var button = team && team.querySelector('.stage-button[value="' + stage + '"]');
    return button ? button.getAttribute("data-label") : (stage || text("none", {}));
  }

  function show(move, state, values) {
    var row = rows[move.client_id];
    if (!row) {
      row = document.createElement("li");
      rows[move.client_id] = row;
      list.appendChild(row);
    }
    list.hidden = false;
    row.className = state;
    row.setAttribute("data-client-id", move.client_id);
    var names = { team: move.team_name, stage: move.label };
    for (var key in values || {}) { names[key] = values[key]; }
    row.textContent = text(state, names);
    var team = card(move.team);
    var button = team && team.querySelector('.stage-button[value="' + move.stage + '"]');
    if (button) { button.classList.toggle("waiting", state === "waiting" || state === "sending"); }
    if (state === "refused" || state === "failed") {
      var error = team && team.querySelector(".coach-error");
      if (error) { error.textContent = row.textContent; error.hidden = false; }
    }
  }

  function applied(move, view) {
    var team = card(move.team);
    if (!team) { return; }
    team.querySelector(".coach-current").textContent = stageLabel(move.team, view.stage);
    team.querySelectorAll(".stage-button").forEach(function (button) {
      var current = button.value === view.stage;
      var mark = button.querySelector(".current-mark");
      button.disabled = current;
      if (current) {
        button.setAttribute("aria-current", "step");
        if (!mark) {
          mark = document.createElement("span");
          mark.className = "current-mark";
          mark.textContent = " \u2713 " + text("current", {});
          button.appendChild(mark);
        }
      } else {
        button.removeAttribute("aria-current");
        if (mark) { mark.remove(); }
      }
    });
    var history = team.querySelector(".history-list");
    var empty = history.querySelector(".history-empty");
    if (empty) { empty.remove(); }
    var item = document.createElement("li");
    var time = document.createElement("time");
    time.setAttribute("datetime", view.at || "");
    time.textContent = view.at ? new Date(view.at).toLocaleString([], {
      weekday: "short", hour: "2-digit", minute: "2-digit" }) : "";
    item.appendChild(time);
    item.appendChild(document.createTextNode(" \u00b7 " + view.by + ": " +
      stageLabel(move.team, view.previous) + " \u2192 " + stageLabel(move.team, view.stage) +
      (view.note ? " \u00b7 \u201c" + view.note + "\u201d" : "")));
    history.insertBefore(item, history.firstChild);
    history.closest("details").open = true;
    var count = team.querySelector(".history-count");
    count.textContent = String(history.querySelectorAll("li").length);
    var error = team.querySelector(".coach-error");
    if (error) { error.hidden = true; }
  }

  function flush() {
    if (sending) { return; }
    var queue = load();
    if (!queue.length) { return; }
    var move = queue[0];
    sending = true;
    show(move, "sending");
    fetch(move.url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json",
                 "X-CSRFToken": token() },
      body: JSON.stringify({ stage: move.stage, note: move.note, client_id: move.client_id })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        sending = false;
        if (response.ok) {
          drop(move);
          show(move, "sent");
          applied(move, body);
        } else if (response.status >= 500) {
          show(move, "waiting");  // the server's trouble: keep it and try again later
          return;
        } else {
          drop(move);  // refused (403, 422, ...): sending it again would not help
          if (body.message) { show(move, "refused", { message: body.message }); }
          else { show(move, "failed", { status: response.status }); }
        }
        flush();
      });
    }, function () {
      sending = false;  // no answer (offline, Wi-Fi dropped): it waits for the next chance
      load().forEach(function (waiting) { show(waiting, "waiting"); });
    });
  }

  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("coach-move")) { return; }
    var button = event.submitter || document.activeElement;
    if (!button || !button.classList.contains("stage-button")) { return; }
    event.preventDefault();
    var team = form.closest(".coach-team");
    var note = form.querySelector("input[name=note]");
    var move = { client_id: newId(), url: form.getAttribute("data-api"),
                 team: team.getAttribute("data-team"), team_name: team.getAttribute("data-name"),
                 stage: button.value, label: button.getAttribute("data-label"),
                 note: note ? note.value : "" };
    var queue = load();
    queue.push(move);
    save(queue);
    if (note) { note.value = ""; }
    show(move, "waiting");
    flush();
  });

  window.addEventListener("online", flush);
  load().forEach(function (move) { show(move, "waiting"); });
  flush();
})();
