"""What the scanner page needs from the server: the checkpoints and its security policy."""
from flask_babel import lazy_gettext as _l

from app.formatting import format_when
from app.security import CONTENT_SECURITY_POLICY
from app.services.events import current_event

# The app's policy plus 'wasm-unsafe-eval' (WebAssembly only, not eval) for the ZXing reader.
SCANNER_CSP = CONTENT_SECURITY_POLICY.replace("script-src 'self'",
                                              "script-src 'self' 'wasm-unsafe-eval'")


# A person's role as the door shows it (the API sends the stored word).
PERSON_ROLE_LABELS = {"member": _l("Team member"), "partner": _l("Partner"),
                      "coach": _l("Coach")}


def checkpoints(event) -> list[dict]:
    """Arrival first, then every session in time order: {"key", "label"} (key as the API)."""
    sessions = sorted(event.sessions, key=lambda s: (s.starts_at, s.id)) if event else []
    return [{"key": s.key,
             "label": f"{s.title} · {format_when(s.starts_at, 'EEE HH:mm')}"} for s in sessions]


def scanner_page() -> dict:
    event = current_event()
    return {"sessions": checkpoints(event), "event_id": event.id if event else 0,
            "timezone": event.timezone if event else "UTC",
            "role_labels": {role: str(label) for role, label in PERSON_ROLE_LABELS.items()}}
