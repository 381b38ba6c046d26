"""`flask schedule export|solve|import` and the instance built from the database."""
import json
import re

import pytest

import scheduler
from app.extensions import db
from app.models import Conflict, Enterprise, Person, ScheduleVersion
from app.services.schedule.instance import build_instance
from tests.conftest import login


@pytest.fixture
def small_event(event):
    """The conftest event (2 sparring sessions, 2 rooms) with 2 teams, 4 partners, 1 coach.

    Also a pending partner (left out of the instance) and a conflict of interest.
    """
    sparring = [s for s in event.sessions if s.kind == "sparring"]
    coach = Person(event_id=event.id, role="coach", name="Carla Coach", status="accepted",
                   email="carla@example.org", languages=["en", "de"], skills=["video"],
                   max_teams=2)
    teams = []
    for n, (name, langs) in enumerate([("Farm day care", ["en", "it"]),
                                       ("Tenant help", ["en", "ro"])]):
        team = Enterprise(event_id=event.id, name=name, organisation=f"Org {n}",
                          country="IT" if n == 0 else "RO", status="accepted", languages=langs,
                          needs={"empathize": ["interviewing"], "prototype": ["video"]})
        team.members = [Person(event_id=event.id, role="member", name=f"Member {n}{m}",
                               email=f"member{n}{m}@example.org", status="accepted",
                               languages=langs) for m in range(2)]
        teams.append(team)
    partners = [Person(event_id=event.id, role="partner", name=f"Partner {n}",
                       email=f"partner{n}@example.org", status="accepted",
                       languages=["de", "en"], skills=["interviewing" if n % 2 else "video"],
                       partner_kind="creative", max_sessions=2) for n in range(4)]
    for partner in partners:
        partner.available_sessions = sparring
    pending = Person(event_id=event.id, role="partner", name="Pending Partner",
                     email="pending@example.org", status="pending", languages=["en"],
                     partner_kind="creative")
    pending.available_sessions = sparring
    teams[0].wished_partners = [partners[1], pending]
    partners[2].wished_teams = [teams[1]]
    db.session.add_all([coach, pending, *teams, *partners])
    db.session.flush()
    db.session.add(Conflict(event_id=event.id, enterprise_id=teams[1].id,
                            partner_id=partners[0].id, reason="Former employee"))
    db.session.commit()
    return {"event": event, "teams": teams, "partners": partners, "pending": pending,
            "coach": coach}


def _versions():
    return db.session.execute(db.select(ScheduleVersion)).scalars().all()


def _solved(event) -> dict:
    result = scheduler.solve(build_instance(event), time_limit=5, workers=1)
    assert result.status in ("optimal", "feasible"), result.explanation
    return result.to_dict()


