"""The solve page (/schedule/solve): data checks, solve and re-plan forms, the running job
with its live progress, the result and the job history. The jobs service does the work."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import abort_with, event_or_404
from app.schedule import bp
from app.schedule.forms import CancelForm, ReplanForm, SolveForm
from app.security import organiser_required
from app.services.checks import ValidationFailed
from app.services.schedule import jobs
from app.services.schedule.solve_page import solve_page as page_data

RECORD_LINKS = {
    "partner": lambda i: url_for("admin.person_detail", kind="partners", person_id=i),
    "coach": lambda i: url_for("admin.person_detail", kind="coaches", person_id=i),
    "team": lambda i: url_for("admin.enterprise_detail", enterprise_id=i),
    "room": lambda i: url_for("admin.room_edit", room_id=i),
    "session": lambda i: url_for("admin.session_edit", session_id=i),
}




def _role_label(role: str) -> str:
    return {"partner": _("Partner"), "coach": _("Coach"), "member": _("Team member")}[role]


@bp.get("/solve")
@organiser_required
def solve_page():
    event = event_or_404()
    data = page_data(event, request.args.get("absent"), request.args.get("freeze_before"))
    replan = ReplanForm(formdata=None, absent=data.absent, freeze_before=data.freeze_before)
    replan.absent.choices = [
        (pid, f"{name} ({_role_label(role)}{', ' + team if team else ''})")
        for pid, name, role, team in data.people]
    return render_template("schedule/solve.html", page=data, solve_form=SolveForm(),
                           replan_form=replan, cancel_form=CancelForm(),
                           record_link=lambda ref: RECORD_LINKS[ref.kind](ref.id))


def _start(**options):
    try:
        job = jobs.start_solve(event_or_404(), current_user, **options)
    except ValidationFailed as failed:
        for messages in failed.errors.values():
            for message in messages:
                flash(message, "error")
    except jobs.JobConflict as conflict:
        flash(str(conflict), "error")
    else:
        flash(_("Solve job %(job)s started.", job=job.id), "success")
    return redirect(url_for("schedule.solve_page"))


def _form_errors(form) -> None:
    for field_name, messages in form.errors.items():
        label = form[field_name].label.text if field_name in form else field_name
        for message in messages:
            flash(f"{label}: {message}", "error")


@bp.post("/solve")
@organiser_required
def solve_start():
    form = SolveForm()
    if not form.validate_on_submit():
        _form_errors(form)
        return redirect(url_for("schedule.solve_page"))
    return _start(time_limit=float(form.time_limit.data))


@bp.post("/solve/replan")
@organiser_required
def replan_start():
    form = ReplanForm()
    if not form.validate_on_submit():
        _form_errors(form)
        return redirect(url_for("schedule.solve_page"))
    return _start(time_limit=float(form.time_limit.data), replan=True,
                  absent=form.absent.data or [], freeze_before=form.freeze_before.data or None)


@bp.post("/solve/jobs/<int:job_id>/cancel")
@organiser_required
def solve_cancel(job_id: int):
    job = jobs.job_in_event(event_or_404(), job_id)
    if job is None:
        abort_with(404, _("There is no solve job with id %(id)s.", id=job_id))
    if not CancelForm().validate_on_submit():
        abort_with(400, _("The form expired or was sent from elsewhere. Reload the page and "
                          "try again."))
    try:
        jobs.cancel_job(job)
    except jobs.JobFinished as finished:
        flash(str(finished), "error")
    else:
        flash(_("Cancelling: the best schedule found so far is kept."), "success")
    return redirect(url_for("schedule.solve_page"))
