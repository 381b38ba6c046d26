"""Solve jobs through the API with the local worker: a child process per job, watched by a
thread of this (the web) process. Real solver, real SQLite/PostgreSQL, real Socket.IO test
client."""
import os
import signal
import time

import pytest

import scheduler
from app.extensions import db, socketio
from app.models import Event, ScheduleVersion
from app.services.accounts import create_api_token
from app.services.demo import load_demo
from app.services.live.names import NAMESPACE, SOLVE_DONE, SOLVE_PROGRESS
from tests.conftest import login
from tests.schedule_jobs_helpers import (  # noqa: F401 (a fixture)
    DEMO_PASSWORD,
    job_row,
    publish,
    stop_solve_children,
    wait_for_job,
)


@pytest.fixture
def demo_client(app, client, monkeypatch):
    app.config["DEMO_PASSWORD"] = DEMO_PASSWORD
    load_demo()
    login(client, "organiser@example.org", DEMO_PASSWORD)  # the session for /live
    # API calls with a token, as scripts make them (exempt from CSRF).
    client.environ_base["HTTP_AUTHORIZATION"] = "Bearer " + create_api_token(
        "organiser@example.org")
    return client


def _start(client, **body):
    response = client.post("/api/schedule/solve", json={"time_limit": 2, **body})
    assert response.status_code == 202, response.get_json()
    return response.get_json()["job"]


def _versions():
    db.session.rollback()
    return db.session.execute(db.select(ScheduleVersion).order_by(
        ScheduleVersion.version)).scalars().all()


def _meetings(data):
    return {(m["session"], m["team"], m["partner"]) for m in data["meetings"]}


def test_a_solve_through_the_api_passes_the_check_and_a_second_gets_409(app, demo_client):
    live = socketio.test_client(app, namespace=NAMESPACE, flask_test_client=demo_client)
    assert live.is_connected(NAMESPACE)
    job = _start(demo_client)
    second = demo_client.post("/api/schedule/solve", json={"time_limit": 3})
    assert second.status_code == 409
    assert second.get_json()["error"] == "conflict" and second.get_json()["job"] == job

    view = wait_for_job(demo_client, job)
    assert view["status"] == "done", view
    assert view["result_status"] in ("optimal", "feasible")
    assert view["version"] == 1 and view["objective"] > 0 and view["finished_at"]
    version = _versions()[0]
    assert (version.source, version.job_id, version.published) == ("solver", job, False)
    instance = demo_client.get("/api/schedule/instance").get_json()
    report = scheduler.check(instance, version.data)
    assert report.violations == [] and report.objective == version.objective

    # The watcher sends solve_done once the child has exited, a moment after the row says so.
    received, deadline = [], time.monotonic() + 10
    while SOLVE_DONE not in [r["name"] for r in received] and time.monotonic() < deadline:
        received += live.get_received(NAMESPACE)
        time.sleep(0.1)
    names = [r["name"] for r in received]
    assert SOLVE_PROGRESS in names and names[-1] == SOLVE_DONE
    progress = next(r["args"][0] for r in received if r["name"] == SOLVE_PROGRESS)
    assert set(progress) == {"job", "objective", "bound", "seconds"} and progress["job"] == job
    done = received[-1]["args"][0]
    assert (done["job"], done["status"], done["version"]) == (job, "done", 1)


def test_pins_hold_through_re_solves(app, demo_client):
    instance = demo_client.get("/api/schedule/instance").get_json()
    session = next(s["id"] for s in instance["sessions"] if s["kind"] == "sparring")
    team = instance["teams"][0]
    partner = next(p for p in instance["partners"] if session in p["available"]
                   and set(p["languages"]) & set(team["languages"])
                   and {"team": team["id"], "partner": p["id"]} not in instance["forbidden"])
    coach = next(c for c in instance["coaches"] if set(c["languages"]) & set(team["languages"]))
    pins = {"meetings": [{"session": session, "team": team["id"], "partner": partner["id"]}],
            "coaches": [{"team": team["id"], "coach": coach["id"]}], "rooms": []}
    event = db.session.execute(db.select(Event)).scalar_one()
    event.schedule_fixed = pins
    db.session.commit()

    for number in (1, 2):
        view = wait_for_job(demo_client, _start(demo_client))
        assert (view["status"], view["version"]) == ("done", number), view
        data = _versions()[-1].data
        assert pins["meetings"][0] in data["meetings"]
        assert pins["coaches"][0] in data["coaches"]
        assert demo_client.get("/api/schedule/instance").get_json()["fixed"] == pins


def test_a_cancelled_solve_keeps_its_best_schedule_and_the_published_one(app, demo_client):
    assert wait_for_job(demo_client, _start(demo_client))["status"] == "done"
    published = publish(1)
    published_data = dict(published.data)

    job = _start(demo_client, time_limit=60)
    wait_for_job(demo_client, job, statuses=("running",), objective=lambda v: v is not None)
    cancelled = demo_client.delete(f"/api/schedule/jobs/{job}")
    assert cancelled.status_code == 200 and cancelled.get_json()["cancel_requested"] is True
    view = wait_for_job(demo_client, job, timeout=20)
    assert (view["status"], view["version"]) == ("cancelled", 2), view
    assert view["seconds"] < 30

    versions = _versions()
    assert [v.version for v in versions] == [1, 2]
    assert [v.published for v in versions] == [True, False]
    assert versions[0].data == published_data
    assert versions[1].data["meetings"] and versions[1].job_id == job
    again = demo_client.delete(f"/api/schedule/jobs/{job}")
    assert again.status_code == 409 and again.get_json()["error"] == "conflict"


