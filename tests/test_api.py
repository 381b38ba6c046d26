"""The JSON API: shapes, session and bearer authentication, roles, errors, no leaked emails."""
import pytest
from sqlalchemy import event as sa_event

from app.extensions import db
from app.models import Enterprise, Person
from app.services.accounts import create_api_token, create_user
from tests.conftest import PASSWORD, login


@pytest.fixture
def teams(event, coach):
    """Besides the coach fixture's 'Care farm': a second coach with a team, a partner, and a
    pending team."""
    other = Person(event_id=event.id, role="coach", name="Dieter Coach", status="accepted",
                   email="coach2@example.org", languages=["de"], skills=[], max_teams=1)
    bees = Enterprise(event_id=event.id, name="Bee+Tree", organisation="Apiary", country="RO",
                      status="accepted", languages=["ro"], needs={}, stage="define")
    bees.coach = other
    pending = Enterprise(event_id=event.id, name="Pending idea", organisation="Org",
                         country="ES", status="pending", languages=["es"], needs={})
    partner = Person(event_id=event.id, role="partner", name="Anna Huber", status="accepted",
                     email="anna@example.org", languages=["de", "en"], skills=["video"],
                     partner_kind="creative")
    partner.available_sessions = [s for s in event.sessions if s.kind == "sparring"][:1]
    partner.wished_teams = [bees]
    db.session.add_all([other, bees, pending, partner])
    db.session.flush()
    db.session.add_all([
        Person(event_id=event.id, role="member", name="Ioana Pop", email="ioana@example.org",
               enterprise_id=bees.id, status="accepted", languages=["ro"]),
        Person(event_id=event.id, role="member", name="Pia Plan", email="pia@example.org",
               enterprise_id=pending.id, status="pending", languages=["es"])])
    db.session.commit()
    return {"bees": bees, "other_coach": other, "partner": partner, "pending": pending}


def bearer(email: str) -> dict:
    return {"Authorization": f"Bearer {create_api_token(email)}"}


def person_id(email: str) -> int:
    return db.session.execute(db.select(Person.id).filter_by(email=email)).scalar_one()


def assert_json_error(response, status: int, code: str):
    assert response.status_code == status
    assert response.is_json
    assert response.json["error"] == code and response.json["message"]


def test_event_is_public_with_integer_counts(client, teams, event):
    response = client.get("/api/event")
    assert response.status_code == 200
    data = response.json
    assert data["name"] == "Test Hackathon" and data["venue"] == "Test farm"
    assert (data["teams"], data["partners"], data["coaches"]) == (2, 1, 2)
    assert all(isinstance(data[k], int) for k in ("teams", "partners", "coaches"))
    assert data["stages"] == event.stages
    assert data["timezone"] == "Europe/Berlin" and data["starts_on"] == "2023-09-22"
    sparring = data["sessions"][1]
    assert sparring == {"id": sparring["id"], "key": f"s{sparring['id']}", "title": "Sparring 1",
                        "start": "2023-09-23T09:00:00", "end": "2023-09-23T10:30:00",
                        "stage": "empathize", "kind": "sparring", "place": ""}
    assert response.headers["Cache-Control"] == "no-store"


def test_event_without_event_is_404_json(client):
    assert_json_error(client.get("/api/event"), 404, "not_found")


def test_teams_for_organiser_by_session(organiser_client, teams):
    data = organiser_client.get("/api/teams").json
    assert [t["name"] for t in data] == ["Bee+Tree", "Care farm", "Pending idea"]
    care = data[1]
    assert set(care) >= {"id", "key", "name", "stage", "coach", "members", "organisation",
                         "country", "challenge", "languages", "needs", "size", "status"}
    assert care["coach"]["name"] == "Carla Coach" and care["coach"]["email"] == \
        "coach1@example.org"
    assert care["members"] == [{"id": person_id("marco@example.org"), "name": "Marco Rossi",
                                "email": "marco@example.org"}]
    assert care["size"] == 1 and care["needs"] == {"empathize": ["interviewing"]}
    assert data[2]["coach"] is None


def test_coach_sees_accepted_teams_but_only_own_members_emails(coach_client, teams):
    data = {t["name"]: t for t in coach_client.get("/api/teams").json}
    assert set(data) == {"Bee+Tree", "Care farm"}
    assert data["Care farm"]["members"][0]["email"] == "marco@example.org"
    assert data["Bee+Tree"]["members"] == [{"id": person_id("ioana@example.org"),
                                            "name": "Ioana Pop"}]
    assert "ioana@example.org" not in coach_client.get("/api/teams").get_data(as_text=True)


def test_teams_with_bearer_token(client, teams, coach):
    response = client.get("/api/teams", headers=bearer("coach1@example.org"))
    assert response.status_code == 200 and len(response.json) == 2


