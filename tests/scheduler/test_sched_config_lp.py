"""The configuration LP over team agendas (scheduler/agendas.py) is sound: it never refutes
a floor some schedule reaches, it refutes every floor the compact LP already refutes, and
the portfolio lowers the floor's bound only on its proof."""

import math

from ortools.math_opt.python import mathopt
from test_sched_api import small

from scheduler import agendas, portfolio
from scheduler.floors import Floors
from scheduler.io import parse_instance
from scheduler.mip import FloorMip
from scheduler.model import build_data
from scheduler.runner import Runner
from scheduler.search import _Best, evaluate


def best_floor(d, relax: bool):
    """(the best floor, a schedule reaching it) of the MIP, or of its LP relaxation."""
    mip = FloorMip(d, relax=relax)
    mip.model.maximize(mip.floor)
    res = mathopt.solve(mip.model, mathopt.SolverType.HIGHS)
    assert res.termination.reason == mathopt.TerminationReason.OPTIMAL
    vals = res.variable_values()
    sol = {"x": {k for k, var in mip.x.items() if vals[var] > 0.5},
           "y": {k for k, var in mip.y.items() if vals[var] > 0.5}, "r": set()}
    return res.objective_value(), sol


def data():
    return build_data(parse_instance(small(seed=2)), aggregate_rooms=True)


def test_reachable_floor_is_never_refuted_and_beyond_the_lp_always_is():
    d = data()
    reachable, _ = best_floor(d, relax=False)
    beyond_lp = math.floor(best_floor(d, relax=True)[0] + 1e-6) + 1
    lines = []
    assert agendas.refute_floor(d, round(reachable), 120, note=lines.append) is False
    assert any("all" in line and "fit" in line for line in lines), lines
    assert agendas.refute_floor(d, beyond_lp, 120, note=lines.append) is True
    assert "refuted" in lines[-1] or "cannot reach" in lines[-1]


def test_known_agendas_are_those_reaching_the_floor():
    d = data()
    floor, sol = best_floor(d, relax=False)
    values = {t.id: 0 for t in d.inst.teams}
    for k in sol["x"]:
        values[k[1]] += d.value[k]
    for k in sol["y"]:
        values[k[0]] += d.coach_value[k]
    cut = sorted(values.values())[len(values) // 2]  # about half the teams reach it
    found = agendas.known_agendas(d, [sol], cut)
    assert {t for t, _ in found} == {t for t, v in values.items() if v >= cut}
    for t, (meetings, coach) in found:
        assert set(meetings) == {k for k in sol["x"] if k[1] == t} and (t, coach) in sol["y"]
    # a schedule reaching the floor gives a column for every team: the LP fits at once
    assert agendas.refute_floor(d, round(floor), 60,
                                agendas=agendas.known_agendas(d, [sol], round(floor))) is False


def test_portfolio_lowers_the_floor_bound_only_on_a_proof():
    d = data()
    reachable, sol = best_floor(d, relax=False)
    beyond_lp = math.floor(best_floor(d, relax=True)[0] + 1e-6) + 1
    runner = Runner(60, 2, 0)
    best = _Best(d, runner)
    best.offer(dict(sol))
    state = {"mip_bound": math.inf, "done": False}
    for edge, expected in ((beyond_lp, beyond_lp - 1), (round(reachable), round(reachable))):
        floors = Floors(10_000, edge, d.inst.fairness_weight)
        portfolio._refute(edge, d, runner, best, floors, state)
        assert floors.f_hi == expected
    assert evaluate(d, best.sol)[2] == round(reachable)


def test_agendas_keep_the_fixed_entries():
    raw = small(seed=2)
    d = data()
    team = d.inst.teams[0]
    key = next(k for k in d.triples if k[1] == team.id)
    coach = next(c for t, c in d.coach_pairs if t == team.id)
    raw["fixed"] = {"meetings": [{"session": key[0], "team": key[1], "partner": key[2]}],
                    "coaches": [{"team": team.id, "coach": coach}], "rooms": []}
    d = build_data(parse_instance(raw), aggregate_rooms=True)
    coaches = [c for t, c in d.coach_pairs if t == team.id]
    pricer = agendas._Pricer(d, d.inst.teams[0], 0, coaches)
    # the fixed meeting and coach cost the most: the cheapest agenda still has them
    price = {("ps", key[2], key[0]): 5.0, ("c", coach): 5.0}
    lower, (agenda,) = pricer.cheapest(price, 10)
    assert key in agenda[0] and agenda[1] == coach and lower >= 10.0 - 1e-6