def test_a_killed_worker_marks_its_job_failed_and_the_next_solve_may_start(app, demo_client):
    job = _start(demo_client, time_limit=60)
    wait_for_job(demo_client, job, statuses=("running",))
    child = app.extensions["solve_children"][job]
    os.killpg(child.pid, signal.SIGKILL)
    view = wait_for_job(demo_client, job, timeout=10)
    assert view["status"] == "failed" and "signal 9" in view["message"], view
    assert view["version"] is None and _versions() == []
    assert job_row(job).status == "failed"
    # The event is free again.
    assert wait_for_job(demo_client, _start(demo_client))["status"] == "done"


def _frozen_and_later(instance: dict, freeze_before: str):
    sparring = [s for s in instance["sessions"] if s["kind"] == "sparring"]
    return ({s["id"] for s in sparring if s["start"] < freeze_before},
            {s["id"] for s in sparring if s["start"] >= freeze_before})


def test_a_re_plan_keeps_the_frozen_sessions_and_changes_little_else(app, demo_client):
    assert wait_for_job(demo_client, _start(demo_client))["status"] == "done"
    published = publish(1).data
    instance = demo_client.get("/api/schedule/instance").get_json()
    starts = sorted({s["start"] for s in instance["sessions"] if s["kind"] == "sparring"})
    freeze_before = starts[2] + ":00"  # the first two sparring sessions are over
    frozen, later = _frozen_and_later(instance, freeze_before[:16])
    old = _meetings(published)
    # Absent: a partner with meetings after the freeze, and none that would leave a team of
    # a frozen session without partners.
    per_team = {}
    for s, t, _p in old:
        per_team[(s, t)] = per_team.get((s, t), 0) + 1
    partner = next(p for p in sorted({m[2] for m in old})
                   if any(m[2] == p and m[0] in later for m in old)
                   and all(per_team[(m[0], m[1])] > 1 for m in old
                           if m[2] == p and m[0] in frozen))
    absent_id = int(partner[1:])

    job = _start(demo_client, time_limit=5, replan=True, absent=[absent_id],
                 freeze_before=freeze_before)
    view = wait_for_job(demo_client, job)
    assert view["status"] == "done", view
    version = _versions()[-1]
    assert (version.source, version.based_on, version.published) == ("replan", 1, False)
    assert "without" in version.note
    new = _meetings(version.data)

    def in_sessions(meetings, sessions):
        return {m for m in meetings if m[0] in sessions}

    assert in_sessions(new, frozen) == {m for m in in_sessions(old, frozen) if m[2] != partner}
    assert not any(m[2] == partner for m in new)
    kept_later = {m for m in in_sessions(old, later) if m[2] != partner}
    lost = kept_later - new
    assert len(lost) <= len(kept_later) // 4, (len(lost), len(kept_later))
    # The published version is untouched: still version 1, with the same meetings.
    db.session.rollback()
    still = db.session.execute(db.select(ScheduleVersion).filter_by(published=True)).scalar_one()
    assert (still.version, still.data) == (1, published)


def test_a_job_handed_to_the_warm_standby_runs_and_a_dead_standby_loses_no_job(app,
                                                                                 demo_client):
    from app.services.schedule import standby as standbys

    app.config["SOLVE_STANDBY"] = True
    try:
        first = standbys.ensure(app)
        assert first.wait_ready(60), "the standby never finished importing"
        job = _start(demo_client)
        assert app.extensions["solve_children"][job] is first.child
        assert wait_for_job(demo_client, job)["status"] == "done"
        assert job_row(job).worker.endswith(f":{first.child.pid}")  # the standby ran it

        # The next standby is killed while it waits: the next job gets a fresh child.
        second = app.extensions["solve_standby"]
        assert second.child.pid != first.child.pid
        os.killpg(second.child.pid, signal.SIGKILL)
        second.child.wait(10)
        job = _start(demo_client)
        assert wait_for_job(demo_client, job)["status"] == "done"
        assert not job_row(job).worker.endswith(f":{second.child.pid}")

        # A standby that dies after the job was handed to it, before it took it: the watcher
        # gives the job to a fresh child.
        third = app.extensions["solve_standby"]
        assert third.wait_ready(60)
        os.killpg(third.child.pid, signal.SIGSTOP)  # it cannot read the job id yet
        job = _start(demo_client)
        assert app.extensions["solve_children"][job] is third.child
        os.killpg(third.child.pid, signal.SIGKILL)
        view = wait_for_job(demo_client, job)
        assert view["status"] == "done", view
        assert not job_row(job).worker.endswith(f":{third.child.pid}")
    finally:
        app.config["SOLVE_STANDBY"] = False
        last = app.extensions.pop("solve_standby", None)
        if last is not None:
            last.discard()  # EOF: it exits by itself
            assert last.child.wait(30) == 0
