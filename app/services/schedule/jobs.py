"""Solve jobs: start, cancel, look at, and the clean-up of jobs whose worker died.

A job is a SolveJob row; the worker (worker.py) takes it by id. At most one job per event is
queued or running: the partial unique index decides, so two organisers pressing "solve" at
the same moment get one job and one JobConflict, without a read-then-write race.
"""
import logging
import math
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Event, Person, SolveJob, User
from app.models.schedule import ACTIVE_JOB_STATUSES
from app.services.checks import ValidationFailed
from app.services.live.broadcast import queue_event
from app.services.live.names import SOLVE_DONE
from app.services.live.progress import iso
from app.services.schedule.store import published_schedule

log = logging.getLogger(__name__)

MIN_TIME_LIMIT, MAX_TIME_LIMIT = 1.0, 600.0
PERSON_ROLES = ("partner", "coach", "member")
# A local worker that has not started its job after this long never will (the web process
# died between the commit and the start).
QUEUED_STALE_SECONDS = 60


class JobConflict(Exception):
    """Another job of the event is queued or running; `job_id` is that job."""

    def __init__(self, job_id: int | None):
        self.job_id = job_id
        super().__init__(_("A solve is already running (job %(job)s). Wait for it or cancel "
                           "it first.", job=job_id))


class JobFinished(Exception):
    """The job has already ended: there is nothing to cancel."""


def heartbeat_stale_seconds() -> float:
    return float(current_app.config.get("SOLVE_HEARTBEAT_STALE_SECONDS", 15))


def start_solve(event: Event, user: User | None, time_limit=10.0, replan=False, absent=(),
                freeze_before=None) -> SolveJob:
    """Validate, insert a queued job and hand it to the worker after the commit.

    Raises ValidationFailed naming the field, or JobConflict when a job is already active."""
    reap_stale(event)
    options = _validated_options(event, time_limit, replan, absent, freeze_before)
    job = SolveJob(event_id=event.id, status="queued", time_limit=options.pop("time_limit"),
                   options=options, created_by_id=user.id if user is not None else None)
    db.session.add(job)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        running = active_job(event)
        raise JobConflict(running.id if running else None) from None
    from app.services.schedule.worker import dispatch

    try:
        dispatch(job)
    except Exception as exc:  # noqa: BLE001 (the job must not stay queued forever)
        log.exception("could not hand solve job %s to a worker", job.id)
        finish(job, "failed", message=_("The solve could not be started: %(error)s",
                                         error=str(exc) or type(exc).__name__))
        db.session.commit()
    return job


def _validated_options(event, time_limit, replan, absent, freeze_before) -> dict:
    errors: dict[str, list[str]] = {}
    limit = None
    if isinstance(time_limit, bool) or not isinstance(time_limit, int | float | str):
        errors["time_limit"] = [_("time_limit must be a number of seconds.")]
    else:
        try:
            limit = float(time_limit)
        except ValueError:
            limit = None
        if limit is None or not math.isfinite(limit) or not \
                MIN_TIME_LIMIT <= limit <= MAX_TIME_LIMIT:
            errors["time_limit"] = [_("time_limit must be between %(low)s and %(high)s seconds.",
                                      low=int(MIN_TIME_LIMIT), high=int(MAX_TIME_LIMIT))]
    if not isinstance(replan, bool):
        errors["replan"] = [_("replan must be true or false.")]
        replan = False
    absent_ids = _absent_ids(event, absent, errors)
    freeze = _freeze_moment(freeze_before, errors)
    if not replan and (absent_ids or freeze):
        errors.setdefault("replan", []).append(
            _("absent and freeze_before belong to a re-plan: send \"replan\": true."))
    if replan and published_schedule(event) is None:
        errors.setdefault("replan", []).append(
            _("A re-plan starts from the published schedule, and none is published yet."))
    if errors:
        raise ValidationFailed(errors)
    return {"time_limit": limit, "replan": replan, "absent": absent_ids,
            "freeze_before": freeze}


def _absent_ids(event: Event, absent, errors: dict) -> list[int]:
    if absent is None:
        return []
    if isinstance(absent, str | bytes) or not hasattr(absent, "__iter__"):
        errors["absent"] = [_("absent must be a list of person ids.")]
        return []
    ids = []
    for value in absent:
        if isinstance(value, bool) or not isinstance(value, int | str) or \
                not str(value).strip().isdigit():
            errors["absent"] = [_("absent must be a list of person ids, not %(value)s.",
                                  value=repr(value))]
            return []
        ids.append(int(value))
    ids = sorted(set(ids))
    if ids:
        known = set(db.session.execute(
            db.select(Person.id).filter(Person.event_id == event.id, Person.id.in_(ids),
                                        Person.role.in_(PERSON_ROLES))).scalars())
        unknown = [str(i) for i in ids if i not in known]
        if unknown:
            errors["absent"] = [_("absent names no person of this event: %(ids)s.",
                                  ids=", ".join(unknown))]
    return ids


