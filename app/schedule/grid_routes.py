"""The schedule pages: the grid with its pin and edit buttons, and the views per partner,
coach and room. Any version can be viewed (?version=n); edits apply to the latest one."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import abort_with, event_or_404
from app.schedule import bp
from app.schedule.grid_forms import GridActionForm
from app.security import organiser_required
from app.services.schedule import summary as summaries
from app.services.schedule import views
from app.services.schedule.grid_actions import GridRefused, apply_action
from app.services.schedule.page_texts import page_texts
from app.services.schedule.records import load_records


def _render(template: str, extra=None):
    """A schedule page for ?version=n (default the latest usable one), with its summary."""
    event = event_or_404()
    number = request.args.get("version", type=int)
    version = views.choose_version(event, number)
    if number is not None and version is None:
        abort_with(404, _("There is no schedule version %(n)s.", n=number))
    records = load_records(event)
    placement = views.read_placement(version) if version is not None else None
    more = extra(event, version, records, placement) if extra else {}
    return render_template(template, version=version, records=records, placement=placement,
                           summary=summaries.summary(event, version, records, placement),
                           texts=page_texts(), **more)


@bp.get("/")
@organiser_required
def grid():
    def extra(event, version, records, placement):
        page = request.args.get("teams", default=1, type=int)
        return {"grid": views.build_grid(event, version, records, page) if version else None,
                "editable": views.is_editable(event, version),
                "open_cell": request.args.get("cell", ""), "form": GridActionForm()}
    return _render("schedule/grid.html", extra)


@bp.get("/partners")
@organiser_required
def by_partner():
    return _render("schedule/partners.html", lambda e, v, records, placement: {
        "rows": views.partner_view(records, placement) if placement else []})


@bp.get("/coaches")
@organiser_required
def by_coach():
    return _render("schedule/coaches.html", lambda e, v, records, placement: {
        "rows": views.coach_view(records, placement) if placement else []})


@bp.get("/rooms")
@organiser_required
def by_room():
    return _render("schedule/rooms.html", lambda e, v, records, placement: {
        "rows": views.room_view(records, placement) if placement else []})


@bp.post("/action")
@organiser_required
def grid_action():
    """One grid button: a pin or a hand edit; back to the grid at the cell, with a flash."""
    form = GridActionForm()
    anchor = views.cell_anchor(form.session.data or "", form.team.data or "")
    page = form.teams.data if form.teams.data and form.teams.data.isdigit() else None
    if not form.validate():
        flash(_("The form expired. Reload the page and try again."), "error")
        return redirect(url_for("schedule.grid", teams=page, _anchor=anchor))
    try:
        message = apply_action(event_or_404(), current_user, form.act.data or "", form.session.data,
                               form.team.data, partner=form.partner.data or "",
                               room=form.room.data or "", to_session=form.to_session.data or "",
                               coach=form.coach.data or "")
    except GridRefused as refused:
        flash(_("Not saved: nothing was changed."), "error")
        for line in refused.messages:
            flash(line, "error")
        return redirect(url_for("schedule.grid", teams=page, cell=anchor, _anchor=anchor))
    flash(message, "success")
    return redirect(url_for("schedule.grid", teams=page, _anchor=anchor))
