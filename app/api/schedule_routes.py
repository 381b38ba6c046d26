"""Schedule API, solve jobs (docs/api.md "Solve jobs"): the instance, start a solve or a
re-plan, look at a job, cancel it. Organisers only; the services do the work."""
from flask import jsonify
from flask_babel import gettext as _
from flask_login import current_user

from app.api import bp
from app.api.live_routes import _json_body
from app.errors import abort_with, event_or_404
from app.models import SolveJob
from app.security import organiser_required
from app.services.checks import ValidationFailed
from app.services.schedule import jobs
from app.services.schedule.instance import build_instance


def _job_or_404(job_id: int) -> SolveJob:
    job = jobs.job_in_event(event_or_404(), job_id)
    if job is None:
        abort_with(404, _("There is no solve job with id %(id)s.", id=job_id))
    return job


@bp.get("/schedule/instance")
@organiser_required
def schedule_instance():
    event = event_or_404()
    return jsonify(build_instance(event, fixed=event.schedule_fixed))


@bp.post("/schedule/solve")
@organiser_required
def schedule_solve():
    data = _json_body()
    try:
        job = jobs.start_solve(event_or_404(), current_user, time_limit=data.get("time_limit", 10),
                               replan=data.get("replan", False), absent=data.get("absent"),
                               freeze_before=data.get("freeze_before"))
    except ValidationFailed as failed:
        abort_with(422, str(failed))
    except jobs.JobConflict as conflict:
        return jsonify(error="conflict", job=conflict.job_id, message=str(conflict)), 409
    return jsonify(job=job.id), 202


@bp.get("/schedule/jobs/<int:job_id>")
@organiser_required
def schedule_job(job_id: int):
    job = _job_or_404(job_id)
    jobs.reap_stale(job_event_id=job.event_id)
    return jsonify(jobs.job_view(job))


@bp.delete("/schedule/jobs/<int:job_id>")
@organiser_required
def schedule_job_cancel(job_id: int):
    job = _job_or_404(job_id)
    try:
        job = jobs.cancel_job(job)
    except jobs.JobFinished as finished:
        abort_with(409, str(finished))
    return jsonify(jobs.job_view(job))


