"""The demo event: realistic counts, working logins, refusal and reset, a feasible instance."""
import re
from datetime import date

import pytest

import scheduler
from app.extensions import db
from app.models import (
    Conflict,
    Enterprise,
    Event,
    EventSession,
    Language,
    Person,
    Room,
    SkillTag,
    User,
)
from app.services.demo import load_demo
from app.services.events import current_event
from app.services.schedule.instance import build_instance
from tests.conftest import login

DEMO_PASSWORD = "demo-password-2023"


@pytest.fixture
def demo(app, monkeypatch):
    monkeypatch.delenv("HOST", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    app.config["DEMO_PASSWORD"] = DEMO_PASSWORD
    return load_demo()


def _all(model, **filters):
    return db.session.execute(db.select(model).filter_by(**filters)).scalars().all()


def test_demo_event_is_the_2023_weekend_on_a_farm(demo):
    event = current_event()
    assert event.name == "Social Innovation Hackathon 2023"
    assert (event.starts_on, event.ends_on) == (date(2023, 9, 22), date(2023, 9, 24))
    assert event.timezone == "Europe/Berlin" and event.registration_open
    assert "Lower Bavaria" in event.venue
    assert event.stages == ["empathize", "define", "ideate", "prototype", "test"]


def test_demo_has_16_enterprises_from_five_countries_with_2_to_4_members(demo):
    teams = _all(Enterprise)
    assert len(teams) == 16
    assert {t.country for t in teams} == {"IT", "RO", "SE", "DE", "ES"}
    for team in teams:
        assert team.status == "accepted"
        assert 2 <= team.size <= 4, team.name
        assert "en" in team.languages and len(team.languages) >= 2
        assert team.challenge and team.description and team.organisation
        assert set(team.needs) == set(current_event().stages)
        assert all(m.email.endswith("@example.org") for m in team.members)


def test_demo_has_40_partners_mostly_bavarian_creatives_and_8_coaches(demo):
    partners = _all(Person, role="partner")
    creatives = [p for p in partners if p.partner_kind == "creative"]
    living_lab = [p for p in partners if p.partner_kind == "living_lab"]
    assert len(partners) == 40 and len(creatives) >= 34 and 3 <= len(living_lab) <= 8
    assert all("de" in p.languages for p in partners)
    assert sum("en" in p.languages for p in creatives) >= 30
    assert {"it", "es", "ro", "sv", "fr"} <= {code for p in partners for code in p.languages}
    assert all(2 <= p.max_sessions <= 4 for p in creatives)
    assert all(p.status == "accepted" and p.skills for p in partners)
    saturday_only = [p for p in creatives
                     if {s.starts_at.day for s in p.available_sessions} == {23}]
    sunday_only = [p for p in creatives
                   if {s.starts_at.day for s in p.available_sessions} == {24}]
    assert len(saturday_only) > len(sunday_only) >= 2
    coaches = _all(Person, role="coach")
    assert len(coaches) == 8 and all(2 <= c.max_teams <= 3 for c in coaches)
    assert 1 <= len(_all(Conflict)) <= 2


def test_demo_timetable_rooms_and_managed_lists(demo):
    sessions = _all(EventSession)
    sparring = sorted((s for s in sessions if s.kind == "sparring"), key=lambda s: s.starts_at)
    assert len(sparring) == 6
    assert [s.starts_at.day for s in sparring] == [23, 23, 23, 23, 24, 24]
    assert [s.stage for s in sparring] == ["empathize", "define", "ideate", "prototype",
                                           "prototype", "test"]
    titles = {(s.kind, s.starts_at.day): s.title for s in sessions}
    assert "Kick-off" in titles[("plenary", 22)]
    assert any(s.kind == "plenary" and s.starts_at.day == 24 and "Pitch" in s.title
               for s in sessions)
    assert sum(s.kind == "meal" for s in sessions) >= 5
    assert "Big barn" in {r.name for r in _all(Room)}
    assert len(_all(SkillTag)) >= 20
    assert {"en", "de", "it", "ro", "sv", "es"} <= {lang.code for lang in _all(Language)}


def test_every_team_has_a_coach_within_capacity_and_language(demo):
    for coach in _all(Person, role="coach"):
        assert 1 <= len(coach.coached_teams) <= coach.max_teams, coach.name
        for team in coach.coached_teams:
            assert set(coach.languages) & set(team.languages)
    assert all(t.coach is not None for t in _all(Enterprise))


def test_describe_prints_url_logins_and_password(demo):
    text = demo.describe()
    assert "http://127.0.0.1:5000" in text
    assert "organiser@example.org" in text
    assert all(f"coach{n}@example.org" in text for n in range(1, 9))
    assert DEMO_PASSWORD in text


def test_demo_organiser_logs_in_via_the_form(client, demo):
    response = login(client, "organiser@example.org", DEMO_PASSWORD)
    assert response.headers["Location"].endswith("/admin/")
    assert client.get("/admin/").status_code == 200


def test_demo_coach_logs_in_and_has_teams(client, demo):
    response = login(client, "coach1@example.org", DEMO_PASSWORD)
    assert response.headers["Location"].endswith("/board/")
    html = client.get("/board/").get_data(as_text=True)
    coach = db.session.execute(db.select(User).filter_by(email="coach1@example.org")).scalar_one()
    assert coach.role == "coach" and coach.person.coached_teams
    assert all(team.name in html for team in coach.person.coached_teams)


def test_generated_password_is_printed_and_works(app, client):
    app.config["DEMO_PASSWORD"] = None
    logins = load_demo()
    assert logins.password_generated and len(logins.password) >= 10
    assert logins.password in logins.describe()
    login(client, "coach8@example.org", logins.password)


def test_demo_refuses_to_run_twice_and_reset_reloads(app, runner):
    app.config["DEMO_PASSWORD"] = DEMO_PASSWORD
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "organiser@example.org" in first.output

    again = runner.invoke(args=["demo"])
    assert again.exit_code == 1
    assert "--reset" in again.output
    assert len(_all(Event)) == 1 and len(_all(Enterprise)) == 16

    # Changes made after loading are gone after a reset; other accounts stay.
    gone = _all(Enterprise)[0]
    gone_name = gone.name
    db.session.delete(gone)
    db.session.add(User(email="helper@example.org", role="organiser"))
    db.session.commit()
    reset = runner.invoke(args=["demo", "--reset"])
    assert reset.exit_code == 0, reset.output
    events = _all(Event)
    assert len(events) == 1
    assert len(_all(Enterprise)) == 16 and _all(Enterprise, name=gone_name)
    assert len(_all(Person, role="partner")) == 40
    assert len(_all(User)) == 10  # organiser, 8 coaches, the helper
    coach = db.session.execute(db.select(User).filter_by(email="coach3@example.org")).scalar_one()
    assert coach.person.event_id == events[0].id and coach.person.coached_teams


def test_demo_if_empty_loads_only_into_an_empty_database(app, runner):
    app.config["DEMO_PASSWORD"] = DEMO_PASSWORD
    assert "organiser@example.org" in runner.invoke(args=["demo-if-empty"]).output
    second = runner.invoke(args=["demo-if-empty"])
    assert second.exit_code == 0 and "holds an event already" in second.output
    assert "coach8@example.org" in second.output and DEMO_PASSWORD in second.output
    assert len(_all(Event)) == 1


def test_a_restart_with_a_new_demo_password_sets_it(app, runner, client):
    app.config["DEMO_PASSWORD"] = DEMO_PASSWORD
    runner.invoke(args=["demo-if-empty"])
    app.config["DEMO_PASSWORD"] = "another-password-42"
    assert "another-password-42" in runner.invoke(args=["demo-if-empty"]).output
    login(client, "coach2@example.org", "another-password-42")


def _speak(a, b) -> bool:
    return bool(set(a.languages) & set(b.languages))


def test_instance_of_the_demo_is_valid_and_passes_the_counting_conditions(demo):
    data = build_instance(current_event())
    inst = scheduler.parse_instance(data)  # the spec's validation rules
    assert all(re.fullmatch(r"t\d+", t.id) for t in inst.teams)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", s.start) for s in inst.sessions)
    assert len(inst.teams) == 16 and len(inst.partners) == 40 and len(inst.coaches) == 8
    assert len(inst.forbidden) == len(_all(Conflict))
    need = inst.rules.min_partners
    for session in inst.sparring_sessions:
        available = [p for p in inst.partners if session.id in p.available]
        assert len(available) >= len(inst.teams) * need, session.id
        english = [p for p in available if "en" in p.languages]
        assert len(english) >= len(inst.teams) * need, session.id
        for team in inst.teams:
            assert sum(_speak(p, team) for p in available) >= need
    assert sum(c.max_teams for c in inst.coaches) >= len(inst.teams)
    assert all(any(_speak(c, t) for c in inst.coaches) for t in inst.teams)
    assert sum(r.max_teams for r in inst.rooms) >= len(inst.teams)
    assert sum(r.capacity for r in inst.rooms) >= sum(t.size + need for t in inst.teams)
    sparring = {s.id for s in inst.sparring_sessions}
    supply = sum(min(p.max_sessions, len(sparring & set(p.available))) for p in inst.partners)
    assert supply >= len(inst.teams) * need * len(sparring)


def test_a_short_solve_of_the_demo_is_feasible_and_checks_clean(demo):
    data = build_instance(current_event())
    result = scheduler.solve(data, time_limit=5, workers=2)
    assert result.status in ("optimal", "feasible"), result.explanation
    report = scheduler.check(data, result.to_dict())
    assert report.violations == []
    assert report.objective == result.objective
    assert len(result.coaches) == 16
