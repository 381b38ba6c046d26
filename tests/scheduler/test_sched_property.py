"""Random small instances: every schedule returned passes check() with the reported objective,
the bound is at least the objective, and every failure is explained."""

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import scheduler

LANGS = ["en", "de", "it"]
SKILLS = ["a", "b", "c"]


@st.composite
def instances(draw):
    n_s = draw(st.integers(1, 2))
    sessions = [{"id": f"s{i}", "stage": draw(st.sampled_from(["g", "h"])), "kind": "sparring"}
                for i in range(n_s)]
    sessions.append({"id": "lunch", "kind": "meal"})
    sids = [s["id"] for s in sessions[:n_s]]
    langs = st.lists(st.sampled_from(LANGS), min_size=1, max_size=2, unique=True)
    skills = st.lists(st.sampled_from(SKILLS), max_size=2, unique=True)
    n_t, n_p = draw(st.integers(1, 3)), draw(st.integers(1, 5))
    tids, pids = [f"t{i}" for i in range(n_t)], [f"p{i}" for i in range(n_p)]
    teams = [{"id": t, "size": draw(st.integers(0, 3)), "languages": draw(langs),
              "needs": {"g": draw(skills), "h": draw(skills)},
              "wishes": draw(st.lists(st.sampled_from(pids), max_size=1))} for t in tids]
    partners = [{"id": p, "skills": draw(skills), "languages": draw(langs),
                 "available": draw(st.lists(st.sampled_from(sids), unique=True)),
                 "wishes": draw(st.lists(st.sampled_from(tids), max_size=1))} for p in pids]
    if draw(st.booleans()):
        partners[0]["max_sessions"] = 1
    coaches = [{"id": f"c{i}", "skills": draw(skills), "languages": draw(langs),
                "max_teams": draw(st.integers(1, 3))} for i in range(draw(st.integers(1, 2)))]
    rooms = [{"id": f"r{i}", "capacity": draw(st.integers(2, 9)),
              "max_teams": draw(st.integers(1, 2))} for i in range(draw(st.integers(0, 2)))]
    lo = draw(st.integers(0, 1))
    rules = {"partners_per_team": {"min": lo, "max": lo + draw(st.integers(0, 2))},
             "max_repeat": draw(st.integers(1, 2)),
             "weights": {"fairness": draw(st.sampled_from([None, 0, 2]))}}
    forbidden = [{"team": tids[0], "partner": pids[0]}] if draw(st.booleans()) else []
    return {"stages": ["g", "h"], "sessions": sessions, "rooms": rooms, "teams": teams,
            "partners": partners, "coaches": coaches, "rules": rules, "forbidden": forbidden}


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(instances(), st.sampled_from(["auto", "plain"]))
def test_solutions_always_check(inst, strategy):
    s = scheduler.solve(inst, time_limit=5, workers=1, strategy=strategy)
    event(s.status)
    assert s.status in ("optimal", "feasible", "infeasible")
    if s.status in ("optimal", "feasible"):
        rep = scheduler.check(inst, s)
        assert rep.ok, rep.violations
        assert rep.objective == s.objective
        assert s.bound >= s.objective
        assert rep.team_values == s.team_values
        if s.status == "optimal":
            assert s.bound == s.objective
    else:
        assert s.explanation
        names = [t["id"] for t in inst["teams"]] + [p["id"] for p in inst["partners"]] + \
            [c["id"] for c in inst["coaches"]] + [r["id"] for r in inst["rooms"]] + ["s0", "s1"]
        assert all(any(n in m for n in names) for m in s.explanation), s.explanation
