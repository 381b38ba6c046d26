"""Publishing through the API: changes, flags, the publication record, calendar sequences,
emails in the outbox, the schedule_published broadcast, publishing an earlier version again."""
import pytest

from app.extensions import db, socketio
from app.models import (
    CalendarEntry,
    OutboxEmail,
    SchedulePublication,
    ScheduleVersion,
)
from app.services.accounts import create_api_token
from tests.conftest import count_of
from tests.schedule_data import FIRST, SECOND, add_version, schedule, scheduled_event


class Api:
    """The organiser's API calls with a bearer token (sessions would need a CSRF token)."""

    def __init__(self, client, email):
        self.client, self.token = client, create_api_token(email)
        self.headers = {"Authorization": f"Bearer {self.token}"}

    def get(self, url):
        return self.client.get(url, headers=self.headers)

    def post(self, url, **kwargs):
        return self.client.post(url, headers=self.headers, **kwargs)


@pytest.fixture
def api(client, organiser):
    return Api(client, organiser.email)


@pytest.fixture
def scheduled(event):
    s = scheduled_event(event)
    add_version(s, 1, schedule(s, **FIRST))
    add_version(s, 2, schedule(s, **SECOND), note="Priya instead of Piet")
    return s


def _published():
    return [v.version for v in db.session.execute(
        db.select(ScheduleVersion).filter_by(published=True)).scalars()]


def _agenda_emails():
    return sorted(e.person_id for e in db.session.execute(
        db.select(OutboxEmail).filter_by(kind="agenda_changed")).scalars())


def test_first_publish_makes_the_version_everyones_and_tells_everyone_in_it(
        api, scheduled):
    s = scheduled
    live = socketio.test_client(api.client.application, namespace="/live",
                                auth={"token": api.token})
    live.get_received("/live")
    response = api.post("/api/schedule/publish", json={"version": 1})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["version"] == 1 and len(body["changes"]["added"]) == 4
    assert body["changes"]["removed"] == []
    everyone = {p.id for p in [*s.partners.values(), *s.coaches.values(), *s.members.values()]
                if p.name != "Priya Partner"}
    assert set(body["changes"]["people"]) == everyone
    assert _published() == [1]
    [publication] = db.session.execute(db.select(SchedulePublication)).scalars().all()
    assert (publication.version, publication.previous_version) == (1, None)
    assert publication.published_by_name == "Olga Organiser"
    assert _agenda_emails() == sorted(everyone)  # one email per affected person
    [event] = [r for r in live.get_received("/live") if r["name"] == "schedule_published"]
    assert event["args"][0]["version"] == 1 and event["args"][0]["seq"] >= 1
    assert event["args"][0]["changes"] == body["changes"]
    live.disconnect(namespace="/live")