def _freeze_moment(value, errors: dict) -> str | None:
    if value in (None, ""):
        return None
    try:
        moment = datetime.fromisoformat(str(value).strip())
    except ValueError:
        errors["freeze_before"] = [_("freeze_before must be a local time like "
                                     "2023-09-23T13:00:00, not %(value)s.", value=str(value))]
        return None
    if moment.tzinfo is not None:
        errors["freeze_before"] = [_("freeze_before is the event's local wall-clock time: "
                                     "leave out the time zone.")]
        return None
    return moment.strftime("%Y-%m-%dT%H:%M")


def active_job(event: Event) -> SolveJob | None:
    return db.session.execute(
        db.select(SolveJob).filter(SolveJob.event_id == event.id,
                                   SolveJob.status.in_(ACTIVE_JOB_STATUSES))
        .order_by(SolveJob.id.desc()).limit(1)).scalar_one_or_none()


def recent_jobs(event: Event, limit: int = 10) -> list[SolveJob]:
    return list(db.session.execute(
        db.select(SolveJob).filter_by(event_id=event.id).order_by(SolveJob.id.desc())
        .limit(limit)).scalars())


def job_in_event(event: Event, job_id: int) -> SolveJob | None:
    job = db.session.get(SolveJob, job_id)
    return job if job is not None and job.event_id == event.id else None


def cancel_job(job: SolveJob) -> SolveJob:
    """Ask the worker to stop; it keeps the best schedule found so far as a version.

    A queued job that no worker has taken yet is cancelled at once. Never publishes."""
    reap_stale(job_event_id=job.event_id)
    db.session.refresh(job)
    if job.status not in ACTIVE_JOB_STATUSES:
        raise JobFinished(_("Job %(job)s has already ended (%(status)s).", job=job.id,
                            status=job.status))
    if job.status == "queued":
        finish(job, "cancelled", message=_("Cancelled before it started."))
    else:
        job.cancel_requested = True
    db.session.commit()
    return job


def finish(job: SolveJob, status: str, message: str | None = None) -> None:
    """End `job` with `status` and announce it (sent after the caller's commit)."""
    job.status = status
    job.finished_at = datetime.utcnow()
    if message is not None:
        job.message = message
    queue_event(job.event_id, SOLVE_DONE, done_payload(job))


def done_payload(job: SolveJob) -> dict:
    return {"job": job.id, "status": job.status, "objective": job.objective,
            "version": job.version, "result_status": job.result_status}


def reap_stale(event: Event | None = None, job_event_id: int | None = None) -> int:
    """Mark failed the jobs whose worker stopped: a running job without a heartbeat for
    SOLVE_HEARTBEAT_STALE_SECONDS, and (local worker only) a job never started. Commits."""
    now = datetime.utcnow()
    query = db.select(SolveJob).filter(SolveJob.status.in_(ACTIVE_JOB_STATUSES))
    event_id = event.id if event is not None else job_event_id
    if event_id is not None:
        query = query.filter(SolveJob.event_id == event_id)
    stale = now - timedelta(seconds=heartbeat_stale_seconds())
    local = not current_app.config.get("REDIS_URL")
    count = 0
    for job in db.session.execute(query).scalars():
        if job.status == "running":
            seen = job.heartbeat_at or job.started_at or job.created_at
            if seen < stale:
                finish(job, "failed", _("The worker stopped: no sign of life since %(at)s.",
                                        at=iso(seen)))
                count += 1
        elif local and job.created_at < now - timedelta(seconds=QUEUED_STALE_SECONDS):
            finish(job, "failed", _("The worker never started this job."))
            count += 1
    if count:
        db.session.commit()
    return count


def job_view(job: SolveJob) -> dict:
    return {"job": job.id, "status": job.status, "objective": job.objective,
            "bound": job.bound, "seconds": job.seconds, "version": job.version,
            "time_limit": job.time_limit, "options": dict(job.options or {}),
            "cancel_requested": job.cancel_requested,
            "result_status": job.result_status, "explanation": list(job.explanation or []),
            "message": job.message or "", "created_at": iso(job.created_at),
            "started_at": iso(job.started_at), "finished_at": iso(job.finished_at)}
