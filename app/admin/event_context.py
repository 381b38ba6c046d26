"""Small helpers the event and account pages share."""
from flask import render_template
from flask_babel import gettext as _

from app.errors import abort_with
from app.models import Event
from app.services.events import current_event


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
    """Render a page with a form: 422 when the form shows errors, so clients can tell."""
    return render_template(template, form=form, **context), 422 if form.errors else 200
