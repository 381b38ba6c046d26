"""Where solve jobs run: never in the web request, never in the web process's interpreter.

- Without REDIS_URL, the web process starts a child (`flask --app wsgi schedule work JOB`)
  per job and a daemon thread watches it: it relays the progress the child writes to the job
  row onto /live (the child has no Socket.IO clients of its own), and it marks the job failed
  the moment the child exits without finishing it.
- With REDIS_URL, the job id goes onto the RQ queue "solve" and `flask --app wsgi schedule
  worker` runs it on any machine; its emits reach every server through the Socket.IO message
  queue on the same Redis.

`run_job` is the worker's function in both cases. While the solver searches in this thread,
a monitor thread (its own app context and database session) writes progress and a heartbeat
to the row and polls cancel_requested; a job without heartbeat is failed by `reap_stale`.
"""
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from datetime import datetime

from flask import Flask, current_app
from flask_babel import gettext as _

import scheduler
from app.config import BASE_DIR
from app.extensions import db
from app.models import Event, SolveJob
from app.services.live.broadcast import queue_event
from app.services.live.names import SOLVE_PROGRESS
from app.services.schedule import jobs
from app.services.schedule.replan import job_instance
from app.services.schedule.store import USABLE, _store, published_schedule

log = logging.getLogger(__name__)

QUEUE_NAME = "solve"
POLL_SECONDS = 0.5       # cancel polling and progress writes: at most 2 a second
HEARTBEAT_SECONDS = 2.0
RQ_MARGIN_SECONDS = 120  # instance building, explanations and storing on top of time_limit


def dispatch(job: SolveJob) -> None:
    """Hand a committed, queued job to a worker."""
    app = current_app._get_current_object()
    redis_url = app.config.get("REDIS_URL")
    if redis_url:
        enqueue(redis_url, job)
    else:
        start_local(app, job.id)


# The worker's side ---------------------------------------------------------------------------

def run_job(job_id: int) -> str:
    """Run one job to its end; returns its final status. Never leaves it queued or running."""
    job = db.session.get(SolveJob, job_id)
    if job is None:
        raise LookupError(_("There is no solve job with id %(id)s.", id=job_id))
    if job.status != "queued":
        return job.status  # cancelled before a worker took it, or taken by another
    job.status, job.started_at = "running", datetime.utcnow()
    job.heartbeat_at, job.worker = job.started_at, f"{socket.gethostname()}:{os.getpid()}"
    db.session.commit()
    try:
        _solve(job)
    except Exception as exc:  # noqa: BLE001 (any failure ends the job, with its reason)
        log.exception("solve job %s failed", job_id)
        db.session.rollback()
        job = db.session.get(SolveJob, job_id)
        jobs.finish(job, "failed", message=_("The solve failed: %(error)s",
                                             error=f"{type(exc).__name__}: {exc}"))
        db.session.commit()
    return job.status


def _solve(job: SolveJob) -> None:
    event = db.session.get(Event, job.event_id)
    options = dict(job.options or {})
    instance = job_instance(event, options)
    monitor = _Monitor(current_app._get_current_object(), job.id)
    monitor.start()
    try:
        result = scheduler.solve(instance, time_limit=job.time_limit, workers=2,
                                 progress=monitor.record, stop=monitor.stop).to_dict()
    finally:
        monitor.finish()
    db.session.refresh(job)
    job.result_status = result["status"]
    job.explanation = list(result.get("explanation") or [])
    job.seconds = round(float(result.get("solve_seconds") or 0.0), 2)
    if result["status"] in USABLE:
        job.objective, job.bound = result.get("objective"), result.get("bound")
        version = _store_version(event, job, result, options)
        job.version = version.version
    cancelled = job.cancel_requested
    jobs.finish(job, "cancelled" if cancelled else "done")
    db.session.commit()


def _store_version(event, job, result, options):
    replan = bool(options.get("replan"))
    version = _store(event, result, "replan" if replan else "solver")
    version.job_id, version.created_by_id = job.id, job.created_by_id
    if replan:
        published = published_schedule(event)
        version.based_on = published.version if published is not None else None
    version.note = _note(job, options)
    db.session.flush()
    return version


