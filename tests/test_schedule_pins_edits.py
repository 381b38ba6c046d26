"""Pins (PUT/GET /api/schedule/fixed) and hand edits (POST /api/schedule/edit), through the API
and through the grid's buttons, on the solved demo."""
import pytest

import scheduler
from app.extensions import db
from app.models import Person, ScheduleVersion
from app.services.schedule.edits import current_instance
from app.services.schedule.instance import build_instance
from tests.conftest import count_of, csrf_token, login
from tests.schedule_demo import DEMO_PASSWORD, solved_demo


@pytest.fixture
def solved(app, monkeypatch):
    monkeypatch.delenv("HOST", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    return solved_demo(app)


@pytest.fixture
def api(client, solved):
    """The organiser's browser session calling the API with its CSRF token."""
    login(client, "organiser@example.org", DEMO_PASSWORD)
    token = csrf_token(client, "/schedule/")

    class Api:
        def put(self, url, body):
            return client.put(url, json=body, headers={"X-CSRFToken": token})

        def post(self, url, body):
            return client.post(url, json=body, headers={"X-CSRFToken": token})

        def get(self, url):
            return client.get(url)
    return Api()


def _meeting(version, n=0) -> dict:
    return dict(version.data["meetings"][n])


def test_pins_round_trip_and_go_into_the_instance(api, solved):
    event, version = solved
    assert api.get("/api/schedule/fixed").get_json() == {"meetings": [], "coaches": [],
                                                        "rooms": []}
    pins = {"meetings": [_meeting(version)], "coaches": [version.data["coaches"][0]],
            "rooms": [version.data["rooms"][0]]}
    response = api.put("/api/schedule/fixed", pins)
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == pins
    assert api.get("/api/schedule/fixed").get_json() == pins
    db.session.refresh(event)
    assert event.schedule_fixed == pins
    instance = current_instance(event)
    assert instance.fixed.meetings[0].partner == pins["meetings"][0]["partner"]
    # The stored schedule keeps its pins: the checker finds no H10 violation.
    assert scheduler.check(instance, version.data).violations == []


@pytest.mark.parametrize("pins, named", [
    ({"meetings": [{"session": "s1", "team": "t1", "partner": "p999999"}]},
     "fixed.meetings[0]: unknown partner 'p999999'"),
    ({"rooms": [{"session": "s1", "team": "t999", "room": "r1"}]}, "unknown team 't999'"),
    ({"coaches": [{"team": "t1"}]}, "fixed.coaches[0]: 'coach' is missing"),
    ({"meetings": "all"}, "fixed.meetings: must be a list"),
    ({"pins": []}, "unknown key(s) pins"),
])
def test_bad_pins_are_refused_naming_the_entry(api, solved, pins, named):
    event, _version = solved
    response = api.put("/api/schedule/fixed", pins)
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "unprocessable" and named in body["message"], body
    db.session.refresh(event)
    assert not (event.schedule_fixed or {}).get("meetings")


def test_pin_in_a_non_sparring_session_and_duplicates_are_refused(api, solved):
    event, version = solved
    plenary = next(s for s in event.sessions if s.kind != "sparring")
    m = _meeting(version)
    response = api.put("/api/schedule/fixed",
                       {"meetings": [{**m, "session": plenary.key}]})
    assert response.status_code == 422
    assert f"fixed.meetings[0]: session '{plenary.key}' is not a sparring session" in \
        response.get_json()["message"]
    response = api.put("/api/schedule/fixed", {"meetings": [m, m]})
    assert "fixed.meetings[1] repeats fixed.meetings[0]" in response.get_json()["message"]
    room = version.data["rooms"][0]
    other = next(r for r in event.rooms if r.key != room["room"])
    response = api.put("/api/schedule/fixed",
                       {"rooms": [room, {**room, "room": other.key}]})
    assert response.status_code == 422
    assert "fixed.rooms[1]: team" in response.get_json()["message"]


def test_pins_and_edits_need_an_organiser(app, solved):
    anonymous = app.test_client()
    for method, url in [("get", "/api/schedule/fixed"), ("put", "/api/schedule/fixed"),
                        ("post", "/api/schedule/edit")]:
        response = getattr(anonymous, method)(url, json={})
        assert response.status_code == 401 and response.get_json()["error"] == "unauthorized"
    coach = app.test_client()
    login(coach, "coach1@example.org", DEMO_PASSWORD)
    token = csrf_token(coach, "/board/")
    for method, url in [("get", "/api/schedule/fixed"), ("put", "/api/schedule/fixed"),
                        ("post", "/api/schedule/edit")]:
        response = getattr(coach, method)(url, json={"meetings": []},
                                          headers={"X-CSRFToken": token})
        assert response.status_code == 403, url
    assert count_of(ScheduleVersion) == 1


def test_an_edit_that_puts_a_partner_at_two_teams_is_refused(api, solved):
    event, version = solved
    m = _meeting(version)
    other_team = next(x["team"] for x in version.data["meetings"]
                      if x["session"] == m["session"] and x["team"] != m["team"])
    response = api.post("/api/schedule/edit",
                        {"add": [{**m, "team": other_team}]})
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "violations"
    h1 = [v for v in body["violations"] if v["rule"] == "H1"]
    assert h1 and m["partner"] in h1[0]["message"] and m["session"] in h1[0]["message"]
    assert count_of(ScheduleVersion) == 1


def test_an_edit_with_a_partner_who_is_not_available_is_refused(api, solved):
    event, version = solved
    instance = scheduler.parse_instance(build_instance(event))
    sparring = [s.id for s in instance.sparring_sessions]
    partner, session = next((p, s) for p in instance.partners for s in sparring
                            if s not in p.available)
    team = instance.teams[0].id
    response = api.post("/api/schedule/edit",
                        {"add": [{"session": session, "team": team, "partner": partner.id}]})
    assert response.status_code == 422
    rules = {v["rule"]: v["message"] for v in response.get_json()["violations"]}
    assert "H2" in rules and "not available" in rules["H2"]
    assert count_of(ScheduleVersion) == 1


def test_removing_a_missing_meeting_or_an_unknown_id_is_named(api, solved):
    event, version = solved
    m = _meeting(version)
    other_session = next(s.key for s in event.sessions
                         if s.kind == "sparring" and s.key != m["session"])
    missing = {**m, "session": other_session}
    if missing in version.data["meetings"]:
        pytest.fail("the demo's partner meets the same team twice")
    response = api.post("/api/schedule/edit", {"remove": [missing]})
    assert response.status_code == 422
    assert f"remove[0]: partner {m['partner']} does not meet team {m['team']}" in \
        response.get_json()["message"]
    response = api.post("/api/schedule/edit", {"add": [{**m, "partner": "p424242"}]})
    assert response.status_code == 422 and "add[0]: unknown partner 'p424242'" in \
        response.get_json()["message"]
    response = api.post("/api/schedule/edit", {"moves": []})
    assert response.status_code == 422 and "moves" in response.get_json()["message"]
    assert count_of(ScheduleVersion) == 1


def _good_edit(event, version) -> dict:
    """An edit the checker accepts: add or remove one meeting (found by trying)."""
    instance = current_instance(event)
    meetings = version.data["meetings"]
    for m in meetings:
        trial = {**version.data, "meetings": [x for x in meetings if x != m]}
        if not scheduler.check(instance, trial).violations:
            return {"remove": [m]}
    for session in instance.sparring_sessions:
        for team in instance.teams:
            for partner in instance.partners:
                entry = {"session": session.id, "team": team.id, "partner": partner.id}
                if entry in meetings:
                    continue
                trial = {**version.data, "meetings": [*meetings, entry]}
                if not scheduler.check(instance, trial).violations:
                    return {"add": [entry]}
    pytest.fail("no single-meeting edit of the demo schedule holds every rule")


def test_a_good_edit_makes_a_version_the_checker_accepts(api, solved):
    event, version = solved
    edit = _good_edit(event, version)
    response = api.post("/api/schedule/edit", edit)
    assert response.status_code == 201, response.get_json()
    assert response.get_json() == {"version": 2}
    new = db.session.execute(db.select(ScheduleVersion).filter_by(version=2)).scalar_one()
    assert new.source == "edit" and new.based_on == 1 and new.status == "feasible"
    assert new.bound == version.bound and new.note.startswith("edit: ")
    report = scheduler.check(build_instance(event), new.data)
    assert report.violations == [] and report.objective == new.objective
    assert new.data["team_values"] == dict(sorted(report.team_values.items()))
    changed = edit.get("add", []) + edit.get("remove", [])
    assert (changed[0] in new.data["meetings"]) == ("add" in edit)


def test_removing_a_pinned_meeting_is_refused_by_h10(api, solved):
    event, version = solved
    m = _meeting(version)
    assert api.put("/api/schedule/fixed", {"meetings": [m]}).status_code == 200
    response = api.post("/api/schedule/edit", {"remove": [m]})
    assert response.status_code == 422
    assert any(v["rule"] == "H10" for v in response.get_json()["violations"])
    assert count_of(ScheduleVersion) == 1


def _grid_post(client, data):
    token = csrf_token(client, "/schedule/")
    return client.post("/schedule/action", data={"csrf_token": token, **data})


def test_grid_pins_and_unpins_a_meeting(client, api, solved):
    event, version = solved
    m = _meeting(version)
    response = _grid_post(client, {"act": f"pin:{m['partner']}", "session": m["session"],
                                   "team": m["team"]})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#cell-{m['session']}-{m['team']}")
    db.session.refresh(event)
    assert event.schedule_fixed["meetings"] == [m]
    html = client.get("/schedule/").get_data(as_text=True)
    assert "Meeting pinned" in html and f'value="unpin:{m["partner"]}"' in html
    _grid_post(client, {"act": f"unpin:{m['partner']}", "session": m["session"],
                        "team": m["team"]})
    db.session.refresh(event)
    assert event.schedule_fixed["meetings"] == []


def test_grid_shows_a_broken_rule_and_saves_nothing(client, api, solved):
    event, version = solved
    meetings = version.data["meetings"]
    # A partner with meetings in two sessions: moving one onto the other puts them at two
    # teams in one session (H1).
    first, second = next((a, b) for a in meetings for b in meetings
                         if a["partner"] == b["partner"] and a["session"] != b["session"]
                         and a["team"] != b["team"])
    response = _grid_post(client, {"act": f"move:{first['partner']}",
                                   "session": first["session"], "team": first["team"],
                                   "to_session": second["session"]})
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Not saved: nothing was changed." in html and "Rule H1" in html
    partner_name = db.session.get(Person, int(first["partner"][1:])).name
    assert f"{partner_name} ({first['partner']})" in html  # ids shown with their names
    assert count_of(ScheduleVersion) == 1


def test_grid_remove_makes_a_version_when_the_rules_hold(client, api, solved):
    event, version = solved
    edit = _good_edit(event, version)
    if "remove" not in edit:
        entry = edit["add"][0]
        data = {"act": "add", "session": entry["session"], "team": entry["team"],
                "partner": entry["partner"]}
    else:
        entry = edit["remove"][0]
        data = {"act": f"remove:{entry['partner']}", "session": entry["session"],
                "team": entry["team"]}
    response = _grid_post(client, data)
    html = client.get(response.headers["Location"].split("#")[0]).get_data(as_text=True)
    assert "Saved as version 2." in html
    assert count_of(ScheduleVersion) == 2


def test_an_edit_without_a_version_or_without_changes_is_refused(app, organiser_client):
    token = csrf_token(organiser_client, "/schedule/")
    response = organiser_client.post("/api/schedule/edit", json={"add": []},
                                     headers={"X-CSRFToken": token})
    assert response.status_code == 422
    assert "no schedule to edit yet" in response.get_json()["message"]
    response = organiser_client.put("/api/schedule/fixed", json=[],
                                    headers={"X-CSRFToken": token})
    assert response.status_code == 400  # not a JSON object
    assert count_of(ScheduleVersion) == 0


def test_an_empty_edit_is_refused(api, solved):
    response = api.post("/api/schedule/edit", {})
    assert response.status_code == 422 and "changes nothing" in response.get_json()["message"]
    assert count_of(ScheduleVersion) == 1


def test_a_stale_pin_is_named_and_can_be_replaced(api, solved):
    event, version = solved
    m = _meeting(version)
    assert api.put("/api/schedule/fixed", {"meetings": [m]}).status_code == 200
    partner = db.session.get(Person, int(m["partner"][1:]))
    partner.status = "withdrawn"
    db.session.commit()
    response = api.post("/api/schedule/edit", {"remove": [_meeting(version, 1)]})
    assert response.status_code == 422
    assert f"fixed.meetings[0]: unknown partner '{m['partner']}'" in \
        response.get_json()["message"]
    assert api.put("/api/schedule/fixed", {"meetings": []}).status_code == 200
    assert count_of(ScheduleVersion) == 1


def test_grid_pins_a_coach_and_a_room(client, api, solved):
    event, version = solved
    c, r = version.data["coaches"][0], version.data["rooms"][0]
    _grid_post(client, {"act": "pin_coach", "team": c["team"], "coach": c["coach"]})
    _grid_post(client, {"act": "pin_room", "session": r["session"], "team": r["team"],
                        "room": r["room"]})
    db.session.refresh(event)
    assert event.schedule_fixed["coaches"] == [c] and event.schedule_fixed["rooms"] == [r]
    html = client.get("/schedule/").get_data(as_text=True)
    assert 'value="unpin_coach"' in html and 'value="unpin_room"' in html
    _grid_post(client, {"act": "unpin_room", "session": r["session"], "team": r["team"]})
    db.session.refresh(event)
    assert event.schedule_fixed["rooms"] == []
