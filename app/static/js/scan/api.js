// Talking to /api/checkins with a short timeout: a server that does not answer within
// TIMEOUT_MS counts as no connection, so the door keeps moving (offline mode).
export const TIMEOUT_MS = 3000;

function csrfToken() {
  const input = document.querySelector("input[name=csrf_token]");
  return input ? input.value : "";
}

// {network: true} when nothing came back; else {status, body} (body null when not JSON).
export async function request(method, url, payload) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(url, {
      method,
      signal: controller.signal,
      credentials: "same-origin",
      cache: "no-store",
      headers: payload === undefined
        ? { "Accept": "application/json" }
        : { "Accept": "application/json", "Content-Type": "application/json",
            "X-CSRFToken": csrfToken() },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    let body = null;
    try { body = await response.json(); } catch (error) { body = null; }
    return { status: response.status, body };
  } catch (error) {
    return { network: true };
  } finally {
    clearTimeout(timer);
  }
}

// A server error or a refused session is no answer about the scan: such a scan stays queued.
export function isAnswer(result) {
  if (result.network || result.status >= 500 || result.status === 401) { return false; }
  if (result.body && result.body.error === "csrf_failed") { return false; }
  return true;
}

// A page served from the service worker's cache may carry an old CSRF token: fetch a new one.
export async function refreshCsrfToken() {
  const result = await fetch(location.pathname, { cache: "no-store", credentials: "same-origin" })
    .then((r) => (r.ok ? r.text() : null)).catch(() => null);
  if (!result) { return false; }
  const page = new DOMParser().parseFromString(result, "text/html");
  const fresh = page.querySelector("input[name=csrf_token]");
  const mine = document.querySelector("input[name=csrf_token]");
  if (!fresh || !mine) { return false; }
  document.querySelectorAll("input[name=csrf_token]").forEach((i) => { i.value = fresh.value; });
  return true;
}
