"""The re-plan instance (no solve): absent people out, teams shrink, the past frozen."""
from datetime import datetime

import pytest

import scheduler
from app.extensions import db
from app.models import Event, Person, ScheduleVersion, SolveJob
from app.services.checks import ValidationFailed
from app.services.demo import load_demo
from app.services.schedule import jobs
from app.services.schedule.instance import build_instance
from app.services.schedule.replan import replan_instance
from tests.schedule_jobs_helpers import DEMO_PASSWORD


@pytest.fixture
def demo(app):
    app.config["DEMO_PASSWORD"] = DEMO_PASSWORD
    load_demo()
    return db.session.execute(db.select(Event)).scalar_one()


def _greedy_schedule(event) -> dict:
    """A published schedule to re-plan from: a short real solve."""
    result = scheduler.solve(build_instance(event), time_limit=2, workers=1).to_dict()
    assert result["status"] in ("optimal", "feasible")
    return result


def test_absent_people_leave_the_instance_and_the_past_stays(demo):
    published = _greedy_schedule(demo)
    plain = build_instance(demo)
    member = db.session.execute(db.select(Person).filter_by(role="member", status="accepted")
                                ).scalars().first()
    team_key = f"t{member.enterprise_id}"
    size = next(t["size"] for t in plain["teams"] if t["id"] == team_key)
    starts = sorted({s["start"] for s in plain["sessions"] if s["kind"] == "sparring"})
    frozen = {s["id"] for s in plain["sessions"] if s["kind"] == "sparring"
              and s["start"] < starts[1]}
    in_frozen = [m for m in published["meetings"] if m["session"] in frozen]
    gone_partner = in_frozen[0]["partner"]
    coach_key = published["coaches"][0]["coach"]
    absent = [member.id, int(gone_partner[1:]), int(coach_key[1:])]

    inst = replan_instance(demo, published, absent, starts[1])
    assert next(t["size"] for t in inst["teams"] if t["id"] == team_key) == size - 1
    assert gone_partner not in {p["id"] for p in inst["partners"]}
    assert coach_key not in {c["id"] for c in inst["coaches"]}
    expected = [m for m in in_frozen if m["partner"] != gone_partner]
    assert all(m in inst["fixed"]["meetings"] for m in expected)
    assert not any(m["partner"] == gone_partner for m in inst["previous"]["meetings"])
    # A partner without a frozen meeting cannot be added to a frozen session (unless a team
    # there fell short of partners through the absence).
    busy = {m["partner"] for m in expected}
    session = next(iter(frozen))
    free = [p for p in inst["partners"] if p["id"] not in busy and session in p["available"]]
    short = any(sum(1 for m in expected if m["team"] == t["id"]) < 1 for t in inst["teams"])
    assert short or free == []
    scheduler.parse_instance(inst)  # still a valid instance


def test_start_solve_names_the_bad_field(app, demo):
    cases = [({"time_limit": 0}, "time_limit"), ({"time_limit": "soon"}, "time_limit"),
             ({"time_limit": 601}, "time_limit"), ({"replan": True}, "replan"),
             ({"replan": False, "absent": [1]}, "replan"),
             ({"replan": True, "absent": [999999]}, "absent"),
             ({"replan": True, "absent": "3"}, "absent"),
             ({"replan": True, "freeze_before": "Saturday"}, "freeze_before")]
    for kwargs, field in cases:
        with pytest.raises(ValidationFailed) as failed:
            jobs.start_solve(demo, None, **{"time_limit": 5, **kwargs})
        assert field in failed.value.errors, (kwargs, failed.value.errors)
    assert db.session.execute(db.select(db.func.count(SolveJob.id))).scalar() == 0


def test_a_second_active_job_is_refused_by_the_index_and_a_dead_one_is_reaped(app, demo):
    running = SolveJob(event_id=demo.id, status="running", time_limit=5, options={},
                       started_at=datetime(2023, 9, 23, 9), heartbeat_at=datetime.utcnow())
    db.session.add(running)
    db.session.commit()
    with pytest.raises(jobs.JobConflict) as conflict:
        jobs.start_solve(demo, None, time_limit=5)
    assert conflict.value.job_id == running.id
    assert db.session.execute(db.select(db.func.count(SolveJob.id))).scalar() == 1

    running.heartbeat_at = datetime(2023, 9, 23, 9)  # the worker stopped long ago
    db.session.commit()
    assert jobs.reap_stale(demo) == 1
    assert running.status == "failed" and "stopped" in running.message
    assert db.session.execute(db.select(db.func.count(ScheduleVersion.id))).scalar() == 0


def test_the_worker_commands_say_what_is_wrong(app, runner):
    result = runner.invoke(args=["schedule", "work", "999"])
    assert result.exit_code == 1 and "There is no solve job with id 999." in result.output
    app.config["REDIS_URL"] = None
    result = runner.invoke(args=["schedule", "worker", "--burst"])
    assert result.exit_code == 1 and "REDIS_URL is not set" in result.output


def test_the_work_command_runs_a_queued_job_to_its_end(app, demo, runner):
    job = SolveJob(event_id=demo.id, status="queued", time_limit=2, options={})
    db.session.add(job)
    db.session.commit()
    result = runner.invoke(args=["schedule", "work", str(job.id)])
    assert result.exit_code == 0 and f"Solve job {job.id}: done." in result.output
    db.session.refresh(job)
    assert job.status == "done" and job.version == 1 and job.heartbeat_at is not None
    version = db.session.execute(db.select(ScheduleVersion)).scalar_one()
    assert (version.job_id, version.source, version.note) == (job.id, "solver", f"job {job.id}")
    # Taken once: a second run leaves it as it is.
    assert "done" in runner.invoke(args=["schedule", "work", str(job.id)]).output
    assert db.session.execute(db.select(db.func.count(ScheduleVersion.id))).scalar() == 1
