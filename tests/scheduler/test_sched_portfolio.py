"""The two-worker search: HiGHS floor sub-problems (mip.py), CP-SAT neighbourhoods (lns.py)
and their combination (portfolio.py) must stay sound: bounds never below the optimum,
``optimal`` only when it is, every schedule valid."""

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model
from test_sched_api import small
from test_sched_property import instances

import scheduler
from scheduler import lns
from scheduler.io import parse_instance
from scheduler.mip import FloorMip
from scheduler.model import build, build_data
from scheduler.objective import add_objective
from scheduler.portfolio import _valid, suits
from scheduler.runner import Runner


def cp_sat_sum(inst, a):
    """CP-SAT's proved optimum of "maximise the total, every team >= a" (None: infeasible)."""
    model, v, _d = build(inst, aggregate_rooms=True)
    add_objective(model, v, _d, "sum", floor_min=a)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 30
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    assert status in (cp_model.OPTIMAL, cp_model.INFEASIBLE)
    return round(solver.objective_value) if status == cp_model.OPTIMAL else None


def test_mip_sub_problems_agree_with_cp_sat():
    inst = parse_instance(small(seed=2))
    mip = FloorMip(build_data(inst, aggregate_rooms=True))
    hi = max(mip.d.team_ub.values())
    for a in (0, 68, 72, 74, 76):  # the floor binds from 68 on; 76 is infeasible
        out = mip.solve(a, hi, 30)
        expected = cp_sat_sum(inst, a)
        if expected is None:
            assert out.status == "infeasible", a
        else:
            assert out.status == "optimal" and out.bound == expected, (a, out)
            assert _valid(mip.d, out.solution)


def test_mip_honours_fixed_meetings_and_coaches():
    raw = small(seed=2)
    first = scheduler.solve(raw, time_limit=5)
    m, c = first.meetings[0], first.coaches[0]
    raw["fixed"] = {"meetings": [m.to_dict()], "coaches": [c.to_dict()], "rooms": []}
    d = build_data(parse_instance(raw), aggregate_rooms=True)
    out = FloorMip(d).solve(0, 10_000, 30)
    assert (m.session, m.team, m.partner) in out.solution["x"]
    assert (c.team, c.coach) in out.solution["y"]


def test_valid_rejects_a_broken_schedule():
    inst = parse_instance(small(seed=2))
    d = build_data(inst, aggregate_rooms=True)
    sol = FloorMip(d).solve(0, 10_000, 30).solution
    assert _valid(d, sol)
    s, t, p = next(iter(sol["x"]))
    other = next(k for k in d.by_ps[(p, s)] if k[1] != t)
    assert not _valid(d, {**sol, "x": sol["x"] | {other}})  # H1: two teams at once
    assert not _valid(d, {**sol, "y": set()})  # H8: teams without a coach


def test_neighbourhoods_fix_only_the_other_teams_and_release_all():
    inst = parse_instance(small(seed=2))
    model, v, d = build(inst, aggregate_rooms=True)
    hoods = lns.Neighbourhoods(model, v, d, seed=3)
    sol = FloorMip(d).solve(0, 10_000, 30).solution
    free = hoods.choose(sol)
    values = lns.team_values(d, sol)
    assert min(values, key=lambda t: (values[t], t)) in free  # the weakest team is freed
    hoods.fix_all_but(free, sol)
    for k, var in v.x.items():
        dom = list(model.proto.variables[var.index].domain)
        assert dom == ([0, 1] if k[1] in free else [int(k in sol["x"])] * 2)
    hoods.release()
    assert all(list(model.proto.variables[var.index].domain) == [0, 1]
               for var in (*v.x.values(), *v.y.values()))


def test_portfolio_proves_what_the_plain_model_proves():
    inst = small(seed=1)
    exact = scheduler.solve(inst, time_limit=60, workers=2, strategy="plain")
    assert exact.status == "optimal"
    s = scheduler.solve(inst, time_limit=20, workers=2)
    assert suits(parse_instance(inst), Runner(1, 2, 0))
    assert scheduler.check(inst, s).ok
    assert s.objective <= exact.objective <= s.bound
    assert s.status == "optimal" and s.objective == exact.objective


def test_the_tenfold_event_is_left_to_cp_sat():
    from benchmarks.generator import generate_instance
    assert not suits(parse_instance(generate_instance(10, seed=1)), Runner(1, 2, 0))
    assert not suits(parse_instance(small()), Runner(1, 1, 0))  # one worker: reproducible


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(instances(), st.integers(0, 3))
def test_portfolio_bounds_are_sound(inst, seed):
    exact = scheduler.solve(inst, time_limit=10, workers=1, strategy="plain")
    s = scheduler.solve(inst, time_limit=5, workers=2, seed=seed)
    assert s.status == exact.status or {s.status, exact.status} <= {"optimal", "feasible"}
    if s.status in ("optimal", "feasible"):
        rep = scheduler.check(inst, s)
        assert rep.ok, rep.violations
        assert rep.objective == s.objective
        if exact.status == "optimal":
            assert s.objective <= exact.objective <= (s.bound if s.bound is not None
                                                      else math.inf)
            if s.status == "optimal":
                assert s.objective == exact.objective
