// The scanner page: camera -> token -> POST /api/checkins, or, without a connection, the
// token checked on the phone and kept in IndexedDB until the server takes it.
import { isAnswer, refreshCsrfToken, request } from "./api.js";
import { startCamera } from "./camera.js";
import { show, unlockAudio } from "./feedback.js";
import {
  addPending, clearOnLogout, getState, listPending, removePending, setState,
} from "./store.js";
import { parseToken, verifyOffline } from "./token.js";

const root = document.getElementById("scanner");
const text = root.dataset;
const eventId = Number(text.event);
const API = text.api;
const ROLE_LABELS = JSON.parse(text.roles || "{}");
const SAME_TEXT_MS = 3000;      // the camera sees a held-up code many times a second
const FRAME_MS = 200;            // a frame every 200 ms: quick enough, light on the battery
const RETRY_MS = 10000;         // pending scans are retried on this timer and on "online"
const REFRESH_MS = 60000;       // keys and roster, while online
const UNDO_MS = 60000;
const CHECKPOINT_KEY = "scan.checkpoint";

const $ = (id) => document.getElementById(id);
const elements = {
  result: $("scan-result"), status: $("scan-result-status"), name: $("scan-result-name"),
  details: $("scan-result-details"), extra: $("scan-result-extra"), live: $("scan-live"),
};
const checkpointSelect = $("scan-checkpoint");
const undoButton = $("scan-undo");

const state = {
  online: true, keys: null, roster: [], byCode: new Map(), byId: new Map(),
  lastText: "", lastTextAt: 0, flushing: false, undo: null,
};

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => (key in values ? String(values[key]) : ""));
}

function newNonce() {
  if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
  return Array.from(crypto.getRandomValues(new Uint8Array(16)),
    (b) => b.toString(16).padStart(2, "0")).join("");
}

function timeText(iso) {
  try {
    return new Date(iso).toLocaleTimeString(document.documentElement.lang || undefined,
      { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: text.timezone });
  } catch (error) { return iso; }
}

function checkpointLabel(key) {
  const option = Array.from(checkpointSelect.options).find((o) => o.value === key);
  return option ? option.textContent.trim() : key;
}

function personDetails(person) {
  if (!person) { return ""; }
  return [ROLE_LABELS[person.role] || person.role, person.team || text.textNoTeam].join(" · ");
}

// --- online / offline ---------------------------------------------------------------

function setOnline(online) {
  if (state.online === online) { return; }
  state.online = online;
  $("scan-offline").hidden = online;
  root.dataset.mode = online ? "online" : "offline";
}

// --- the cached keys and roster ------------------------------------------------------

function useRoster(roster) {
  state.roster = roster || [];
  state.byCode = new Map(state.roster.map((p) => [p.code, p]));
  state.byId = new Map(state.roster.map((p) => [p.person, p]));
}

async function loadCached() {
  state.keys = (await getState("keys")) || null;
  useRoster((await getState("roster")) || []);
  showRosterAge(await getState("fetched_at"));
}

function showRosterAge(at) {
  $("scan-roster-age").textContent = at ? fill(text.textRosterAge, { time: timeText(at) }) : "";
}

// After "Log out" nothing about people is written again (a refresh may still be under way).
function keep(key, value) {
  return state.leaving ? Promise.resolve() : setState(key, value);
}

async function refreshData() {
  const keys = await request("GET", API + "/keys");
  if (keys.network) { setOnline(false); return false; }
  const roster = await request("GET", API + "/roster");
  if (roster.network) { setOnline(false); return false; }
  if (keys.status === 200 && roster.status === 200 && Array.isArray(roster.body)) {
    const at = new Date().toISOString();
    state.keys = keys.body;
    useRoster(roster.body);
    await keep("keys", keys.body);
    await keep("roster", roster.body);
    await keep("fetched_at", at);
    showRosterAge(at);
  }
  setOnline(true);
  return true;
}

// A check-in the server confirmed is remembered locally, so an offline rescan is caught.
async function rememberCheckIn(personId, code, checkpoint) {
  const entry = (personId != null && state.byId.get(personId)) || (code && state.byCode.get(code));
  if (!entry) { return; }
  entry.checked_in = entry.checked_in || [];
  if (!entry.checked_in.includes(checkpoint)) {
    entry.checked_in.push(checkpoint);
    await keep("roster", state.roster);
  }
}

// --- answers -----------------------------------------------------------------------

const STATUS_TEXT = { ok: "textOk", already_checked_in: "textAlready", invalid: "textInvalid",
  revoked: "textRevoked" };

function serverAnswer(body, checkpoint) {
  const person = body.person || null;
  const extra = [];
  if (body.at && body.status !== "invalid" && body.status !== "revoked") {
    extra.push(fill(text.textAt, { time: timeText(body.at) }));
  }
  if (typeof body.count === "number") { extra.push(fill(text.textCount, { count: body.count })); }
  return {
    good: body.status === "ok", status: body.status, offline: false,
    text: text[STATUS_TEXT[body.status]] || body.message || body.status,
    name: person ? person.name : "", details: personDetails(person),
    extra: [checkpointLabel(checkpoint)].concat(extra).join(" · "),
  };
}

