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
