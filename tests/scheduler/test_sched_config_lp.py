"""The configuration-LP measurement (benchmarks/config_lp.py) is sound: it never calls a
reachable floor infeasible, and it refutes every floor the compact LP already refutes."""

import math

from ortools.math_opt.python import mathopt
from test_sched_api import small

from benchmarks.config_lp import verdict
from scheduler.io import parse_instance
from scheduler.mip import FloorMip
from scheduler.model import build_data


def best_floor(d, relax: bool) -> float:
    mip = FloorMip(d, relax=relax)
    mip.model.maximize(mip.floor)
    res = mathopt.solve(mip.model, mathopt.SolverType.HIGHS)
    assert res.termination.reason == mathopt.TerminationReason.OPTIMAL
    return res.objective_value()


def test_config_lp_verdicts_are_sound():
    d = build_data(parse_instance(small(seed=2)), aggregate_rooms=True)
    reachable = round(best_floor(d, relax=False))
    beyond_lp = math.floor(best_floor(d, relax=True) + 1e-6) + 1
    lines = []
    assert verdict(d, reachable, 120, out=lines.append) == "open", lines
    assert verdict(d, beyond_lp, 120, out=lines.append) == "infeasible", lines
    assert any("proved" in line or "cannot reach" in line for line in lines)
