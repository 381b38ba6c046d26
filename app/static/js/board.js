// The live board: draws every team from the /live snapshot and applies the events after it.
// Events carry `seq`; a gap (a lost event) asks the server for a new snapshot, and the server
// sends one on every (re)connect. Texts come from the page (translated there).
(function () {
  "use strict";
  var root = document.getElementById("live-board");
  if (!root || typeof window.io !== "function") return;
  var texts = JSON.parse(document.getElementById("live-board-texts").textContent);
  var mode = root.dataset.mode;
  var ownCoach = root.dataset.ownCoach ? Number(root.dataset.ownCoach) : null;
  var role = root.dataset.role || "";
  var $ = function (selector) { return root.querySelector(selector); };
  var defaultCountdownTitle = $(".live-countdown-title").textContent;

  var state = {
    seq: null, stages: [], teams: [], announcements: [], countdown: null,
    offset: 0,        // server clock minus device clock, in ms
    receivedAt: null, // device time of the last snapshot or event
    connected: false,
  };

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function parseTime(iso) { return iso ? Date.parse(iso) : NaN; }
  function serverNow() { return Date.now() + state.offset; }

  function duration(ms) {
    var seconds = Math.max(0, Math.floor(ms / 1000));
    if (seconds < 60) return fill(texts.seconds, { n: seconds });
    var minutes = Math.floor(seconds / 60);
    if (minutes < 60) return fill(texts.minutes, { n: minutes });
    return fill(texts.hours, { h: Math.floor(minutes / 60), m: minutes % 60 });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function stageLabel(stage) {
    if (!stage) return texts.not_started;
    return texts.stage_labels[stage] || stage;
  }

  function isOwn(team) { return ownCoach !== null && team.coach && team.coach.id === ownCoach; }

  function mayClose(team) { return role === "organiser" || (role === "coach" && isOwn(team)); }

  // Drawing

  function teamCard(team) {
    var card = el("li", "card live-team" + (isOwn(team) ? " own" : "") +
                  (team.help ? " needs-help" : ""));
    card.dataset.team = team.id;
    var head = el("div", "live-team-head");
    head.appendChild(el("h3", "live-team-name", team.name));
    if (isOwn(team)) head.appendChild(el("span", "badge own-marker", texts.your_team));
    if (team.help) head.appendChild(el("span", "badge help-marker", "⚑ " + texts.needs_help));
    card.appendChild(head);

    var total = state.stages.length;
    var index = team.stage ? state.stages.indexOf(team.stage) + 1 : 0;
    var label = index > 0 ? fill(texts.stage_of, { n: index, total: total, stage: stageLabel(team.stage) })
      : stageLabel(team.stage);
    var progress = el("progress", "live-stage-bar");
    progress.max = Math.max(total, 1);
    progress.value = Math.max(index, 0);
    progress.setAttribute("aria-label", team.name + ": " + label);
    card.appendChild(el("p", "live-stage", label));
    card.appendChild(progress);
    if (team.since) {
      var since = el("p", "live-since muted");
      since.dataset.since = team.since;
      card.appendChild(since);
    }
    card.appendChild(el("p", "live-coach muted",
                        team.coach ? fill(texts.coach, { name: team.coach.name }) : texts.no_coach));
    if (team.help) {
      card.appendChild(el("p", "live-help-flag",
                          team.help.note ? fill(texts.help_note, { note: team.help.note }) : texts.needs_help));
    }
    sessionLine(card, team.now, "now");
    sessionLine(card, team.next, "next");
    if ((team.now || team.next) && !(state.schedule && state.schedule.published)) {
      card.appendChild(el("p", "live-no-schedule muted", texts.no_schedule));
    }
    return card;
  }

  // The team's current or next session: when, the room, and the partners it meets.
  function sessionLine(card, session, which) {
    if (!session) return;
    var clock = function (wall) { return wall.slice(11, 16); };
    var box = el("div", "live-session live-session-" + which);
    box.appendChild(el("p", "live-session-title", which === "now"
      ? fill(texts.session_now, { title: session.title, end: clock(session.ends_at) })
      : fill(texts.session_next, { title: session.title, start: clock(session.starts_at) })));
    var details = [];
    if (session.room) details.push(fill(texts.room, { room: session.room }));
    if (session.partners && session.partners.length) {
      details.push(fill(texts.partners, { names: session.partners.join(", ") }));
    }
    if (details.length) box.appendChild(el("p", "muted", details.join(" · ")));
    card.appendChild(box);
  }

  function filters() {
    var form = $(".live-filters");
    return {
      mine: form.elements.mine ? form.elements.mine.checked : false,
      stage: form.elements.stage.value,
      help: form.elements.help.checked,
    };
  }

  function drawTeams() {
    var list = $(".live-teams");
    var f = filters();
    list.replaceChildren();
    state.teams.forEach(function (team) {
      if (f.mine && !isOwn(team)) return;
      if (f.stage === "-" && team.stage) return;
      if (f.stage && f.stage !== "-" && team.stage !== f.stage) return;
      if (f.help && !team.help) return;
      list.appendChild(teamCard(team));
    });
    if (!list.children.length) list.appendChild(el("li", "muted", texts.no_team));
  }

  function helpButton(text, action, team) {
    var button = el("button", "button small", text);
    button.type = "button";
    button.dataset.action = action;
    button.dataset.team = team.id;
    return button;
  }

  function drawHelp() {
    var list = $(".live-help-list");
    list.replaceChildren();
    var waiting = state.teams.filter(function (team) { return team.help; });
    waiting.sort(function (a, b) { return parseTime(a.help.at) - parseTime(b.help.at); });
    waiting.forEach(function (team) {
      var item = el("li", "live-help-item");
      item.dataset.team = team.id;
      item.appendChild(el("strong", null, team.name));
      var asked = el("span", "muted live-asked");
      asked.dataset.asked = team.help.at || "";
      item.appendChild(asked);
      if (team.help.note) item.appendChild(el("span", "live-help-note", team.help.note));
      if (team.help.claimed_by) {
        item.appendChild(el("span", "badge", fill(texts.on_the_way, { name: team.help.claimed_by })));
      }
      if (mode !== "kiosk" && role) {
        var actions = el("span", "live-help-actions");
        actions.appendChild(helpButton(texts.on_my_way, "claim", team));
        if (mayClose(team)) actions.appendChild(helpButton(texts.close, "close", team));
        item.appendChild(actions);
      }
      list.appendChild(item);
    });
    if (!waiting.length) list.appendChild(el("li", "muted", texts.no_help));
  }

  function drawAnnouncements() {
    var section = $(".live-announcements");
    var list = $(".live-announcement-list");
    list.replaceChildren();
    state.announcements.forEach(function (a) {
      var item = el("li", "card live-announcement");
      item.appendChild(el("p", null, a.text));
      var at = parseTime(a.at);
      var time = isNaN(at) ? "" : new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      item.appendChild(el("p", "muted", fill(texts.announcement_by, { by: a.by || "", time: time })));
      list.appendChild(item);
    });
    section.hidden = !state.announcements.length;
  }

  function draw() {
    drawTeams();
    drawHelp();
    drawAnnouncements();
    root.hidden = false;
    var fallback = document.getElementById("board-fallback");
    if (fallback) fallback.hidden = true;
    tick();
  }

  // The clock-driven texts, every second (without redrawing the buttons).
  function tick() {
    root.querySelectorAll("[data-since]").forEach(function (node) {
      node.textContent = fill(texts.in_stage, { duration: duration(serverNow() - parseTime(node.dataset.since)) });
    });
    root.querySelectorAll("[data-asked]").forEach(function (node) {
      var at = parseTime(node.dataset.asked);
      node.textContent = isNaN(at) ? "" : fill(texts.asked_at, { duration: duration(serverNow() - at) });
    });
    var cd = state.countdown;
    var box = $(".live-countdown");
    if (cd && cd.ends_at) {
      box.hidden = false;
      $(".live-countdown-title").textContent = cd.title || defaultCountdownTitle;
      var left = Math.max(0, cd.deadline - Date.now());
      var s = Math.ceil(left / 1000);
      var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
      var pad = function (n) { return (n < 10 ? "0" : "") + n; };
      $(".live-countdown-time").textContent = left <= 0 ? texts.countdown_over
        : (h ? h + ":" + pad(m) : String(m)) + ":" + pad(sec);
    } else {
      box.hidden = true;
    }
    if (state.receivedAt !== null) {
      $(".live-age").textContent = fill(texts.updated, { duration: duration(Date.now() - state.receivedAt) });
    }
  }

  // The countdown counts ends_at - server_time from the moment it arrived: the device's own
  // clock only measures the time since then.
  function setCountdown(cd) {
    if (!cd || !cd.ends_at) { state.countdown = null; return; }
    var remaining = parseTime(cd.ends_at) - parseTime(cd.server_time);
    state.countdown = { title: cd.title, ends_at: cd.ends_at,
                        deadline: Date.now() + (isNaN(remaining) ? 0 : remaining) };
  }

  // Data

  function applySnapshot(snapshot) {
    var now = Date.now();
    var serverTime = parseTime(snapshot.server_time || (snapshot.countdown && snapshot.countdown.server_time));
    if (!isNaN(serverTime)) state.offset = serverTime - now;
    state.seq = snapshot.seq;
    state.stages = snapshot.stages || [];
    state.teams = snapshot.teams || [];
    state.announcements = snapshot.announcements || [];
    state.schedule = snapshot.schedule || null;
    setCountdown(snapshot.countdown);
    state.receivedAt = now;
    refreshAtNextSession();
    draw();
  }

  var socket = window.io("/live", {
    transports: ["websocket", "polling"],
    auth: mode === "kiosk" ? { token: root.dataset.token } : {},
  });

  function askForSnapshot() { socket.emit("board_snapshot"); }

  // When a session starts or ends the cards' "now" and "next" change: ask for a new
  // snapshot then, each board at a slightly different moment so that they do not all ask at once.
  var refreshTimer = null;
  function refreshAtNextSession() {
    clearTimeout(refreshTimer);
    var at = state.schedule && parseTime(state.schedule.refresh_at);
    if (!at || isNaN(at)) return;
    var wait = Math.max(0, at - serverNow()) + Math.random() * 20000;
    if (wait < 2147483647) refreshTimer = setTimeout(askForSnapshot, wait);
  }

  // True when the event is the next one and should be applied.
  function inSequence(event) {
    if (state.seq === null || typeof event.seq !== "number" || event.seq <= state.seq) return false;
    if (event.seq !== state.seq + 1) { askForSnapshot(); return false; }
    state.seq = event.seq;
    state.receivedAt = Date.now();
    return true;
  }

  function team(id) {
    for (var i = 0; i < state.teams.length; i++) if (state.teams[i].id === id) return state.teams[i];
    return null;
  }

  socket.on("board_snapshot", applySnapshot);

  socket.on("stage_changed", function (event) {
    if (!inSequence(event)) return;
    var t = team(event.team);
    if (!t) { askForSnapshot(); return; }
    t.stage = event.stage;
    t.since = event.at;
    draw();
  });

  socket.on("help_changed", function (event) {
    if (!inSequence(event)) return;
    var t = team(event.team);
    if (!t) { askForSnapshot(); return; }
    t.help = event.needed ? { needed: true, note: event.note, at: event.at, by: event.by,
                              claimed_by: event.claimed_by || null } : null;
    draw();
  });

  socket.on("announcement", function (event) {
    if (!inSequence(event)) return;
    state.announcements = [event].concat(state.announcements).slice(0, 5);
    draw();
  });

  socket.on("countdown", function (event) {
    if (!inSequence(event)) return;
    setCountdown(event);
    draw();
  });

  // Board events this page does not show still move the sequence on; a new schedule changes
  // every card's sessions, so it brings a new snapshot.
  socket.on("checkin", function (event) { inSequence(event); });
  socket.on("schedule_published", function (event) {
    if (inSequence(event)) askForSnapshot();
  });

  // Connection state

  function setOffline(offline) {
    $(".live-offline").hidden = !offline;
    root.classList.toggle("is-offline", offline);
  }

  socket.on("connect", function () { state.connected = true; setOffline(false); });
  socket.on("disconnect", function (reason) {
    state.connected = false;
    setOffline(true);
    // The server closed it (e.g. a restart): socket.io does not retry that by itself.
    if (reason === "io server disconnect") setTimeout(function () { socket.connect(); }, 2000);
  });
  socket.on("connect_error", function (error) {
    setOffline(true);
    if (!socket.active) {  // refused by the server (a revoked kiosk link, a logged-out session)
      var status = $(".live-offline");
      status.textContent = fill(texts.refused, { reason: error && error.message ? error.message : "" });
      root.hidden = false;
      setTimeout(function () { socket.connect(); }, 30000);
    }
  });

  // The device knows sooner than the heartbeat that the network is gone or back.
  window.addEventListener("offline", function () { setOffline(true); socket.disconnect(); });
  window.addEventListener("online", function () { if (!socket.connected) socket.connect(); });

  $(".live-filters").addEventListener("change", drawTeams);
  $(".live-filters").addEventListener("submit", function (e) { e.preventDefault(); });

  // Help queue buttons (staff only): the API answers, the event redraws every board.
  root.addEventListener("click", function (e) {
    var button = e.target.closest("button[data-action]");
    if (!button) return;
    var id = button.dataset.team;
    var claim = button.dataset.action === "claim";
    var url = (claim ? root.dataset.claimUrl : root.dataset.helpUrl).replace("/0/", "/" + id + "/");
    var status = $(".live-action-status");
    button.disabled = true;
    fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf,
                 "Accept": "application/json" },
      body: JSON.stringify(claim ? {} : { needed: false }),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) throw new Error(body.message || response.statusText);
        status.textContent = texts.sent;
      });
    }).catch(function (error) {
      status.textContent = fill(texts.failed, { reason: error.message });
    }).then(function () { button.disabled = false; });
  });

  setInterval(tick, 1000);
})();
