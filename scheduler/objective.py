"""Objective terms: team values, the fairness floor and the change penalty.

``mode`` selects what is maximised:

* ``"full"``:  sum of team values + fairness * floor - change * changed (the spec);
* ``"sum"``:   sum of team values - change * changed, optionally with every team value
  at least ``floor_min`` (one sub-problem of the floor search);
* ``"floor"``: the floor alone (the best achievable minimum team value).
"""

from __future__ import annotations

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model import LinearExpr


def team_value_exprs(v, d) -> dict:
    out = {}
    for t in d.inst.teams:
        keys = [k for s in d.sessions for k in d.by_ts.get((t.id, s.id), [])]
        cs = [(t.id, c.id) for c in d.inst.coaches if (t.id, c.id) in v.y]
        out[t.id] = LinearExpr.weighted_sum([v.x[k] for k in keys] + [v.y[k] for k in cs],
                                            [d.value[k] for k in keys]
                                            + [d.coach_value[k] for k in cs])
    return out


def previous_kept(inst, x: dict, y: dict) -> tuple[list, int]:
    """The variables of previous meetings and coaches (each once) that can be kept, and the
    number that cannot (ids no longer in the instance, pairs no longer allowed): those
    always count as changed. ``x`` and ``y`` map model keys to variables of any solver."""
    prev = inst.previous
    if prev is None:
        return [], 0
    kept, const = [], 0
    meetings = sorted({(m.session, m.team, m.partner) for m in prev.meetings})
    coaches = sorted({c.team: c.coach for c in prev.coaches}.items())
    for keys, variables in ((meetings, x), (coaches, y)):
        for k in keys:
            if k in variables:
                kept.append(variables[k])
            else:
                const += 1
    return kept, const


def changed_expr(v, d):
    """(linear expression, constant): number of previous meetings/coaches not kept."""
    kept, const = previous_kept(d.inst, v.x, v.y)
    return sum(1 - var for var in kept), const


def add_objective(model: cp_model.CpModel, v, d, mode: str = "full", floor_min: int | None = None,
                  floor_max: int | None = None) -> dict:
    """Add the objective; returns the team value expressions."""
    inst = d.inst
    values = team_value_exprs(v, d)
    total = LinearExpr.sum(list(values.values()))
    changed, const = changed_expr(v, d)
    change = inst.rules.weights.change * (changed + const)
    fair = inst.fairness_weight
    lo = floor_min if floor_min is not None else 0
    hi = max(d.team_ub.values(), default=0)
    if floor_max is not None:
        hi = min(hi, floor_max)
    if mode == "sum":
        if floor_min is not None:
            for e in values.values():
                model.add(e >= floor_min)
        model.maximize(total - change)
        return values
    if not values:
        model.maximize(-change)
        return values
    v.floor = model.new_int_var(lo, max(lo, hi), "floor")
    for e in values.values():
        model.add(v.floor <= e)
    if mode == "floor":
        model.maximize(v.floor)
    else:
        model.maximize(total + fair * v.floor - change)
    return values
