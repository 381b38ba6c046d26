"""Organiser pages for sparring partners and coaches (the enterprise pages are imported below).

URLs: /admin/partners, /admin/coaches and below them /new, /<id>, /<id>/edit, /<id>/status,
/<id>/delete.
"""
from functools import partial

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.admin import bp
from app.admin.helpers import back_to, event_or_404, render_form, submit_form
from app.admin.list_forms import KIND_LABELS, filter_form, row_words
from app.admin.people_forms import (
    CoachAdminForm,
    DeleteForm,
    PartnerAdminForm,
    StatusForm,
    person_form_data,
)
from app.errors import abort_with
from app.extensions import db
from app.formatting import STATUS_WORDS
from app.forms_common import flat_errors
from app.security import organiser_required
from app.services import lists
from app.services.enterprises import search_enterprises
from app.services.people import (
    create_coach,
    create_partner,
    delete_consequences,
    delete_person,
    get_person,
    set_person_status,
    update_person,
)
from app.services.record_checks import DeleteRefused
from app.services.registration import language_labels, skill_labels

KINDS = {"partners": "partner", "coaches": "coach"}
KIND_RULE = "<any(partners, coaches):kind>"


def _titles(kind: str) -> dict:
    if kind == "partners":
        return {"plural": _("Sparring partners"), "singular": _("Sparring partner")}
    return {"plural": _("Coaches"), "singular": _("Coach")}


def _person_or_404(event, kind: str, person_id: int):
    person = get_person(event, KINDS[kind], person_id)
    if person is None:
        abort_with(404, _("There is no such person (%(id)s).", id=person_id))
    return person


def _form(event, kind: str, person=None):
    data = person_form_data(person) if person is not None else {}
    if kind == "partners":
        form = PartnerAdminForm(data=data)
        form.setup(event, search_enterprises(event))
    else:
        form = CoachAdminForm(data=data)
        form.setup(event)
    return form


def _save(kind: str, form, save, person=None):
    """The create and edit pages: `save(data, commit=...)` stores the form's data through a
    service."""
    done = submit_form(form, partial(save, form.to_data()),
                       lambda saved: _("Saved %(name)s.", name=saved.name),
                       lambda saved: url_for("admin.person_detail", kind=kind,
                                             person_id=saved.id))
    if done:
        return done
    return render_form("admin/people/form.html", form, errors=flat_errors(form), kind=kind,
                       person=person, titles=_titles(kind))


@bp.get(f"/{KIND_RULE}")
@organiser_required
def people_list(kind: str):
    listing = lists.person_list(event_or_404(), KINDS[kind], request.args)
    return render_template("admin/people/list.html", kind=kind, titles=_titles(kind),
                           listing=listing, filters=filter_form(listing),
                           kind_labels=KIND_LABELS, words=row_words())


@bp.route(f"/{KIND_RULE}/new", methods=["GET", "POST"])
@organiser_required
def person_new(kind: str):
    event = event_or_404()
    create = create_partner if kind == "partners" else create_coach
    return _save(kind, _form(event, kind), partial(create, event))


@bp.get(f"/{KIND_RULE}/<int:person_id>")
@organiser_required
def person_detail(kind: str, person_id: int):
    event = event_or_404()
    person = _person_or_404(event, kind, person_id)
    return render_template("admin/people/detail.html", kind=kind, titles=_titles(kind),
                           person=person, languages=language_labels(event),
                           skills=skill_labels(event), status_form=StatusForm())


@bp.route(f"/{KIND_RULE}/<int:person_id>/edit", methods=["GET", "POST"])
@organiser_required
def person_edit(kind: str, person_id: int):
    event = event_or_404()
    person = _person_or_404(event, kind, person_id)
    return _save(kind, _form(event, kind, person), partial(update_person, person),
                 person=person)


@bp.post(f"/{KIND_RULE}/<int:person_id>/status")
@organiser_required
def person_status(kind: str, person_id: int):
    event = event_or_404()
    person = _person_or_404(event, kind, person_id)
    form = StatusForm()
    if not form.validate_on_submit():
        abort_with(400, _("Status: choose pending, accepted or rejected."))
    set_person_status(person, form.status.data)
    flash(_("%(name)s is now %(status)s.", name=person.name,
            status=STATUS_WORDS[form.status.data]), "success")
    return back_to("admin.person_detail", kind=kind, person_id=person.id)


@bp.route(f"/{KIND_RULE}/<int:person_id>/delete", methods=["GET", "POST"])
@organiser_required
def person_delete(kind: str, person_id: int):
    event = event_or_404()
    person = _person_or_404(event, kind, person_id)
    form = DeleteForm()
    if request.method == "POST" and form.validate_on_submit():
        name = person.name
        try:
            delete_person(person)
        except DeleteRefused:
            db.session.rollback()
        else:
            flash(_("Deleted %(name)s.", name=name), "success")
            return redirect(url_for("admin.people_list", kind=kind))
    consequences = delete_consequences(person)
    status = 409 if consequences["blockers"] and request.method == "POST" else 200
    return render_template("admin/people/delete.html", kind=kind, titles=_titles(kind),
                           person=person, form=form, **consequences), status


from app.admin import enterprise_routes  # noqa: E402,F401
