"""Public self-registration, its confirmation, and "send me my link again"."""
from functools import partial

from flask import (
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _

from app.errors import abort_with
from app.extensions import limiter
from app.form_submit import submit
from app.formatting import contact_sentence
from app.forms_common import flat_errors
from app.registration import bp
from app.registration.forms import CoachForm, LinkAgainForm, PartnerForm, enterprise_form
from app.services.events import current_event
from app.services.people import accepted_enterprises, accepted_partners
from app.services.registration import (
    RegistrationClosed,
    confirmation_ticket,
    person_by_token,
    person_for_confirmation,
    register_coach,
    register_enterprise,
    register_partner,
    send_link_again,
)

# The signed session remembers who registered in this browser, to show the confirmation.
CONFIRMATION_KEY = "registered"


def _open_event():
    """The event, if it takes registrations; otherwise a page that says so."""
    event = current_event()
    if event is None:
        abort_with(404, _("There is no event to register for yet."))
    if not event.registration_open:
        abort_with(403, _("Registration is closed.") + contact_sentence(event))
    return event


def _submit(form, register, event, template: str, **context):
    """Validate, call the service, then redirect to the confirmation (POST/redirect/GET)."""
    try:
        done, person = submit(form, partial(register, event, form.to_data(),
                                            str(get_locale() or "en")))
    except RegistrationClosed:
        abort_with(403, _("Registration is closed.") + contact_sentence(event))
    if done:
        session[CONFIRMATION_KEY] = confirmation_ticket(person)
        return redirect(url_for("registration.registered"))
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


def _private(response):
    """Pages about one person must not be cached or shared."""
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/registered")
def registered():
    """The confirmation, for the browser that registered, with the current status.

    It shows the registering person's own link only; a team's other members get theirs by
    email. Another browser, or the same one a day later, sees no one's data."""
    person = person_for_confirmation(session.get(CONFIRMATION_KEY))
    if person is None:
        return _private(render_template("registration/registered_gone.html",
                                        form=LinkAgainForm())), 404
    return _private(render_template("registration/registered.html", person=person,
                                    team=person.enterprise))


@bp.get("/registered/<token>")
def registered_old_link(token: str):
    """Links from before: they lead to that person's own page and show nobody else."""
    if person_by_token(token) is None:
        abort_with(404, _("This personal link is not valid. Check that it was copied whole."))
    return redirect(url_for("participant.personal", token=token))


def _link_email_key() -> str:
    return "link:" + (request.form.get("email") or "").strip().casefold()[:254]


@bp.post("/link")
@limiter.limit(lambda: current_app.config["LINK_LIMIT_PER_ADDRESS"])
@limiter.limit(lambda: current_app.config["LINK_LIMIT_PER_EMAIL"], key_func=_link_email_key)
def link_again():
    """'Send me my link again': the same answer whether or not the address is registered."""
    event = current_event()
    form = LinkAgainForm()
    if event is None:
        abort_with(404, _("There is no event yet."))
    if not form.validate_on_submit():
        flash(_("Email: give the address you registered with."), "error")
        return redirect(url_for("main.index") + "#link-again")
    send_link_again(event, form.email.data)
    flash(_("If %(email)s is registered, its personal link is on its way there now.",
            email=form.email.data), "success")
    return redirect(url_for("main.index"))