def test_export_prints_the_instance_as_json_that_round_trips(runner, small_event):
    result = runner.invoke(args=["schedule", "export"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data == build_instance(small_event["event"])
    assert json.loads(json.dumps(data)) == data
    instance = scheduler.parse_instance(data)
    assert len(instance.teams) == 2 and len(instance.partners) == 4
    assert len(instance.sparring_sessions) == 2 and len(instance.sessions) == 3


def test_instance_uses_keys_local_times_and_only_accepted_records(small_event):
    data = build_instance(small_event["event"])
    teams, partners = small_event["teams"], small_event["partners"]
    by_id = {entry["id"]: entry for entry in data["teams"] + data["partners"]}
    assert {t["id"] for t in data["teams"]} == {t.key for t in teams}
    assert {p["id"] for p in data["partners"]} == {p.key for p in partners}
    assert data["coaches"][0]["id"] == small_event["coach"].key
    assert {r["id"] for r in data["rooms"]} == {r.key for r in small_event["event"].rooms}
    assert all(re.fullmatch(r"s\d+", s["id"]) for s in data["sessions"])
    assert data["sessions"][1]["start"] == "2023-09-23T09:00"
    assert by_id[teams[0].key]["size"] == 2
    assert by_id[teams[0].key]["wishes"] == [partners[1].key]  # the pending one is left out
    assert by_id[partners[2].key]["wishes"] == [teams[1].key]
    assert small_event["pending"].key not in {p["id"] for p in data["partners"]}
    assert data["forbidden"] == [{"team": teams[1].key, "partner": partners[0].key}]
    assert data["rules"]["partner_max_sessions"] == 2
    assert "fairness" not in data["rules"]["weights"]  # unset: the number of teams
    assert data["fixed"] == {"meetings": [], "coaches": [], "rooms": []}
    assert data["previous"] is None


def test_export_without_an_event_says_how_to_start(runner):
    result = runner.invoke(args=["schedule", "export"])
    assert result.exit_code == 1
    assert "flask --app wsgi demo" in result.output


def test_solve_stores_a_version(runner, small_event):
    result = runner.invoke(args=["schedule", "solve", "--time-limit", "5", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "Stored schedule version 1" in result.output
    [version] = _versions()
    assert version.source == "solver" and version.status in ("optimal", "feasible")
    assert version.data["objective"] == version.objective
    report = scheduler.check(build_instance(small_event["event"]), version.data)
    assert report.violations == [] and report.objective == version.objective


def test_solve_of_an_impossible_event_explains_and_stores_nothing(runner, small_event):
    for partner in small_event["partners"]:
        partner.available_sessions = []
    db.session.commit()
    result = runner.invoke(args=["schedule", "solve", "--time-limit", "2"])
    assert result.exit_code == 1
    assert "infeasible" in result.output and "only 0 are available" in result.output
    assert _versions() == []


def test_import_of_a_good_file_stores_it(runner, small_event, tmp_path):
    schedule = _solved(small_event["event"])
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(schedule))
    result = runner.invoke(args=["schedule", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "schedule version 1" in result.output
    [version] = _versions()
    assert version.source == "import"
    assert version.data["meetings"] == schedule["meetings"]
    assert version.objective == schedule["objective"]


def _unknown_partner(schedule: dict) -> dict:
    meeting = {**schedule["meetings"][0], "partner": "p999"}
    return {**schedule, "meetings": schedule["meetings"] + [meeting]}


def _partner_twice_in_a_session(schedule: dict) -> dict:
    first = schedule["meetings"][0]
    other = next(t["team"] for t in schedule["coaches"] if t["team"] != first["team"])
    clash = {"session": first["session"], "team": other, "partner": first["partner"]}
    return {**schedule, "meetings": schedule["meetings"] + [clash]}


@pytest.mark.parametrize("make_file, message", [
    (lambda s: '{"status": "optimal", "meetings": [', "is not valid JSON"),
    (lambda s: json.dumps(_unknown_partner(s)), "unknown partner 'p999'"),
    (lambda s: json.dumps(_partner_twice_in_a_session(s)), "breaks rule H1"),
    (lambda s: json.dumps({**s, "status": "infeasible"}), "holds no schedule"),
    (lambda s: "[1, 2]", "must hold a JSON object"),
])
def test_import_of_a_bad_file_names_the_problem_and_stores_nothing(
        runner, small_event, tmp_path, make_file, message):
    path = tmp_path / "bad.json"
    path.write_text(make_file(_solved(small_event["event"])))
    result = runner.invoke(args=["schedule", "import", str(path)])
    assert result.exit_code == 1
    assert "bad.json was not imported" in result.output
    assert message in result.output
    assert _versions() == []


def test_instance_download_is_for_organisers_only(client, small_event, organiser, coach):
    login(client, coach.email)
    assert client.get("/schedule/instance.json").status_code == 403


def test_organiser_downloads_the_instance(organiser_client, small_event):
    response = organiser_client.get("/schedule/instance.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.get_json() == build_instance(small_event["event"])
