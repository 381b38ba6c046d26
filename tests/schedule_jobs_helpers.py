"""Shared by the solve-job tests: the demo event, an organiser client, waiting for jobs."""
import os
import signal
import time

import pytest

from app.extensions import db
from app.models import ScheduleVersion, SolveJob

DEMO_PASSWORD = "demo-password-2023"


def wait_for_job(client, job_id: int, statuses=("done", "failed", "cancelled"),
                 timeout: float = 30, **expected) -> dict:
    """Poll GET /api/schedule/jobs/<id> until its status is one of `statuses` (and the other
    fields match `expected`, a predicate each); the last view."""
    deadline = time.monotonic() + timeout
    view = None
    while time.monotonic() < deadline:
        # The test and its requests share one session (one app context): end its read
        # transaction, as each request of a server would start afresh.
        db.session.rollback()
        view = client.get(f"/api/schedule/jobs/{job_id}").get_json()
        if view["status"] in statuses and all(test(view[k]) for k, test in expected.items()):
            return view
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not reach {statuses}: {view}")


def publish(version_number: int) -> ScheduleVersion:
    """Publish a version with the app's publish service, and read it back."""
    from app.models import Event
    from app.services.schedule.publish import publish_version

    db.session.rollback()
    event = db.session.execute(db.select(Event)).scalars().first()
    publish_version(event, None, version_number)
    return db.session.execute(db.select(ScheduleVersion).filter_by(
        version=version_number)).scalar_one()


def job_row(job_id: int) -> SolveJob:
    db.session.rollback()  # see what the worker committed
    return db.session.get(SolveJob, job_id)


@pytest.fixture(autouse=True)
def stop_solve_children(app):
    """A test that ends while a local worker still runs stops it (its database goes)."""
    yield
    for child in list(app.extensions.get("solve_children", {}).values()):
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait(10)
