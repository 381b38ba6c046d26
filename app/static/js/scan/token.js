// The check-in token (docs/checkin.md): Base45 of 22 payload bytes + a 64-byte Ed25519
// signature. Checked here so that the scanner can answer without the server.
import * as noble from "../../vendor/noble-ed25519/ed25519.js";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
const PAYLOAD_LENGTH = 22;
const TOKEN_LENGTH = PAYLOAD_LENGTH + 64;

// RFC 9285; null for any character outside the alphabet or a value that cannot occur.
export function base45Decode(text) {
  if (typeof text !== "string" || text.length % 3 === 1) { return null; }
  const out = [];
  for (let i = 0; i < text.length; i += 3) {
    const digits = Array.from(text.slice(i, i + 3), (c) => ALPHABET.indexOf(c));
    if (digits.some((d) => d < 0)) { return null; }
    if (digits.length === 3) {
      const n = digits[0] + digits[1] * 45 + digits[2] * 2025;
      if (n > 0xffff) { return null; }
      out.push(n >> 8, n & 0xff);
    } else {
      const n = digits[0] + digits[1] * 45;
      if (n > 0xff) { return null; }
      out.push(n);
    }
  }
  return new Uint8Array(out);
}

export function base64urlDecode(text) {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const raw = atob(b64 + "===".slice((b64.length + 3) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// The token's fields, or null when it is not a token of this format at all.
export function parseToken(text) {
  const bytes = base45Decode(text);
  if (!bytes || bytes.length !== TOKEN_LENGTH || bytes[0] !== 1) { return null; }
  const view = new DataView(bytes.buffer);
  return {
    keyId: bytes[1],
    eventId: view.getUint32(2, false),
    code: hex(bytes.subarray(6, PAYLOAD_LENGTH)),
    payload: bytes.slice(0, PAYLOAD_LENGTH),
    signature: bytes.slice(PAYLOAD_LENGTH),
  };
}

// null: not tried yet; then true or false once a browser has shown whether it has Ed25519.
let webCryptoEd25519 = null;
const importedKeys = new Map();

export function verifier() {
  return webCryptoEd25519 === false ? "noble" : webCryptoEd25519 ? "webcrypto" : "unknown";
}

async function webCryptoVerify(publicKey, signature, payload) {
  const id = hex(publicKey);
  if (!importedKeys.has(id)) {
    importedKeys.set(id, await crypto.subtle.importKey(
      "raw", publicKey, { name: "Ed25519" }, false, ["verify"]));
  }
  return crypto.subtle.verify({ name: "Ed25519" }, importedKeys.get(id), signature, payload);
}

export async function verifySignature(publicKey, signature, payload) {
  if (webCryptoEd25519 !== false && window.crypto && crypto.subtle) {
    try {
      const ok = await webCryptoVerify(publicKey, signature, payload);
      webCryptoEd25519 = true;
      return ok;
    } catch (error) {
      // Only a browser without the algorithm falls back; a broken key is simply no match.
      if (error && error.name === "NotSupportedError") { webCryptoEd25519 = false; }
      else { return false; }
    }
  }
  try {
    return await noble.verifyAsync(signature, payload, publicKey);
  } catch (error) {
    return false;
  }
}

// {status: "valid" | "invalid" | "revoked", code} against GET /api/checkins/keys's answer.
export async function verifyOffline(text, keysDoc, eventId) {
  const token = parseToken(text);
  if (!token || !keysDoc || token.eventId !== eventId || token.eventId !== keysDoc.event) {
    return { status: "invalid" };
  }
  const key = (keysDoc.keys || []).find((k) => k.id === token.keyId && k.algorithm === "Ed25519");
  if (!key) { return { status: "invalid" }; }
  let publicKey;
  try { publicKey = base64urlDecode(key.public_key); } catch (error) { return { status: "invalid" }; }
  if (publicKey.length !== 32 || !(await verifySignature(publicKey, token.signature, token.payload))) {
    return { status: "invalid" };
  }
  if ((keysDoc.revoked || []).includes(token.code)) { return { status: "revoked", code: token.code }; }
  return { status: "valid", code: token.code };
}
