"""A straightforward one-model CP-SAT of the spec (the baseline of benchmarks/solver.py).

Written directly from docs/scheduling spec, independent of scheduler/model.py: one boolean
per allowed (session, team, partner), per (team, coach) and per (team, session, room); the
objective with a floor variable; CP-SAT's default parameters for the given workers.
"""

from __future__ import annotations

import time
from collections import defaultdict

from ortools.sat.python import cp_model

import scheduler


def solve_plain(instance: dict, time_limit: float, workers: int, seed: int = 0) -> dict:
    t0 = time.monotonic()
    inst = scheduler.parse_instance(instance)
    r, w = inst.rules, inst.rules.weights
    m = cp_model.CpModel()
    sess = inst.sparring_sessions
    forb = set(inst.forbidden)
    x = {}
    for s in sess:
        for t in inst.teams:
            for p in inst.partners:
                if (s.id in p.available and set(p.languages) & set(t.languages)
                        and (t.id, p.id) not in forb):
                    x[(s.id, t.id, p.id)] = m.new_bool_var("")
    y = {(t.id, c.id): m.new_bool_var("") for t in inst.teams for c in inst.coaches
         if set(c.languages) & set(t.languages)}
    g = defaultdict(list)  # index the variables by every pair of their keys
    for (s, t, p), var in x.items():
        for key in (("ps", p, s), ("ts", t, s), ("p", p), ("pt", p, t)):
            g[key].append(var)
    for (t, c), var in y.items():
        g[("yt", t)].append(var)
        g[("yc", c)].append(var)
    for s in sess:
        for p in inst.partners:
            m.add(sum(g[("ps", p.id, s.id)]) <= 1)
        for t in inst.teams:
            n = sum(g[("ts", t.id, s.id)])
            m.add(n >= r.min_partners)
            m.add(n <= r.max_partners)
    for p in inst.partners:
        m.add(sum(g[("p", p.id)]) <= p.max_sessions)
        for t in inst.teams:
            m.add(sum(g[("pt", p.id, t.id)]) <= r.max_repeat)
    for t in inst.teams:
        m.add(sum(g[("yt", t.id)]) == 1)
    for c in inst.coaches:
        m.add(sum(g[("yc", c.id)]) <= c.max_teams)
    rv = {}
    for s in sess:
        for t in inst.teams:
            heads = sum(g[("ts", t.id, s.id)])
            here = []
            for room in inst.rooms:
                b = m.new_bool_var("")
                rv[(t.id, s.id, room.id)] = b
                here.append(b)
                occ = m.new_int_var(0, 100, "")
                m.add(occ == t.size + heads).only_enforce_if(b)
                m.add(occ == 0).only_enforce_if(~b)
                rv[("occ", t.id, s.id, room.id)] = occ
            if inst.rooms:
                m.add_exactly_one(here)
        for room in inst.rooms:
            m.add(sum(rv[(t.id, s.id, room.id)] for t in inst.teams) <= room.max_teams)
            m.add(sum(rv[("occ", t.id, s.id, room.id)] for t in inst.teams) <= room.capacity)
    for f in inst.fixed.meetings:
        m.add(x[(f.session, f.team, f.partner)] == 1)
    stage = {s.id: s.stage for s in sess}
    partners = {p.id: p for p in inst.partners}
    coaches = {c.id: c for c in inst.coaches}
    tv = {}
    for t in inst.teams:
        needs = set().union(*t.needs.values()) if t.needs else set()
        terms = []
        for (s, tt, p), var in x.items():
            if tt != t.id:
                continue
            pp = partners[p]
            val = (w.base + w.skill * len(set(pp.skills) & set(t.needs.get(stage[s], ())))
                   + w.wish * ((p in t.wishes) + (t.id in pp.wishes)))
            terms.append(val * var)
        for (tt, c), var in y.items():
            if tt == t.id:
                cc = coaches[c]
                terms.append(w.coach * len(set(cc.skills) & needs) * var)
        tv[t.id] = sum(terms)
    floor = m.new_int_var(0, 10**6, "floor")
    for e in tv.values():
        m.add(floor <= e)
    m.maximize(sum(tv.values()) + inst.fairness_weight * floor)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit - (time.monotonic() - t0))
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    st = solver.solve(m)
    out = {"status": {cp_model.OPTIMAL: "optimal", cp_model.FEASIBLE: "feasible",
                      cp_model.INFEASIBLE: "infeasible"}.get(st, "unknown"),
           "objective": None, "bound": None, "seconds": time.monotonic() - t0}
    if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        sched = scheduler.Schedule(
            "feasible",
            meetings=[scheduler.Meeting(*k) for k, var in x.items() if solver.value(var)],
            coaches=[scheduler.CoachAssignment(*k) for k, var in y.items() if solver.value(var)],
            rooms=[scheduler.RoomAssignment(k[1], k[0], k[2]) for k, var in rv.items()
                   if k[0] != "occ" and solver.value(var)])
        rep = scheduler.check(inst, sched)
        out["objective"] = rep.objective
        out["valid"] = rep.ok
        out["bound"] = int(solver.best_objective_bound + 1e-6)
    return out
