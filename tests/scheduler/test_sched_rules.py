"""Each hard rule binds: solving with the rule's data gives a different optimum than a relaxed
copy, and the relaxed optimum breaks exactly that rule in the binding instance."""

import copy

import pytest
from scheduler_helpers import mini

import scheduler


def solve(inst):
    s = scheduler.solve(inst, time_limit=10, workers=1)
    assert s.status == "optimal", s.explanation
    rep = scheduler.check(inst, s)
    assert rep.ok, rep.violations
    assert rep.objective == s.objective == s.bound
    return s


def assert_binds(binding: dict, relaxed: dict, rule: str):
    sb, sr = solve(binding), solve(relaxed)
    assert sb.objective < sr.objective
    rep = scheduler.check(binding, sr)
    assert rep.rules_broken == {rule}, rep.violations
    return sb, sr


def test_h1_partner_meets_one_team_per_session():
    inst = mini(teams=2, partners=[{"skills": ["x"]}, {}])
    s = solve(inst)
    assert sum(m.partner == "p1" for m in s.meetings) == 1
    # 11 + 1 for the two teams, plus fairness 2 * 1
    assert s.objective == 14
    clone = mini(teams=2, partners=[{"skills": ["x"]}, {}, {"skills": ["x"]}])
    assert solve(clone).objective > s.objective
    broken = {"status": "feasible", "coaches": [{"team": "t1", "coach": "c1"},
                                                {"team": "t2", "coach": "c1"}],
              "meetings": [{"session": "s1", "team": "t1", "partner": "p1"},
                           {"session": "s1", "team": "t2", "partner": "p1"}]}
    assert scheduler.check(inst, broken).rules_broken == {"H1"}


def test_h2_availability():
    assert_binds(mini(partners=[{"skills": ["x"], "available": []}, {}]),
                 mini(partners=[{"skills": ["x"]}, {}]), "H2")


def test_h3_shared_language():
    assert_binds(mini(partners=[{"skills": ["x"], "languages": ["de"]}, {}]),
                 mini(partners=[{"skills": ["x"], "languages": ["de", "en"]}, {}]), "H3")


def test_h4_partners_per_team():
    ps = [{"skills": ["x"]}, {"skills": ["x"]}]
    assert_binds(mini(partners=ps), mini(partners=ps, rules={"partners_per_team":
                                                             {"min": 1, "max": 2}}), "H4")


def test_h4_minimum_forces_meetings():
    inst = mini(partners=[{}, {}, {}], rules={"partners_per_team": {"min": 3, "max": 3}})
    assert len(solve(inst).meetings) == 3


def test_h5_partner_max_sessions():
    ps = [{"skills": ["x"], "max_sessions": 1}, {}, {}]
    relaxed = copy.deepcopy(ps)
    relaxed[0]["max_sessions"] = 2
    assert_binds(mini(teams=2, sessions=2, partners=ps),
                 mini(teams=2, sessions=2, partners=relaxed), "H5")


def test_h6_max_repeat():
    ps = [{"skills": ["x"]}, {}]
    assert_binds(mini(sessions=2, partners=ps),
                 mini(sessions=2, partners=ps, rules={"max_repeat": 2}), "H6")


def test_h7_forbidden():
    ps = [{"skills": ["x"]}, {}]
    assert_binds(mini(partners=ps, forbidden=[{"team": "t1", "partner": "p1"}]),
                 mini(partners=ps), "H7")


@pytest.mark.parametrize("field,bind,relax", [("max_teams", 1, 2),
                                              ("languages", ["de"], ["de", "en"])])
def test_h8_one_coach(field, bind, relax):
    def inst(value):
        c1 = {"id": "c1", "skills": ["x"], "languages": ["en"], "max_teams": 2, field: value}
        coaches = [c1, {"id": "c2", "languages": ["en"], "max_teams": 2}]
        return mini(teams=2, partners=[{}, {}], coaches=coaches)
    sb, _ = assert_binds(inst(bind), inst(relax), "H8")
    assert len(sb.coaches) == 2


def test_h9_room_capacity():
    ps = [{"skills": ["x"]}, {"skills": ["x"]}]
    rules = {"partners_per_team": {"min": 1, "max": 2}}
    sb, _ = assert_binds(mini(partners=ps, rules=rules, rooms=[{"id": "r1", "capacity": 3}]),
                         mini(partners=ps, rules=rules, rooms=[{"id": "r1", "capacity": 4}]),
                         "H9")
    assert [(r.team, r.room) for r in sb.rooms] == [("t1", "r1")]


def test_h9_room_max_teams_and_no_rooms():
    rooms = [{"id": "big", "capacity": 20, "max_teams": 1}, {"id": "small", "capacity": 3}]
    s = solve(mini(teams=2, partners=[{}, {}], rooms=rooms))
    assert sorted(r.room for r in s.rooms) == ["big", "small"]
    assert solve(mini(teams=2, partners=[{}, {}])).rooms == []


def test_h10_fixed():
    ps = [{"skills": ["x"]}, {}]
    fixed = {"meetings": [{"session": "s1", "team": "t1", "partner": "p2"}]}
    assert_binds(mini(partners=ps, fixed=fixed), mini(partners=ps), "H10")


def test_h10_fixed_coach_and_room():
    coaches = [{"id": "c1", "skills": ["x"], "languages": ["en"], "max_teams": 2},
               {"id": "c2", "languages": ["en"], "max_teams": 2}]
    rooms = [{"id": "a", "capacity": 9}, {"id": "b", "capacity": 9}]
    fixed = {"coaches": [{"team": "t1", "coach": "c2"}],
             "rooms": [{"session": "s1", "team": "t1", "room": "b"}]}
    s = solve(mini(partners=[{}], coaches=coaches, rooms=rooms, fixed=fixed))
    assert [(c.team, c.coach) for c in s.coaches] == [("t1", "c2")]
    assert [r.room for r in s.rooms] == ["b"]


def test_rooms_decoupling_falls_back_when_relaxation_cannot_be_housed():
    # the relaxed H9 (total capacity 8 >= 2 teams x (2 + 2)) allows two partners per team,
    # but room "small" holds only 3 people: one team must meet a single partner
    ps = [{"skills": ["x"]}, {"skills": ["x"]}, {"skills": ["x"]}, {"skills": ["x"]}]
    rooms = [{"id": "big", "capacity": 5}, {"id": "small", "capacity": 3}]
    inst = mini(teams=2, partners=ps, rooms=rooms,
                rules={"partners_per_team": {"min": 1, "max": 2}})
    s = solve(inst)
    assert len(s.meetings) == 3
    plain = scheduler.solve(inst, time_limit=10, workers=1, strategy="plain")
    assert plain.status == "optimal" and plain.objective == s.objective
