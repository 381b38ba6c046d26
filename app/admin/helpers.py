"""Helpers every organiser page shares."""
from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.errors import abort_with
from app.models import Event
from app.models.people import STATUSES
from app.services.events import current_event
from app.urls import local_path


def event_or_404() -> Event:
    """The event; pages that need one answer 404 with a hint until it exists."""
    event = current_event()
    if event is None:
        abort_with(404, _("No event exists yet. Create it on the event settings page first."))
    return event


def found_or_404(record, what: str):
    if record is None:
        abort_with(404, _("There is no such %(what)s in this event.", what=what))
    return record


def render_form(template: str, form, **context):
    """Render a page with a form: 422 when the form shows errors, so clients can tell.

    `errors` (flat_errors) counts too: errors added to nested fields after validation do not
    show in form.errors.
    """
    invalid = bool(form.errors) or bool(context.get("errors"))
    return render_template(template, form=form, **context), 422 if invalid else 200


def list_filters() -> tuple[str, str]:
    """The search text and status filter of a list page (unknown statuses are ignored)."""
    query = request.args.get("q", "").strip()[:200]
    status = request.args.get("status", "")
    return query, status if status in STATUSES else ""


def back_to(default_endpoint: str, **values):
    """Redirect to the page the action came from (local paths only) or to a default."""
    return redirect(local_path(request.form.get("next"))
                    or url_for(default_endpoint, **values))
