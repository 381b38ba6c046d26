"""Invalid instances are rejected before solving with messages naming the entry."""

import copy

import pytest

import scheduler


def _dup_team(i):
    i["teams"].append(copy.deepcopy(i["teams"][0]))


def _set(path, value):
    def fn(i):
        obj = i
        for k in path[:-1]:
            obj = obj[k]
        obj[path[-1]] = value
    return fn


CASES = [
    ("duplicate id", _dup_team, "t1"),
    ("unknown session in available", _set(["partners", 0, "available"], ["sat-9"]), "sat-9"),
    ("unknown stage", _set(["sessions", 1, "stage"], "dream"), "dream"),
    ("unknown team in wishes", _set(["partners", 2, "wishes"], ["t7"]), "t7"),
    ("unknown partner in wishes", _set(["teams", 0, "wishes"], ["p77"]), "p77"),
    ("needs key not a stage", _set(["teams", 1, "needs"], {"sleep": ["x"]}), "sleep"),
    ("negative size", _set(["teams", 2, "size"], -1), "t3"),
    ("negative capacity", _set(["rooms", 0, "capacity"], -3), "barn"),
    ("min > max", _set(["rules", "partners_per_team"], {"min": 3, "max": 1}), "min 3"),
    ("fixed unknown partner", _set(["fixed", "meetings"],
                                   [{"session": "sat-1", "team": "t1", "partner": "zz"}]), "zz"),
    ("fixed non-sparring session", _set(["fixed", "rooms"], [{"session": "fri-kickoff",
                                                              "team": "t1", "room": "barn"}]),
     "fri-kickoff"),
    ("fixed unknown coach", _set(["fixed", "coaches"], [{"team": "t1", "coach": "c9"}]), "c9"),
    ("previous malformed", _set(["previous"], {"meetings": [{"team": "t1"}]}), "previous"),
    ("previous not an object", _set(["previous"], [1, 2]), "previous"),
    ("forbidden unknown team", _set(["forbidden"], [{"team": "tx", "partner": "p1"}]), "tx"),
    ("weight not an integer", _set(["rules", "weights", "skill"], "ten"), "skill"),
    ("missing partners", lambda i: i.pop("partners"), "partners"),
    ("empty id", _set(["coaches", 0, "id"], ""), "coaches[0]"),
]


@pytest.mark.parametrize("name,breaker,needle", CASES, ids=[c[0] for c in CASES])
def test_invalid_instance_named(tiny, name, breaker, needle):
    breaker(tiny)
    with pytest.raises(scheduler.InvalidInstance) as e:
        scheduler.parse_instance(tiny)
    assert any(needle in m for m in e.value.messages), e.value.messages
    s = scheduler.solve(tiny, time_limit=1)
    assert s.status == "invalid" and s.meetings == [] and s.coaches == [] and s.rooms == []
    assert any(needle in m for m in s.explanation)


def test_not_an_object():
    assert scheduler.solve([1, 2]).status == "invalid"


def test_defaults_applied(tiny):
    for key in ("rules", "forbidden", "fixed", "previous"):
        tiny.pop(key)
    assert "max_teams" not in tiny["rooms"][1]
    inst = scheduler.parse_instance(tiny)
    r = inst.rules
    assert (r.min_partners, r.max_partners, r.max_repeat) == (1, 3, 1)
    assert r.partner_max_sessions == 2  # the number of sparring sessions
    assert inst.partners[0].max_sessions == 2 and inst.partners[3].max_sessions == 1
    assert inst.rooms[1].max_teams == 1
    assert r.weights == scheduler.Weights(1, 10, 5, 3, None, 100)
    assert inst.fairness_weight == 3
    assert inst.teams[1].wishes == ()


def test_previous_with_unknown_ids_is_tolerated(tiny, tiny_schedule):
    tiny_schedule["meetings"].append({"session": "sun-9", "team": "t1", "partner": "gone"})
    tiny["previous"] = tiny_schedule
    scheduler.parse_instance(tiny)  # no exception
