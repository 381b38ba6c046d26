"""Public self-registration and the participant's personal page (by secret link)."""
from functools import partial

from flask import Response, make_response, redirect, render_template, url_for
from flask_babel import gettext as _

from app.errors import abort_with
from app.form_submit import submit
from app.forms_common import flat_errors
from app.registration import bp
from app.registration.forms import CoachForm, PartnerForm, enterprise_form
from app.services.agenda import calendar_ics
from app.services.events import current_event
from app.services.people import accepted_enterprises, accepted_partners
from app.services.registration import (
    RegistrationClosed,
    contact_token,
    person_by_token,
    personal_page,
    register_coach,
    register_enterprise,
    register_partner,
)


def _open_event():
    """The event, if it takes registrations; otherwise a page that says so."""
    event = current_event()
    if event is None:
        abort_with(404, _("There is no event to register for yet."))
    if not event.registration_open:
        abort_with(403, _("Registration is closed. Please contact the organisers."))
    return event


def _submit(form, register, event, template: str, **context):
    """Validate, call the service, then redirect to the confirmation (POST/redirect/GET)."""
    try:
        done, record = submit(form, partial(register, event, form.to_data()))
    except RegistrationClosed:
        abort_with(403, _("Registration is closed. Please contact the organisers."))
    if done:
        token = contact_token(record) if hasattr(record, "members") else record.token
        return redirect(url_for("registration.registered", token=token))
    # 422 when the form shows errors, so clients (and tests) can tell.
    errors = flat_errors(form)
    return render_template(template, form=form, errors=errors, **context), \
        422 if errors else 200


@bp.route("/register/enterprise", methods=["GET", "POST"])
def enterprise():
    event = _open_event()
    form = enterprise_form(event, accepted_partners(event))
    return _submit(form, register_enterprise, event, "registration/enterprise.html")


@bp.route("/register/partner", methods=["GET", "POST"])
def partner():
    event = _open_event()
    form = PartnerForm()
    form.setup(event, accepted_enterprises(event))
    return _submit(form, register_partner, event, "registration/partner.html")


@bp.route("/register/coach", methods=["GET", "POST"])
def coach():
    event = _open_event()
    form = CoachForm()
    form.setup(event)
    return _submit(form, register_coach, event, "registration/coach.html")


def _person_or_404(token: str):
    person = person_by_token(token)
    if person is None:
        abort_with(404, _("This personal link is not valid. Check that it was copied whole."))
    return person


def _private(response) -> Response:
    """Pages that show secret links must not be cached or shared."""
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/registered/<token>")
def registered(token: str):
    person = _person_or_404(token)
    return _private(render_template("registration/registered.html", person=person,
                                    team=person.enterprise))


@bp.get("/p/<token>")
def personal(token: str):
    person = _person_or_404(token)
    return _private(render_template("registration/personal.html", **personal_page(person)))


@bp.get("/calendar/<token>.ics")
def calendar(token: str):
    person = _person_or_404(token)
    response = Response(calendar_ics(person), mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'attachment; filename="agenda.ics"'
    return _private(response)