def _note(job: SolveJob, options: dict) -> str:
    from app.models import Person

    words = [_("job %(job)s", job=job.id)]
    if options.get("replan"):
        words.append(_("re-plan"))
        absent = options.get("absent") or []
        if absent:
            names = db.session.execute(db.select(Person.name).filter(
                Person.id.in_(absent)).order_by(Person.name)).scalars().all()
            words.append(_("without %(names)s", names=", ".join(names)))
        if options.get("freeze_before"):
            words.append(_("kept before %(time)s", time=options["freeze_before"]))
    if job.cancel_requested:
        words.append(_("cancelled: the best found so far"))
    return "; ".join(words)[:500]


class _Monitor:
    """Beside the solver: progress and heartbeat onto the job row, cancel requests into
    `stop`. The solver's callback only records; the database work happens here."""

    def __init__(self, app: Flask, job_id: int):
        self.app, self.job_id = app, job_id
        self.stop = threading.Event()
        self._done = threading.Event()
        self._latest = None
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=f"solve-monitor-{job_id}",
                                        daemon=True)

    def record(self, progress) -> None:
        with self._lock:
            self._latest = progress

    def start(self) -> None:
        self._thread.start()

    def finish(self) -> None:
        self._done.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        with self.app.app_context():
            written, beat = None, 0.0
            while not self._done.is_set():
                try:
                    written, beat = self._tick(written, beat)
                except Exception:  # noqa: BLE001 (a lost write is retried on the next tick)
                    log.exception("solve monitor of job %s", self.job_id)
                    db.session.rollback()
                self._done.wait(POLL_SECONDS)
            db.session.remove()

    def _tick(self, written, beat):
        job = db.session.get(SolveJob, self.job_id)
        db.session.refresh(job)
        if job.cancel_requested:
            self.stop.set()
        with self._lock:
            latest = self._latest
        now = time.monotonic()
        changed = latest is not None and latest != written
        if changed:
            job.objective, job.bound = latest.objective, latest.bound
            job.seconds = round(latest.seconds, 2)
            queue_event(job.event_id, SOLVE_PROGRESS, progress_payload(job))
        if changed or now - beat >= HEARTBEAT_SECONDS:
            job.heartbeat_at = datetime.utcnow()
            db.session.commit()
            return latest, now
        db.session.rollback()  # end the read transaction: SQLite writers are not held up
        return written, beat


def progress_payload(job: SolveJob) -> dict:
    return {"job": job.id, "objective": job.objective, "bound": job.bound,
            "seconds": job.seconds}


# The local worker ------------------------------------------------------------------------------

def work_command(job_id: int | None) -> list[str]:
    """The child for one job; without a job id a standby (standby.py) that waits for one."""
    if job_id is None:
        return [sys.executable, "-m", "flask", "--app", "wsgi", "schedule", "standby"]
    return [sys.executable, "-m", "flask", "--app", "wsgi", "schedule", "work", str(job_id)]


def child_environment(app: Flask) -> dict:
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "SECRET_KEY": app.config["SECRET_KEY"], "OUTBOX_WORKER": "0",
           "SOLVE_STANDBY": "0", "PYTHONUNBUFFERED": "1"}
    env.pop("REDIS_URL", None)
    return env


def open_log(app: Flask):
    # The child keeps it; the watcher closes this process's copy.
    return open(app.config.get("SOLVE_LOG") or os.devnull, "ab")  # noqa: SIM115


def start_local(app: Flask, job_id: int) -> subprocess.Popen:
    """Hand `job_id` to the warm standby (when enabled) or start a child for it, and the
    thread that watches it; then warm the next standby."""
    from app.services.schedule import standby as standbys

    handed = standbys.take(app) if standbys.enabled(app) else None
    if handed is not None and not handed.hand(job_id):
        handed.discard()
        handed = None
    if handed is None:
        child = _start_fresh(app, job_id)
    else:
        child = handed.child
        app.extensions.setdefault("solve_children", {})[job_id] = child
        threading.Thread(target=_watch, args=(app, job_id, child, handed.out, True),
                         daemon=True, name=f"solve-watch-{job_id}").start()
    if standbys.enabled(app):
        try:
            standbys.ensure(app)
        except OSError:  # no standby this time: the next job starts a fresh child
            log.exception("starting the solve standby")
    return child


