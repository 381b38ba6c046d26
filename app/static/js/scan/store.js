// What the scanner keeps on the phone, in IndexedDB (through the vendored idb, window.idb):
// "state" holds the keys and the roster, "pending" the scans made offline, by nonce.
const DB_NAME = "hackathon-scanner";

let opened = null;

function database() {
  if (!opened) {
    opened = window.idb.openDB(DB_NAME, 1, {
      upgrade(db) {
        db.createObjectStore("state");
        db.createObjectStore("pending", { keyPath: "nonce" });
      },
    });
  }
  return opened;
}

export async function getState(key) { return (await database()).get("state", key); }
export async function setState(key, value) { return (await database()).put("state", value, key); }
export async function addPending(scan) { return (await database()).put("pending", scan); }
export async function removePending(nonce) { return (await database()).delete("pending", nonce); }

export async function listPending() {
  const all = await (await database()).getAll("pending");
  return all.sort((a, b) => a.scanned_at.localeCompare(b.scanned_at));
}

// Logging out takes the list of people, the keys and the cached page (which would open offline
// without a login) off the phone; waiting scans stay, to be sent after the next login.
export function clearOnLogout(form, onLeave) {
  if (!form) { return; }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    onLeave();
    const page = window.caches ? caches.keys().then((names) => Promise.all(
      names.map((name) => caches.open(name).then((cache) => cache.delete("/scan"))))) : null;
    const people = database().then((db) => Promise.all(
      ["roster", "keys", "fetched_at"].map((key) => db.delete("state", key))));
    Promise.all([page, people]).finally(() => form.submit());
  }, { once: true });
}
