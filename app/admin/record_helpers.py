"""Small helpers of the organiser pages for enterprises, partners and coaches."""
from flask import redirect, request, url_for
from flask_babel import gettext as _

from app.errors import abort_with
from app.models.people import STATUSES
from app.services.events import current_event

STATUS_CODE_INVALID = 422


def admin_event():
    event = current_event()
    if event is None:
        abort_with(404, _("There is no event yet. Load the demo with 'flask --app wsgi demo'."))
    return event


def list_filters() -> tuple[str, str]:
    """The search text and status filter of a list page (unknown statuses are ignored)."""
    query = request.args.get("q", "").strip()[:200]
    status = request.args.get("status", "")
    return query, status if status in STATUSES else ""


def back_to(default_endpoint: str, **values):
    """Redirect to the page the action came from (local paths only) or to a default."""
    target = request.form.get("next") or ""
    if not target.startswith("/") or target.startswith("//"):
        target = url_for(default_endpoint, **values)
    return redirect(target)