function startUndo(label, action) {
  state.undo = { deadline: Date.now() + UNDO_MS, action, label };
  tickUndo();
}

// A new answer takes the old one's undo away: the button always belongs to what is shown.
function clearUndo() {
  state.undo = null;
  tickUndo();
}

function tickUndo() {
  if (!state.undo) { undoButton.hidden = true; return; }
  const left = Math.ceil((state.undo.deadline - Date.now()) / 1000);
  if (left <= 0) { state.undo = null; undoButton.hidden = true; return; }
  undoButton.hidden = false;
  undoButton.textContent = fill(text.textUndo, { seconds: left });
}

async function undoLast() {
  const undo = state.undo;
  if (!undo) { return; }
  clearUndo();
  const message = await undo.action();
  show(elements, { good: !message, status: message ? "undo_failed" : "undone",
    text: message ? fill(text.textUndoFailed, { message }) : fill(text.textUndone, { name: undo.label }) });
}

async function undoOnline(checkinId, personId, checkpoint) {
  const result = await request("POST", `${API}/${checkinId}/undo`, {});
  if (result.network) { return text.textSearchOffline; }
  if (result.status >= 300) { return (result.body && result.body.message) || String(result.status); }
  const entry = state.byId.get(personId);
  if (entry && entry.checked_in) {
    entry.checked_in = entry.checked_in.filter((c) => c !== checkpoint);
    await keep("roster", state.roster);
  }
  return "";
}

// --- one scan ----------------------------------------------------------------------

async function sendOnline(payload, code) {
  let result = await request("POST", API, payload);
  if (result.body && result.body.error === "csrf_failed" && (await refreshCsrfToken())) {
    result = await request("POST", API, payload);
  }
  if (result.network || result.status >= 500) { setOnline(false); return false; }
  const body = result.body || {};
  if (!body.status) {
    show(elements, { good: false, status: "error", text: result.status === 401 ? text.textLogin
      : (body.message || String(result.status)) });
    return true;
  }
  show(elements, serverAnswer(body, payload.checkpoint));
  if (body.status === "ok" || body.status === "already_checked_in") {
    await rememberCheckIn(body.person && body.person.id, code, payload.checkpoint);
  }
  if (body.status === "ok" && body.id != null) {
    const person = body.person || {};
    startUndo(person.name || "", () => undoOnline(body.id, person.id, payload.checkpoint));
  }
  return true;
}

async function checkOffline(token, checkpoint, nonce, scannedAt) {
  const bad = (key, extra) => show(elements, { good: false, status: key, offline: true,
    text: text[STATUS_TEXT[key]] || key, extra });
  if (!state.keys) {
    show(elements, { good: false, status: "no_keys", offline: true, text: text.textNoKeys });
    return;
  }
  const verdict = await verifyOffline(token, state.keys, eventId);
  if (verdict.status !== "valid") { bad(verdict.status); return; }
  const person = state.byCode.get(verdict.code) || null;
  const pending = await listPending();
  const twice = pending.some((p) => p.code === verdict.code && p.checkpoint === checkpoint) ||
    (person && (person.checked_in || []).includes(checkpoint));
  if (twice) {
    show(elements, { good: false, status: "already_checked_in", offline: true,
      text: text.textAlreadyOffline, name: person ? person.name : "",
      details: personDetails(person), extra: checkpointLabel(checkpoint) });
    return;
  }
  const scan = { nonce, token, checkpoint, scanned_at: scannedAt, code: verdict.code,
    name: person ? person.name : "", person: person ? person.person : null };
  await addPending(scan);
  show(elements, { good: true, status: "ok", offline: true, text: text.textOkOffline,
    name: person ? person.name : text.textUnknownPerson, details: personDetails(person),
    extra: checkpointLabel(checkpoint) + " · " + timeText(scannedAt) });
  startUndo(scan.name, async () => { await removePending(nonce); await renderPending(); return ""; });
  await renderPending();
}

async function handleScan(token) {
  const now = Date.now();
  // A code held up keeps being seen: it counts again only after ~3 s out of view.
  const seen = token === state.lastText && now - state.lastTextAt < SAME_TEXT_MS;
  state.lastText = token;
  state.lastTextAt = now;
  if (seen) { return; }
  clearUndo();
  const checkpoint = checkpointSelect.value;
  const nonce = newNonce();
  const scannedAt = new Date().toISOString();
  const parsed = parseToken(token);
  try {
    if (state.online) {
      const payload = { token, checkpoint, nonce, scanned_at: scannedAt };
      if (await sendOnline(payload, parsed && parsed.code)) { return; }
    }
    await checkOffline(token, checkpoint, nonce, scannedAt);
  } finally {
    // No frames are read while waiting for an answer: that time is not "out of view".
    if (state.lastText === token) { state.lastTextAt = Date.now(); }
  }
}

