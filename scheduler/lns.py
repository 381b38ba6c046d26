"""Large-neighbourhood search over teams, for better schedules on one core.

The fairness term rewards lifting the weakest teams, which means taking partners from
stronger teams in the same sessions. Each step frees the weakest teams plus a random set
of others (their meetings and coaches), keeps everyone else's schedule fixed, and lets
CP-SAT re-solve the spec's objective on that part, starting from the best schedule. The
neighbourhood grows while steps are solved quickly and shrinks when they are not.
"""

from __future__ import annotations

import random
import time

from ortools.sat.python import cp_model

from .runner import hint


def team_values(d, sol) -> dict:
    values = {t.id: 0 for t in d.inst.teams}
    for k in sol["x"]:
        values[k[1]] += d.value[k]
    for k in sol["y"]:
        values[k[0]] += d.coach_value[k]
    return values


class Neighbourhoods:
    """Fixes and frees teams in a built CP-SAT model (variable domains of v.x and v.y)."""

    def __init__(self, model, v, d, seed: int = 0):
        self.model, self.v, self.d = model, v, d
        self.rng = random.Random(seed)
        self.size = max(2, min(len(d.inst.teams), 8))
        self.x_by_team: dict = {}
        for k, var in v.x.items():
            self.x_by_team.setdefault(k[1], []).append((k, var.index))
        self.y_by_team: dict = {}
        for k, var in v.y.items():
            self.y_by_team.setdefault(k[0], []).append((k, var.index))

    def choose(self, sol) -> set:
        values = team_values(self.d, sol)
        ranked = sorted(values, key=lambda t: (values[t], t))
        weakest = ranked[:max(1, self.size // 3)]
        others = [t for t in ranked if t not in weakest]
        picked = self.rng.sample(others, min(len(others), self.size - len(weakest)))
        return set(weakest) | set(picked)

    def fix_all_but(self, free: set, sol) -> None:
        variables = self.model.proto.variables
        for by_team, chosen in ((self.x_by_team, sol["x"]), (self.y_by_team, sol["y"])):
            for t, items in by_team.items():
                for k, i in items:
                    dom = variables[i].domain
                    dom[0] = 0 if t in free else int(k in chosen)
                    dom[1] = 1 if t in free else dom[0]

    def release(self) -> None:
        variables = self.model.proto.variables
        for items in (*self.x_by_team.values(), *self.y_by_team.values()):
            for _k, i in items:
                variables[i].domain[0], variables[i].domain[1] = 0, 1

    def adapt(self, proved: bool) -> None:
        n = len(self.d.inst.teams)
        self.size = min(n, self.size + 2) if proved else max(2, self.size - 1)


def improve(model, v, d, runner, best, keep_going, seconds: float = 1.0,
            workers: int = 1) -> None:
    """Neighbourhood steps until ``keep_going()`` is false; ``model`` must already carry
    the objective (and the floor domain the caller wants)."""
    hoods = Neighbourhoods(model, v, d, seed=runner.seed)
    params = {"linearization_level": 2}
    overhead = 0.0  # wall time a step took beyond its limit (copying a large model)
    while keep_going() and runner.remaining() > overhead + 0.2:
        sol = best.sol
        if sol is None:  # no schedule yet (the flow heuristic failed): search for one
            model.clear_hints()
            runner.solve(model, v, 3 * seconds, on_solution=best.offer,
                         params=params if workers == 1 else None, workers=workers)
            continue
        free = hoods.choose(sol)
        hoods.fix_all_but(free, sol)
        hint(model, v, sol)
        began = time.monotonic()
        limit = min(seconds, runner.remaining() - overhead)
        out = runner.solve(model, v, limit, on_solution=best.offer,
                           params=params if workers == 1 else None, workers=workers)
        overhead = max(overhead, time.monotonic() - began - limit)
        hoods.release()
        hoods.adapt(out.status in (cp_model.OPTIMAL, cp_model.INFEASIBLE))
        runner.note(f"LNS over {len(free)} teams: {out.status}, objective {out.objective}; "
                    f"best schedule {best.obj}")
        if out.status == cp_model.UNKNOWN and out.solution is None and runner.remaining() <= 0:
            return
