"""The solve page: data checks with links, the forms (CSRF, redirect back), the running job
and its result, the re-plan form's prefill."""
import re

import pytest

from app.extensions import db
from app.models import Enterprise, Person, SolveJob
from app.services.demo import load_demo
from tests.conftest import csrf_token, login
from tests.schedule_jobs_helpers import (  # noqa: F401 (a fixture)
    DEMO_PASSWORD,
    publish,
    stop_solve_children,
    wait_for_job,
)

PAGE = "/schedule/solve"


@pytest.fixture
def demo_client(app, client):
    app.config["DEMO_PASSWORD"] = DEMO_PASSWORD
    load_demo()
    login(client, "organiser@example.org", DEMO_PASSWORD)
    return client


def _solve_button(html: str) -> str:
    return re.search(r'<input[^>]*value="Solve">', html).group(0)


def _html(client, url=PAGE) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_clean_demo_can_be_solved_from_the_page_and_shows_the_result(app, demo_client):
    html = _html(demo_client)
    assert "passes every check" in html
    assert "disabled" not in _solve_button(html)
    assert "publish a version first" in html  # no re-plan without a published schedule

    token = csrf_token(demo_client, PAGE)
    response = demo_client.post(PAGE, data={"csrf_token": token, "time_limit": "2"})
    assert response.status_code == 302 and response.headers["Location"].endswith(PAGE)
    job = db.session.execute(db.select(SolveJob)).scalar_one()

    running = _html(demo_client)
    if "<progress" in running:  # still running (it usually is, for about 2 s)
        assert '<meta http-equiv="refresh"' in running and 'max="1"' in running
        assert f'data-job="{job.id}"' in running and "Cancel the solve" in running
        assert "disabled" in _solve_button(running)
    view = wait_for_job(demo_client, job.id)
    assert view["status"] == "done"

    done = _html(demo_client)
    assert "<progress" not in done and 'http-equiv="refresh"' not in done
    assert 'href="/schedule/versions/1"' in done and 'href="/schedule/"' in done
    assert "Stored as version 1." in done and view["result_status"] in done


def test_data_problems_are_listed_with_links_and_block_the_solve(app, demo_client):
    team = db.session.execute(db.select(Enterprise).filter_by(status="accepted")
                              .order_by(Enterprise.id)).scalars().first()
    team.languages = ["xx"]  # nobody speaks it: no coach, no partner can talk to the team
    db.session.commit()
    html = _html(demo_client)
    assert f"team t{team.id} speaks xx: no coach speaks any of these languages" in html
    assert f'href="/admin/enterprises/{team.id}"' in html
    assert "disabled" in _solve_button(html)
    assert "Fix the problems in the data checks first." in html

    # A post anyway (an old form): the solver answers infeasible, its explanation is kept.
    token = csrf_token(demo_client, PAGE)
    demo_client.post(PAGE, data={"csrf_token": token, "time_limit": "2"})
    job = db.session.execute(db.select(SolveJob)).scalar_one()
    view = wait_for_job(demo_client, job.id)
    assert (view["status"], view["result_status"], view["version"]) == \
        ("done", "infeasible", None)
    html = _html(demo_client)
    assert "Why there is no schedule:" in html and f"team t{team.id}" in html


def test_bad_time_limit_and_missing_csrf_are_refused_without_a_job(app, demo_client):
    token = csrf_token(demo_client, PAGE)
    response = demo_client.post(PAGE, data={"csrf_token": token, "time_limit": "0"},
                                follow_redirects=True)
    assert "Time limit (seconds)" in response.get_data(as_text=True)
    assert demo_client.post(PAGE, data={"time_limit": "5"}).status_code == 400
    assert db.session.execute(db.select(db.func.count(SolveJob.id))).scalar() == 0


def test_the_re_plan_form_is_prefilled_from_the_query_string(app, demo_client):
    db.session.add(SolveJob(event_id=1, status="done", time_limit=2, options={}))
    db.session.commit()
    from app.models import ScheduleVersion

    db.session.add(ScheduleVersion(event_id=1, version=1, status="feasible", objective=1,
                                   data={"meetings": [], "coaches": [], "rooms": []}))
    db.session.commit()
    publish(1)
    partners = db.session.execute(db.select(Person).filter_by(role="partner")
                                  .order_by(Person.id).limit(2)).scalars().all()
    ids = ",".join(str(p.id) for p in partners)
    html = _html(demo_client, f"{PAGE}?absent={ids}&freeze_before=2023-09-23T13:00:00")
    assert 'value="2023-09-23T13:00"' in html
    for partner in partners:
        assert re.search(rf'<input checked[^>]*value="{partner.id}"|'
                         rf'<input[^>]*value="{partner.id}"[^>]*checked', html), partner.name
    assert "published version 1" in html


def test_the_re_plan_form_starts_a_re_plan_job(app, demo_client):
    from app.models import ScheduleVersion

    db.session.add(ScheduleVersion(event_id=1, version=1, status="feasible", objective=1,
                                   data={"meetings": [], "coaches": [], "rooms": []}))
    db.session.commit()
    publish(1)
    partner = db.session.execute(db.select(Person).filter_by(role="partner")).scalars().first()
    token = csrf_token(demo_client, PAGE)
    response = demo_client.post(f"{PAGE}/replan", data={
        "csrf_token": token, "time_limit": "2", "absent": [str(partner.id)],
        "freeze_before": "2023-09-23T13:00"})
    assert response.status_code == 302 and response.headers["Location"].endswith(PAGE)
    job = db.session.execute(db.select(SolveJob)).scalar_one()
    assert job.options == {"replan": True, "absent": [partner.id],
                           "freeze_before": "2023-09-23T13:00"}
    assert job.time_limit == 2.0
    # While it runs (its child takes a few seconds to start), a second one is refused with
    # a message, not a second job.
    assert job_is_active(job.id)
    again = demo_client.post(f"{PAGE}/replan", data={"csrf_token": token, "time_limit": "2"},
                             follow_redirects=True)
    assert "already running" in again.get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count(SolveJob.id))).scalar() == 1


def job_is_active(job_id: int) -> bool:
    db.session.rollback()
    return db.session.get(SolveJob, job_id).status in ("queued", "running")
