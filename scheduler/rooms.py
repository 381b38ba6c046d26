"""Room assignment after the meetings are fixed (H9 depends only on head counts).

Per sparring session, teams need ``size + partners met`` places; rooms have a capacity and a
number of team slots. Best-fit decreasing solves the usual roomy case instantly; otherwise a
small exact CP-SAT bin-packing per session decides. ``None`` means no assignment exists (or
none was found in time) and the caller falls back to the exact joint model.
"""

from __future__ import annotations

from collections import Counter

from ortools.sat.python import cp_model

from .types import Instance


def assign_rooms(inst: Instance, meetings, seconds: float = 2.0) -> set | None:
    """Set of (team, session, room) satisfying H9 and fixed rooms, or None."""
    if not inst.rooms:
        return set()
    heads = Counter((t, s) for (s, t, _p) in meetings)
    out = set()
    for s in inst.sparring_sessions:
        demand = {t.id: t.size + heads[(t.id, s.id)] for t in inst.teams}
        fixed = {f.team: f.room for f in inst.fixed.rooms if f.session == s.id}
        got = _best_fit(inst, demand, fixed) or _exact(inst, demand, fixed, seconds)
        if got is None:
            return None
        out |= {(t, s.id, r) for t, r in got.items()}
    return out


def _best_fit(inst, demand, fixed) -> dict | None:
    free = {r.id: r.capacity for r in inst.rooms}
    slots = {r.id: r.max_teams for r in inst.rooms}
    got = {}
    for t, r in fixed.items():
        free[r] -= demand[t]
        slots[r] -= 1
        got[t] = r
        if free[r] < 0 or slots[r] < 0:
            return None
    for t in sorted((t for t in demand if t not in got), key=lambda t: (-demand[t], t)):
        fits = [r for r in free if slots[r] > 0 and free[r] >= demand[t]]
        if not fits:
            return None
        r = min(fits, key=lambda r: (free[r] - demand[t], r))
        free[r] -= demand[t]
        slots[r] -= 1
        got[t] = r
    return got


def _exact(inst, demand, fixed, seconds) -> dict | None:
    m = cp_model.CpModel()
    z = {(t, r.id): m.new_bool_var("") for t in demand for r in inst.rooms
         if r.max_teams > 0 and r.capacity >= demand[t]}
    for t in demand:
        m.add_exactly_one([var for (tt, _), var in z.items() if tt == t])
        if t in fixed:
            if (t, fixed[t]) not in z:
                return None
            m.add(z[(t, fixed[t])] == 1)
    for r in inst.rooms:
        mine = [(t, var) for (t, rr), var in z.items() if rr == r.id]
        if mine:
            m.add(sum(var for _, var in mine) <= r.max_teams)
            m.add(sum(demand[t] * var for t, var in mine) <= r.capacity)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1
    if solver.solve(m) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {t: r for (t, r), var in z.items() if solver.boolean_value(var)}
