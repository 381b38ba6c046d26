"""Helpers every organiser page shares."""
from collections.abc import Callable

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.errors import abort_with
from app.form_submit import submit
from app.models import Event
from app.services.checks import ValidationFailed
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


def submit_form(form, save: Callable, success: Callable | str, redirect_to: Callable | str):
    """Save a submitted form: a redirect on success, None when the page should show the form.

    `save(commit=...)` calls the service and returns what it saved (see app.form_submit.submit:
    with the form's errors it runs with commit=False, so every problem shows at once);
    `success` is the flash message or makes it from that result (after the save, so it can
    name the new values); `redirect_to` is an endpoint, or makes the URL from the result.
    """
    done, saved = submit(form, save)
    if not done:
        return None
    flash(success(saved) if callable(success) else success, "success")
    return redirect(redirect_to(saved) if callable(redirect_to) else url_for(redirect_to))


def flash_refusal(failed: ValidationFailed) -> None:
    """Show a service's refusal of an action that has no form as error messages."""
    for messages in failed.errors.values():
        for message in messages:
            flash(message, "error")


def back_to(default_endpoint: str, **values):
    """Redirect to the page the action came from (local paths only) or to a default."""
    return redirect(local_path(request.form.get("next"))
                    or url_for(default_endpoint, **values))