def test_teams_query_count_does_not_grow_with_teams(organiser_client, teams, event):
    def count_queries() -> int:
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        sa_event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert organiser_client.get("/api/teams").status_code == 200
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    few = count_queries()
    for number in range(6):
        team = Enterprise(event_id=event.id, name=f"Team {number}", organisation="Org",
                          country="DE", status="accepted", languages=["de"], needs={})
        team.coach = teams["other_coach"]
        db.session.add(team)
        db.session.flush()
        db.session.add(Person(event_id=event.id, role="member", name=f"M {number}",
                              email=f"m{number}@example.org", enterprise_id=team.id))
    db.session.commit()
    assert count_queries() == few


def test_anonymous_gets_401_json(client, teams):
    for url in ("/api/teams", "/api/people", f"/api/people/{teams['partner'].id}"):
        assert_json_error(client.get(url), 401, "unauthorized")


def test_invalid_bearer_token_is_401_json(client, teams):
    response = client.get("/api/teams", headers={"Authorization": "Bearer not-a-token"})
    assert_json_error(response, 401, "unauthorized")


def test_participant_without_login_gets_401(client, teams):
    partner = teams["partner"]
    assert_json_error(client.get(f"/api/people/{partner.id}"), 401, "unauthorized")
    # The personal-page token is not an API token.
    response = client.get(f"/api/people/{partner.id}",
                          headers={"Authorization": f"Bearer {partner.token}"})
    assert_json_error(response, 401, "unauthorized")


def test_people_list_for_organisers(client, teams, organiser):
    headers = bearer("organiser@example.org")
    partners = client.get("/api/people?role=partner", headers=headers).json
    assert [p["name"] for p in partners] == ["Anna Huber"]
    anna = partners[0]
    assert anna["id"] == teams["partner"].id and anna["key"] == f"p{anna['id']}"
    assert anna["role"] == "partner" and anna["email"] == "anna@example.org"
    assert anna["status"] == "accepted" and anna["languages"] == ["de", "en"]
    assert anna["skills"] == ["video"] and anna["wished_teams"] == [teams["bees"].id]
    assert len(anna["availability"]) == 1 and isinstance(anna["availability"][0], int)
    coaches = client.get("/api/people?role=coach", headers=headers).json
    assert {c["name"]: c["teams"] for c in coaches} == {
        "Carla Coach": [db.session.execute(db.select(Enterprise.id).filter_by(
            name="Care farm")).scalar_one()], "Dieter Coach": [teams["bees"].id]}
    members = client.get("/api/people?role=member", headers=headers).json
    assert {m["email"] for m in members} == {"marco@example.org", "ioana@example.org",
                                             "pia@example.org"}
    assert len(client.get("/api/people", headers=headers).json) == 6


def test_people_bad_role_names_the_parameter(organiser_client, teams):
    response = organiser_client.get("/api/people?role=sponsor")
    assert_json_error(response, 422, "unprocessable")
    assert "role" in response.json["message"] and "sponsor" in response.json["message"]


def test_coach_is_forbidden_people_list(coach_client, teams):
    assert_json_error(coach_client.get("/api/people"), 403, "forbidden")
    assert_json_error(coach_client.get("/api/people?role=partner"), 403, "forbidden")


def test_person_detail_for_organiser(organiser_client, teams):
    partner = teams["partner"]
    data = organiser_client.get(f"/api/people/{partner.id}").json
    assert data["id"] == partner.id and data["role"] == "partner" and data["team"] is None
    assert data["agenda_url"] == f"http://localhost/p/{partner.token}"
    assert data["calendar_url"] == f"http://localhost/calendar/{partner.token}.ics"
    assert data["availability"] == [s.id for s in partner.available_sessions]
    member = organiser_client.get(f"/api/people/{person_id('ioana@example.org')}").json
    assert member["team"] == {"id": teams["bees"].id, "key": teams["bees"].key,
                              "name": "Bee+Tree"}


def test_person_detail_for_the_person_themself(client, teams, coach):
    own = coach.person_id
    response = client.get(f"/api/people/{own}", headers=bearer("coach1@example.org"))
    assert response.status_code == 200
    assert response.json["email"] == "coach1@example.org"
    assert [t["name"] for t in response.json["teams"]] == ["Care farm"]


def test_person_detail_for_the_person_logged_in(client, teams, coach):
    own = coach.person_id
    login(client, "coach1@example.org", PASSWORD)
    assert client.get(f"/api/people/{own}").json["role"] == "coach"
    assert_json_error(client.get(f"/api/people/{teams['partner'].id}"), 403, "forbidden")
    assert_json_error(client.get(f"/api/people/{teams['other_coach'].id}"), 403, "forbidden")


def test_unknown_person_is_404_json(organiser_client, teams):
    assert_json_error(organiser_client.get("/api/people/999999"), 404, "not_found")
    assert_json_error(organiser_client.get("/api/people/abc"), 404, "not_found")
    assert_json_error(organiser_client.get("/api/nothing-here"), 404, "not_found")


def test_scanner_account_cannot_read_teams(client, teams):
    create_user("scanner@example.org", "scanner", PASSWORD)
    response = client.get("/api/teams", headers=bearer("scanner@example.org"))
    assert_json_error(response, 403, "forbidden")