// --- pending scans -----------------------------------------------------------------

async function renderPending() {
  const pending = await listPending();
  $("scan-pending-count").textContent = String(pending.length);
  const list = $("scan-pending-list");
  list.replaceChildren(...pending.map((scan) => {
    const item = document.createElement("li");
    item.dataset.nonce = scan.nonce;
    item.textContent = `${scan.name || scan.code} · ${checkpointLabel(scan.checkpoint)} · ` +
      timeText(scan.scanned_at);
    return item;
  }));
  return pending;
}

function showCollision(scan, body) {
  const item = document.createElement("li");
  item.textContent = fill(text.textCollision, {
    name: (body.person && body.person.name) || scan.name || scan.code,
    checkpoint: checkpointLabel(scan.checkpoint), time: body.at ? timeText(body.at) : "" });
  $("scan-collisions").appendChild(item);
}

// Sends every pending scan once; each leaves the queue as soon as the server has answered it.
async function flush() {
  if (state.flushing) { return; }
  state.flushing = true;
  try {
    const pending = await listPending();
    for (const scan of pending) {
      const payload = { token: scan.token, checkpoint: scan.checkpoint, nonce: scan.nonce,
        scanned_at: scan.scanned_at, offline: true };
      let result = await request("POST", API, payload);
      if (result.body && result.body.error === "csrf_failed" && (await refreshCsrfToken())) {
        result = await request("POST", API, payload);
      }
      if (result.network) { setOnline(false); return; }
      if (!isAnswer(result)) {
        if (result.status === 401) { $("scan-roster-age").textContent = text.textLogin; }
        return;
      }
      setOnline(true);
      await removePending(scan.nonce);
      await renderPending();
      if (result.body && result.body.collision) { showCollision(scan, result.body); }
    }
    if (pending.length) { await refreshData(); }
  } finally {
    state.flushing = false;
    await renderPending();
  }
}

async function retry() {
  const pending = await listPending();
  if (pending.length) { await flush(); }
  else if (!state.online) { await refreshData(); }
}

// --- name search (online only: the person's id, no code) ------------------------------

function renderSearch() {
  const query = $("scan-search-input").value.trim().toLowerCase();
  const list = $("scan-search-results");
  if (query.length < 2) { list.replaceChildren(); return; }
  const matches = state.roster.filter((p) => (p.name || "").toLowerCase().includes(query))
    .slice(0, 12);
  if (!matches.length) {
    const item = document.createElement("li");
    item.textContent = text.textNoMatch;
    list.replaceChildren(item);
    return;
  }
  list.replaceChildren(...matches.map((person) => {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = `${person.name} · ${personDetails(person)}`;
    button.addEventListener("click", () => checkInByName(person));
    item.appendChild(button);
    return item;
  }));
}

async function checkInByName(person) {
  unlockAudio();
  clearUndo();
  const payload = { person: person.person, checkpoint: checkpointSelect.value, nonce: newNonce() };
  if (!state.online || !(await sendOnline(payload, person.code))) {
    show(elements, { good: false, status: "offline", offline: true, text: text.textSearchOffline,
      name: person.name });
  }
}

// --- start -------------------------------------------------------------------------

async function start() {
  const saved = localStorage.getItem(CHECKPOINT_KEY);
  if (saved && Array.from(checkpointSelect.options).some((o) => o.value === saved)) {
    checkpointSelect.value = saved;
  }
  checkpointSelect.addEventListener("change", () => {
    localStorage.setItem(CHECKPOINT_KEY, checkpointSelect.value);
    state.lastText = "";  // the code in front of the camera counts again at the new checkpoint
  });
  undoButton.addEventListener("click", undoLast);
  setInterval(tickUndo, 1000);
  $("scan-search-input").addEventListener("input", renderSearch);
  document.addEventListener("click", unlockAudio);
  clearOnLogout(document.querySelector('form[action$="/auth/logout"]'),
    () => { state.leaving = true; });
  window.addEventListener("online", () => { flush().then(refreshData); });
  window.addEventListener("offline", () => setOnline(false));
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(text.sw, { scope: "/scan" }).catch((error) => {
      console.warn("no service worker", error);
    });
  }
  root.dataset.mode = "online";
  await loadCached();
  await renderPending();
  if (!navigator.onLine) { setOnline(false); }
  startCamera({
    video: $("scan-video"), status: $("scan-camera-status"), root,
    wasmUrl: new URL(text.wasm, location.href).href, frameMs: FRAME_MS,
    failedText: text.textCameraFailed, onCode: handleScan,
  });
  await retry();
  if (state.online) { await refreshData(); }
  setInterval(retry, RETRY_MS);
  setInterval(() => { if (state.online) { refreshData(); } }, REFRESH_MS);
  root.dataset.ready = "true";
}

start();
