"""Infeasible instances come with explanations that name the entities involved."""

import pytest
from scheduler_helpers import mini

import scheduler


def infeasible(inst):
    s = scheduler.solve(inst, time_limit=5, workers=1)
    assert s.status == "infeasible", s
    assert s.meetings == [] and s.coaches == [] and s.rooms == []
    assert s.explanation
    return " | ".join(s.explanation)


def test_too_few_partners_in_a_session(tiny):
    tiny["partners"][3]["available"] = ["sat-1"]
    tiny["partners"][0]["available"] = ["sat-1"]
    tiny["partners"][2]["available"] = ["sat-1"]
    text = infeasible(tiny)
    assert "session sat-2: 3 teams need at least 3 partners, only 1 are available" in text


def test_team_nobody_can_talk_to():
    text = infeasible(mini(teams=1, partners=[{"languages": ["de"]}]))
    assert "team t1" in text and "no partner speaks" in text


def test_team_no_coach_can_talk_to():
    text = infeasible(mini(partners=[{}], coaches=[{"id": "c1", "languages": ["de"],
                                                    "max_teams": 3}]))
    assert "team t1" in text and "no coach" in text


def test_coach_capacity():
    text = infeasible(mini(teams=3, partners=[{}, {}, {}],
                           coaches=[{"id": "c1", "languages": ["en"], "max_teams": 2}]))
    assert "3 teams need a coach" in text and "c1 2" in text


def test_room_slots_and_capacity():
    text = infeasible(mini(teams=2, partners=[{}, {}], rooms=[{"id": "hut", "capacity": 40}]))
    assert "session s1: 2 teams need a room" in text and "hut" in text
    text = infeasible(mini(teams=1, partners=[{}], rooms=[{"id": "box", "capacity": 2}]))
    assert "team t1" in text and "fits in no room" in text


def test_fixed_meeting_impossible():
    text = infeasible(mini(partners=[{"available": []}, {}],
                           fixed={"meetings": [{"session": "s1", "team": "t1", "partner": "p1"}]}))
    assert "p1" in text and "not available" in text


def test_conflict_found_by_cp_sat_core():
    # counting passes (2 partners for 2 teams) but both teams can only talk to p1
    inst = mini(teams=2, partners=[{}, {"languages": ["de"]}],
                coaches=[{"id": "c1", "languages": ["en", "de"], "max_teams": 9}])
    inst["teams"][1]["languages"] = ["en"]
    inst["partners"][1]["languages"] = ["de"]
    inst["teams"].append({"id": "t3", "size": 1, "languages": ["de"]})
    inst["partners"].append({"id": "p3", "languages": ["de"], "available": ["s1"]})
    inst["partners"][1]["available"] = ["s1"]
    text = infeasible(inst)
    assert "p1" in text and "H1" in text
    assert "t1" in text or "t2" in text


@pytest.mark.parametrize("seconds", [0.0])
def test_unknown_when_no_time(tiny, seconds):
    s = scheduler.solve(tiny, time_limit=seconds)
    assert s.status == "unknown" and s.explanation and "t1" in s.explanation[0]
