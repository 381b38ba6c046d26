"""Who is expected in a session by the published schedule and has not checked in, on the API
and on the dashboard with the re-plan link; arrivals by role and day."""
from datetime import datetime

import pytest

from app.extensions import db
from app.models import CheckIn, Person, ScheduleVersion
from app.services.checkin.dashboard import checkin_overview


@pytest.fixture
def planned(app, event, coach):
    """Published: in Sparring 1 the coach's team (Marco) meets Paula; Peter meets nobody."""
    team = coach.person.coached_teams[0]
    marco = db.session.execute(db.select(Person).filter_by(name="Marco Rossi")).scalar_one()
    paula = Person(event_id=event.id, role="partner", name="Paula Partner", status="accepted",
                   email="paula@example.org", languages=["en"], partner_kind="creative")
    peter = Person(event_id=event.id, role="partner", name="Peter Idle", status="accepted",
                   email="peter@example.org", languages=["en"], partner_kind="creative")
    gone = Person(event_id=event.id, role="member", name="Wanda Withdrawn", status="withdrawn",
                  email="wanda@example.org", enterprise_id=team.id)
    db.session.add_all([paula, peter, gone])
    db.session.flush()
    sparring = event.sessions[1]
    db.session.add(ScheduleVersion(
        event_id=event.id, version=1, status="feasible", published=True,
        published_at=datetime(2023, 9, 20), data={
            "status": "feasible", "coaches": [{"team": team.key, "coach": coach.person.key}],
            "meetings": [{"session": sparring.key, "team": team.key, "partner": paula.key}],
            "rooms": []}))
    db.session.commit()
    return {"session": sparring, "marco": marco, "paula": paula, "peter": peter,
            "coach": coach.person, "team": team}


def names(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [row["name"] for row in response.get_json()["missing"]]


def test_missing_follows_the_published_schedule_and_check_ins(organiser_client, planned):
    url = f"/api/checkins/missing?session={planned['session'].key}"
    assert names(organiser_client.get(url)) == ["Carla Coach", "Marco Rossi", "Paula Partner"]
    db.session.add_all([
        CheckIn(event_id=planned["marco"].event_id, person_id=planned["marco"].id,
                checkpoint="arrival", at=datetime(2023, 9, 22, 16)),
        CheckIn(event_id=planned["paula"].event_id, person_id=planned["paula"].id,
                checkpoint=planned["session"].key, at=datetime(2023, 9, 23, 7))])
    db.session.commit()
    assert names(organiser_client.get(url)) == ["Carla Coach"]


def test_missing_refuses_an_unknown_session(organiser_client, planned):
    response = organiser_client.get("/api/checkins/missing?session=s99999")
    assert response.status_code == 422 and "session" in response.get_json()["message"]
    assert organiser_client.get("/api/checkins/missing?session=arrival").status_code == 422


def test_dashboard_shows_arrivals_and_the_replan_link(organiser_client, planned, event):
    db.session.add(CheckIn(event_id=event.id, person_id=planned["marco"].id,
                           checkpoint="arrival", at=datetime(2023, 9, 22, 15, 30)))  # 17:30 CEST
    db.session.commit()
    overview = checkin_overview(event, now=datetime(2023, 9, 23, 8))
    assert overview["arrived"] == {"member": 1, "partner": 0, "coach": 0}
    assert [(d["day"].isoformat(), d["roles"]) for d in overview["days"]] == \
        [("2023-09-22", {"member": 1})]
    [first, second] = overview["sessions"]
    assert first["session"].id == planned["session"].id
    assert [row["name"] for row in first["missing"]] == ["Carla Coach", "Paula Partner"]
    ids = f"{planned['coach'].id},{planned['paula'].id}"
    assert first["replan_url"] == \
        f"/schedule/solve?replan=1&absent={ids}&freeze_before=2023-09-23T09:00"
    # Nothing published for the second session yet: nobody is expected, nothing to re-plan.
    assert second["count"] == 0 and second["replan_url"] is None
    html = organiser_client.get("/admin/").get_data(as_text=True)
    assert "Arrivals by day" in html and "Check-in" in html
