"""Organiser pages for enterprises (teams) and their members."""
from functools import partial

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.admin import bp
from app.admin.helpers import back_to, event_or_404, render_form, submit_form
from app.admin.list_forms import filter_form, row_words
from app.admin.people_forms import (
    DeleteForm,
    StatusForm,
    enterprise_admin_form,
    enterprise_form_data,
)
from app.errors import abort_with
from app.extensions import db
from app.formatting import STATUS_WORDS
from app.forms_common import flat_errors
from app.security import organiser_required
from app.services import lists
from app.services.enterprises import (
    conflicts_of,
    create_enterprise,
    delete_consequences,
    delete_enterprise,
    get_enterprise,
    set_enterprise_status,
    update_enterprise,
)
from app.services.people import search_people
from app.services.record_checks import DeleteRefused
from app.services.registration import language_labels, skill_labels
from app.services.team_coaches import accepted_coaches, coach_loads


def _enterprise_or_404(event, enterprise_id: int):
    enterprise = get_enterprise(event, enterprise_id)
    if enterprise is None:
        abort_with(404, _("There is no enterprise %(id)s.", id=enterprise_id))
    return enterprise


def _form(event, enterprise=None):
    coaches = accepted_coaches(event)
    if enterprise is not None and enterprise.coach and enterprise.coach not in coaches:
        coaches.append(enterprise.coach)  # keep a pending coach selectable on edit
    partners = search_people(event, "partner")
    data = enterprise_form_data(enterprise) if enterprise is not None else {}
    own_coach = enterprise.coach if enterprise is not None else None
    return enterprise_admin_form(event, partners, coaches, coach_loads(event), own_coach,
                                 data=data)


def _save(form, save, enterprise=None):
    """The create and edit pages: `save(data, commit=...)` stores the form's data through a
    service."""
    done = submit_form(form, partial(save, form.to_data()),
                       lambda saved: _("Saved %(name)s.", name=saved.name),
                       lambda saved: url_for("admin.enterprise_detail", enterprise_id=saved.id))
    if done:
        return done
    return render_form("admin/enterprises/form.html", form, errors=flat_errors(form),
                       enterprise=enterprise)


@bp.get("/enterprises")
@organiser_required
def enterprises():
    listing = lists.enterprise_list(event_or_404(), request.args)
    return render_template("admin/enterprises/list.html", listing=listing,
                           filters=filter_form(listing), words=row_words())


@bp.route("/enterprises/new", methods=["GET", "POST"])
@organiser_required
def enterprise_new():
    event = event_or_404()
    return _save(_form(event), partial(create_enterprise, event))


@bp.get("/enterprises/<int:enterprise_id>")
@organiser_required
def enterprise_detail(enterprise_id: int):
    event = event_or_404()
    enterprise = _enterprise_or_404(event, enterprise_id)
    return render_template("admin/enterprises/detail.html", enterprise=enterprise,
                           conflicts=conflicts_of(enterprise), languages=language_labels(event),
                           skills=skill_labels(event), status_form=StatusForm())


@bp.route("/enterprises/<int:enterprise_id>/edit", methods=["GET", "POST"])
@organiser_required
def enterprise_edit(enterprise_id: int):
    event = event_or_404()
    enterprise = _enterprise_or_404(event, enterprise_id)
    return _save(_form(event, enterprise), partial(update_enterprise, enterprise),
                 enterprise=enterprise)


@bp.post("/enterprises/<int:enterprise_id>/status")
@organiser_required
def enterprise_status(enterprise_id: int):
    event = event_or_404()
    enterprise = _enterprise_or_404(event, enterprise_id)
    form = StatusForm()
    if not form.validate_on_submit():
        abort_with(400, _("Status: choose pending, accepted or rejected."))
    set_enterprise_status(enterprise, form.status.data)
    flash(_("%(name)s is now %(status)s; its members follow.", name=enterprise.name,
            status=STATUS_WORDS[form.status.data]), "success")
    return back_to("admin.enterprise_detail", enterprise_id=enterprise.id)


@bp.route("/enterprises/<int:enterprise_id>/delete", methods=["GET", "POST"])
@organiser_required
def enterprise_delete(enterprise_id: int):
    event = event_or_404()
    enterprise = _enterprise_or_404(event, enterprise_id)
    form = DeleteForm()
    if request.method == "POST" and form.validate_on_submit():
        name = enterprise.name
        try:
            delete_enterprise(enterprise)
        except DeleteRefused:
            db.session.rollback()
        else:
            flash(_("Deleted %(name)s and its members.", name=name), "success")
            return redirect(url_for("admin.enterprises"))
    consequences = delete_consequences(enterprise)
    status = 409 if consequences["blockers"] and request.method == "POST" else 200
    return render_template("admin/enterprises/delete.html", enterprise=enterprise, form=form,
                           **consequences), status