def _watch(app: Flask, job_id: int, child: subprocess.Popen, out, standby: bool = False
           ) -> None:
    """Relay the child's progress onto /live, and fail the job if the child dies. A standby
    that died before it took the job (still queued) leaves it to a fresh child."""
    with app.app_context():
        try:
            last = None
            while child.poll() is None:
                last = _relay(job_id, last)
                time.sleep(POLL_SECONDS)
            job = db.session.get(SolveJob, job_id)
            db.session.refresh(job)
            if standby and job.status == "queued":
                db.session.rollback()
                log.warning("the solve standby ended before job %s: a fresh child runs it",
                            job_id)
                _start_fresh(app, job_id)
            elif job.status in ("queued", "running"):
                jobs.finish(job, "failed", message=_exit_message(child.returncode))
                db.session.commit()
            else:
                # The child's own emits reached no client: send the last figures and the end.
                _relay(job_id, last, final=True)
                queue_event(job.event_id, jobs.SOLVE_DONE, jobs.done_payload(job))
                db.session.commit()
        except Exception:  # noqa: BLE001
            log.exception("watching solve job %s", job_id)
            db.session.rollback()
        finally:
            out.close()
            children = app.extensions.get("solve_children", {})
            if children.get(job_id) is child:  # not the fresh child that took over
                children.pop(job_id, None)
            db.session.remove()


def _start_fresh(app: Flask, job_id: int) -> subprocess.Popen:
    out = open_log(app)
    child = subprocess.Popen(work_command(job_id), cwd=BASE_DIR, env=child_environment(app),
                             stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                             start_new_session=True)
    app.extensions.setdefault("solve_children", {})[job_id] = child
    threading.Thread(target=_watch, args=(app, job_id, child, out), daemon=True,
                     name=f"solve-watch-{job_id}").start()
    return child


def _relay(job_id: int, last, final: bool = False):
    job = db.session.get(SolveJob, job_id)
    db.session.refresh(job)
    seen = (job.objective, job.bound, job.seconds)
    if job.seconds is not None and seen != last and (final or job.status == "running"):
        queue_event(job.event_id, SOLVE_PROGRESS, progress_payload(job))
        db.session.commit()
    else:
        db.session.rollback()
    return seen


def _exit_message(code: int) -> str:
    if code is not None and code < 0:
        return _("The worker stopped (killed by signal %(signal)s) before the job ended.",
                 signal=-code)
    return _("The worker stopped (exit code %(code)s) before the job ended.", code=code)


# The RQ worker ---------------------------------------------------------------------------------

def _redis(url: str):
    from redis import Redis

    return Redis.from_url(url)


def enqueue(redis_url: str, job: SolveJob) -> None:
    from rq import Queue

    queue = Queue(QUEUE_NAME, connection=_redis(redis_url))
    queue.enqueue(rq_run, job.id, job_id=f"solve-{job.id}",
                  job_timeout=int(job.time_limit) + RQ_MARGIN_SECONDS,
                  result_ttl=3600, failure_ttl=24 * 3600)


def rq_run(job_id: int) -> str:
    """The RQ job function: only the job id travels; the app comes from this process."""
    from flask import has_app_context

    if has_app_context():
        # RQ forks a work horse per job: connections inherited from the parent are not ours.
        db.engine.dispose(close=False)
        return run_job(job_id)
    from app import create_app

    with create_app().app_context():
        return run_job(job_id)


def run_rq_worker(app: Flask, burst: bool = False) -> None:
    """An RQ worker on the "solve" queue, plus a thread that fails jobs whose worker died."""
    from rq import Queue, Worker

    redis_url = app.config.get("REDIS_URL")
    if not redis_url:
        raise RuntimeError(_("REDIS_URL is not set: without it the web process runs solves "
                             "itself (local worker)."))
    connection = _redis(redis_url)
    threading.Thread(target=_reap_forever, args=(app,), daemon=True,
                     name="solve-reaper").start()
    Worker([Queue(QUEUE_NAME, connection=connection)], connection=connection).work(
        burst=burst, with_scheduler=False)


def _reap_forever(app: Flask) -> None:
    with app.app_context():
        while True:
            try:
                jobs.reap_stale()
            except Exception:  # noqa: BLE001
                log.exception("reaping stale solve jobs")
                db.session.rollback()
            finally:
                db.session.remove()
            time.sleep(5)
