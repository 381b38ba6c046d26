"""The personal page (the secret link is the key) and what participants change themselves."""
from types import SimpleNamespace

from flask import Response, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.errors import abort_with
from app.extensions import db
from app.form_submit import submit
from app.formatting import STATUS_WORDS
from app.forms_common import flat_errors
from app.participant import bp
from app.participant.forms import OWN_FORMS, WithdrawForm, team_form
from app.services import self_service
from app.services.agenda import agenda_view, calendar_ics
from app.services.checkin import codes as checkin_codes
from app.services.checks import NotAllowed, ValidationFailed
from app.services.enterprises import enterprise_data
from app.services.live import progress
from app.services.pdf.agendas import agenda_pdf
from app.services.people import accepted_partners, person_data
from app.services.registration import person_by_token, personal_page, takes_part


def _person_or_404(token: str):
    person = person_by_token(token)
    if person is None:
        abort_with(404, _("This personal link is not valid. Check that it was copied whole."))
    return person


def _private(response, status: int = 200) -> Response:
    """Pages behind a secret link must not be cached or shared."""
    response = make_response(response, status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _changeable_or_403(person):
    if not self_service.may_change(person):
        abort_with(403, _("Your registration is %(status)s: nothing can be changed here.",
                          status=STATUS_WORDS.get(person.status, person.status)))


def _form_page(form, save, person, success: str, template: str, **context):
    """Save through the service (every error in one round, app.form_submit), then back to the
    personal page (POST/redirect/GET); else the form again, 422 when it shows errors."""
    try:
        done, _saved = submit(form, lambda commit: save(form.to_data(), commit))
    except NotAllowed as refused:
        db.session.rollback()
        abort_with(403, str(refused))
    if done:
        flash(success, "success")
        return redirect(url_for("participant.personal", token=person.token))
    errors = flat_errors(form)
    return _private(render_template(template, form=form, person=person, errors=errors,
                                    **context), 422 if errors else 200)


@bp.get("/p/<token>")
def personal(token: str):
    person = _person_or_404(token)
    context = personal_page(person)
    context["is_contact"] = self_service.is_contact_person(person)
    context["may_change"] = self_service.may_change(person)
    context["has_checkin_code"] = checkin_codes.current_code(person) is not None
    team = person.enterprise if person.role == "member" else None
    if team is not None and progress.may_flag_help(progress.Actor.of_person(person), team):
        context["help"] = progress.help_view(team, progress.open_help(team))
    return _private(render_template("participant/personal.html", **context))


@bp.route("/p/<token>/edit", methods=["GET", "POST"])
def edit_own(token: str):
    person = _person_or_404(token)
    _changeable_or_403(person)
    event = self_service.person_event(person)
    data = person_data(person) if person.role != "member" else {
        "languages": person.languages, "locale": person.locale}
    form = OWN_FORMS[person.role](data=data)
    form.setup(event)
    return _form_page(
        form, lambda values, commit: self_service.update_own_data(person, values, commit),
        person, _("Your changes are saved."), "participant/edit.html")


@bp.route("/p/<token>/team", methods=["GET", "POST"])
def edit_team(token: str):
    person = _person_or_404(token)
    _changeable_or_403(person)
    if not self_service.is_contact_person(person):
        abort_with(403, _("Only the team's contact person changes the team."))
    team = person.enterprise
    event = self_service.person_event(person)
    data = enterprise_data(team)
    # The form shows the members who take part; FormField rows read attributes.
    data["members"] = [SimpleNamespace(id=str(m.id), name=m.name, email=m.email)
                       for m in team.active_members]
    for stage, tags in data.pop("needs").items():
        data[f"needs_{stage}"] = tags
    # On POST only what was sent counts: a row's member id never comes from the stored team.
    form = team_form(event, accepted_partners(event), data=None if request.method == "POST"
                     else data)
    return _form_page(
        form, lambda values, commit: self_service.update_team(person, values, commit), person,
        _("The team's data is saved. New members get their personal link by email."),
        "participant/team.html", team=team)


@bp.route("/p/<token>/withdraw", methods=["GET", "POST"])
def withdraw(token: str):
    person = _person_or_404(token)
    _changeable_or_403(person)
    form = WithdrawForm()
    is_contact = self_service.is_contact_person(person)
    if request.method == "POST" and form.validate_on_submit():
        try:
            self_service.withdraw(person, whole_team=bool(form.whole_team.data) and is_contact)
        except NotAllowed as refused:
            db.session.rollback()
            abort_with(403, str(refused))
        flash(_("Your registration is withdrawn. The organisers are told."), "success")
        return redirect(url_for("participant.personal", token=person.token))
    return _private(render_template("participant/withdraw.html", form=form, person=person,
                                    is_contact=is_contact))


@bp.post("/p/<token>/help")
def team_help(token: str):
    """A team member raises the team's help flag (with a note) or closes it: "we are fine"."""
    person = _person_or_404(token)
    if person.enterprise is None:
        abort_with(403, _("Only team members ask for help for their team here."))
    needed = request.form.get("needed") == "1"
    try:
        progress.set_help(person.enterprise, needed, progress.Actor.of_person(person),
                          request.form.get("note", ""))
    except NotAllowed as refused:
        db.session.rollback()
        abort_with(403, str(refused))
    except ValidationFailed as failed:
        db.session.rollback()
        flash(_("Nothing was changed: %(error)s", error=str(failed)), "error")
    else:
        flash(_("Your coach and the organisers are told.") if needed
              else _("Good to hear: the help request is closed."), "success")
    return redirect(url_for("participant.personal", token=person.token))


@bp.get("/calendar/<token>.ics")
def calendar(token: str):
    person = _person_or_404(token)
    # Rejected and withdrawn people get an empty calendar: subscribed apps drop the events.
    response = Response(calendar_ics(person, with_items=takes_part(person)),
                        mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'attachment; filename="agenda.ics"'
    return _private(response)


def _taking_part_or_403(person):
    if not takes_part(person):
        abort_with(403, _("Your registration is %(status)s: there is no agenda for you.",
                          status=STATUS_WORDS.get(person.status, person.status)))


@bp.get("/p/<token>/agenda")
def agenda_fragment(token: str):
    """The agenda part of the personal page alone: the page swaps it in on schedule_published."""
    person = _person_or_404(token)
    _taking_part_or_403(person)
    return _private(render_template("participant/_agenda.html", person=person,
                                    agenda_view=agenda_view(person)))


@bp.get("/p/<token>/agenda.pdf")
def agenda_pdf_download(token: str):
    person = _person_or_404(token)
    _taking_part_or_403(person)
    response = Response(agenda_pdf(person), mimetype="application/pdf")
    response.headers["Content-Disposition"] = 'inline; filename="agenda.pdf"'
    return _private(response)