def test_second_publish_names_only_whose_agenda_changed(api, scheduled):
    s = scheduled
    assert api.post("/api/schedule/publish", json={"version": 1}).status_code == 200
    first_emails = len(_agenda_emails())
    response = api.post("/api/schedule/publish")  # default: the latest, 2
    body = response.get_json()
    assert response.status_code == 200 and body["version"] == 2
    sparring_2 = s.sessions["Sparring 2"].key
    team = s.teams["Minți Curioase"].key
    assert body["changes"]["added"] == [
        {"session": sparring_2, "team": team, "partner": s.partners["Priya Partner"].key}]
    assert body["changes"]["removed"] == [
        {"session": sparring_2, "team": team, "partner": s.partners["Piet Partner"].key}]
    expected = {s.partners["Priya Partner"].id, s.partners["Piet Partner"].id,
                s.members["Ioana Pop"].id, s.members["Radu Ene"].id, s.coaches["Carla Coach"].id}
    assert set(body["changes"]["people"]) == expected
    assert _published() == [2]
    assert len(_agenda_emails()) == first_emails + len(expected)
    # Ioana's Sparring 2 entry was revised: SEQUENCE 1; her Sparring 1 keeps 0.
    ioana = s.members["Ioana Pop"]
    entries = {e.uid: e.sequence for e in db.session.execute(
        db.select(CalendarEntry).filter_by(person_id=ioana.id)).scalars()}
    uid = f"event{s.event.id}-s{s.sessions['Sparring 2'].id}-{ioana.key}@hackathon-matchmaker"
    assert entries[uid] >= 1
    uid_1 = uid.replace(f"-s{s.sessions['Sparring 2'].id}-", f"-s{s.sessions['Sparring 1'].id}-")
    before = entries[uid_1]
    # Sven's team did not change: no email for him in the second publish.
    assert _agenda_emails().count(s.members["Sven Berg"].id) == 1
    # Publishing version 1 again: the earlier schedule is back, and the same people hear it.
    again = api.post("/api/schedule/publish", json={"version": 1}).get_json()
    assert again["version"] == 1 and set(again["changes"]["people"]) == expected
    assert _published() == [1]
    entries = {e.uid: e.sequence for e in db.session.execute(
        db.select(CalendarEntry).filter_by(person_id=ioana.id)).scalars()}
    assert entries[uid_1] == before
    history = db.session.execute(db.select(SchedulePublication.version, SchedulePublication
                                           .previous_version).order_by(SchedulePublication.id)
                                 ).all()
    assert [tuple(h) for h in history] == [(1, None), (2, 1), (1, 2)]


def test_publishing_the_published_version_again_records_no_changes(api,
                                                                   scheduled):
    api.post("/api/schedule/publish", json={"version": 2})
    emails = count_of(OutboxEmail)
    body = api.post("/api/schedule/publish", json={"version": 2}).get_json()
    assert body == {"version": 2, "changes": {"added": [], "removed": [], "people": []}}
    assert count_of(OutboxEmail) == emails and count_of(SchedulePublication) == 2


def test_unknown_unusable_and_malformed_versions_are_refused(api, scheduled):
    add_version(scheduled, 3, {"meetings": [], "rooms": [], "coaches": []},
                status="infeasible")
    unknown = api.post("/api/schedule/publish", json={"version": 9})
    assert unknown.status_code == 404 and "version 9" in unknown.get_json()["message"]
    unusable = api.post("/api/schedule/publish", json={"version": 3})
    assert unusable.status_code == 422 and "infeasible" in unusable.get_json()["message"]
    wrong = api.post("/api/schedule/publish", json={"version": "two"})
    assert wrong.status_code == 422 and "version" in wrong.get_json()["message"]
    not_object = api.post("/api/schedule/publish", json=[1])
    assert not_object.status_code == 400 and not_object.get_json()["error"] == "bad_request"
    assert _published() == [] and count_of(SchedulePublication) == 0


def test_without_any_version_publish_and_schedule_answer_404(api, event):
    assert api.get("/api/schedule").status_code == 404
    response = api.post("/api/schedule/publish")
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"


def test_versions_api_lists_and_shows_versions(api, scheduled):
    api.post("/api/schedule/publish", json={"version": 1})
    listed = api.get("/api/schedule/versions").get_json()
    assert [(v["version"], v["published"], v["source"]) for v in listed] == [
        (2, False, "solver"), (1, True, "solver")]
    assert set(listed[0]) == {"version", "status", "objective", "bound", "source",
                              "created_at", "published"}
    one = api.get("/api/schedule/versions/1").get_json()
    assert one["version"] == 1 and len(one["meetings"]) == 4 and one["published"] is True
    assert api.get("/api/schedule/versions/7").status_code == 404
    latest = api.get("/api/schedule").get_json()
    assert latest["version"] == 2 and latest["status"] == "optimal"


def test_only_organisers_publish_or_read_versions(client, coach, scheduled):
    as_coach = Api(client, coach.email)
    for method, url in [("get", "/api/schedule"), ("get", "/api/schedule/versions"),
                        ("get", "/api/schedule/versions/1"), ("post", "/api/schedule/publish")]:
        assert getattr(as_coach, method)(url).status_code == 403, url
        assert getattr(client, method)(url).status_code == 401, url
    assert _published() == []
