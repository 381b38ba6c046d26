"""The floor sub-problems as a MIP for HiGHS (through OR-Tools' MathOpt).

"Maximise the total with every team at least ``a``" is where CP-SAT is slow and a MIP solver
is fast: HiGHS's cutting planes on the team-value rows close most of the gap at the root
(scale 1: floors 66 and 67 proved optimal in under a second, where CP-SAT needed 10 s and
more; "floor >= 69" proved infeasible in 2 s instead of 90 s). The model is the same
relaxation as the CP-SAT phases: H1, H4, H5, H6, H8, H10 (meetings and coaches) exactly,
H2, H3, H7 by the variables that exist, H9 aggregated (``rules._add_h9_aggregate``), so the
bounds it proves are valid for the spec's problem; schedules it finds get their rooms from
``rooms.assign_rooms`` like every other.

Bounds and infeasibility come from a floating-point solver: the data are small integers
(coefficients up to a few dozen), the objective is integral and the tolerances are HiGHS's
defaults (1e-6 for feasibility and integrality), far below the unit steps of the objective.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass

from ortools.math_opt.python import mathopt

from .objective import previous_kept
from .rules import aggregated_room_rows


@dataclass
class MipOutcome:
    status: str  # optimal | feasible | infeasible | unknown
    solution: dict | None  # {"x", "y", "r"} like the CP-SAT runner's
    bound: float | None  # proved upper bound on the objective (None without one)


class FloorMip:
    """One model, built once; ``solve(lo, hi, seconds)`` maximises the total (minus the
    change penalty) with the floor restricted to [lo, hi]."""

    def __init__(self, d, relax: bool = False):
        self.d = d
        inst = d.inst
        r = inst.rules
        m = mathopt.Model(name="floor")
        self.model = m
        # relax: the LP relaxation (continuous variables in [0, 1]), for a bound only
        new = (lambda: m.add_variable(lb=0, ub=1)) if relax else m.add_binary_variable
        self.x = {k: new() for k in d.triples}
        self.y = {k: new() for k in d.coach_pairs}
        x, y = self.x, self.y
        fs = mathopt.fast_sum
        for keys in d.by_ps.values():  # H1
            if len(keys) > 1:
                m.add_linear_constraint(fs(x[k] for k in keys) <= 1)
        for t in inst.teams:  # H4
            for s in d.sessions:
                heads = fs(x[k] for k in d.by_ts.get((t.id, s.id), []))
                m.add_linear_constraint(heads >= r.min_partners)
                m.add_linear_constraint(heads <= r.max_partners)
        for p in inst.partners:  # H5 (with H1 meetings == sessions)
            keys = d.by_p.get(p.id, [])
            if len({k[0] for k in keys}) > p.max_sessions:
                m.add_linear_constraint(fs(x[k] for k in keys) <= p.max_sessions)
        for keys in d.by_pt.values():  # H6
            if len(keys) > r.max_repeat:
                m.add_linear_constraint(fs(x[k] for k in keys) <= r.max_repeat)
        by_team, by_coach = defaultdict(list), defaultdict(list)
        for k in d.coach_pairs:
            by_team[k[0]].append(k)
            by_coach[k[1]].append(k)
        for t in inst.teams:  # H8
            m.add_linear_constraint(fs(y[k] for k in by_team[t.id]) == 1)
        for c in inst.coaches:
            if len(by_coach[c.id]) > c.max_teams:
                m.add_linear_constraint(fs(y[k] for k in by_coach[c.id]) <= c.max_teams)
        self._add_rooms_relaxation()
        for f in inst.fixed.meetings:  # H10 (a fixed entry without a variable: infeasible)
            k = (f.session, f.team, f.partner)
            if k in x:
                x[k].lower_bound = 1
            else:
                m.add_linear_constraint(fs([]) >= 1)
        for f in inst.fixed.coaches:
            k = (f.team, f.coach)
            if k in y:
                y[k].lower_bound = 1
            else:
                m.add_linear_constraint(fs([]) >= 1)
        hi = max(d.team_ub.values(), default=0)
        self.floor = (m.add_variable(lb=0, ub=hi) if relax
                      else m.add_integer_variable(lb=0, ub=hi))
        by_tv = defaultdict(list)
        for k in d.triples:
            by_tv[k[1]].append(d.value[k] * x[k])
        for k in d.coach_pairs:
            if d.coach_value[k]:
                by_tv[k[0]].append(d.coach_value[k] * y[k])
        for t in inst.teams:
            m.add_linear_constraint(self.floor <= fs(by_tv[t.id]))
        self.total = (fs(term for terms in by_tv.values() for term in terms)
                      - inst.rules.weights.change * self._changed())

    def _add_rooms_relaxation(self):
        if self.d.aggregate_rooms:
            for keys, most in aggregated_room_rows(self.d):
                self.model.add_linear_constraint(
                    mathopt.fast_sum(self.x[k] for k in keys) <= most)

    def _changed(self):
        """Previous entries not kept (those without a variable are a constant)."""
        kept, const = previous_kept(self.d.inst, self.x, self.y)
        return mathopt.fast_sum(1 - var for var in kept) + const

    def solve(self, lo: int, hi: int, seconds: float, full: bool = False,
              start: dict | None = None, seed: int = 0) -> MipOutcome:
        """Maximise the total (``full``: the spec's objective) with the floor in [lo, hi];
        ``start`` is a schedule to start from (used when it has the floor). HiGHS's time to
        a proof varies a lot with its random seed (floor >= 69 at event size: 1.3 s, 1.5 s,
        8.9 s and over 15 s for seeds 1, 2, 3, 0): retries should change ``seed``."""
        if seconds <= 0.01:
            return MipOutcome("unknown", None, None)
        self.floor.lower_bound, self.floor.upper_bound = lo, max(lo, hi)
        w = self.d.inst.fairness_weight
        self.model.maximize(self.total + w * self.floor if full else self.total)
        model_params = None
        if start is not None and lo <= start.get("floor", -1) <= hi:
            values = {var: float(k in start["x"]) for k, var in self.x.items()}
            values.update({var: float(k in start["y"]) for k, var in self.y.items()})
            values[self.floor] = float(start["floor"])
            model_params = mathopt.ModelSolveParameters(
                solution_hints=[mathopt.SolutionHint(variable_values=values)])
        params = mathopt.SolveParameters(
            time_limit=datetime.timedelta(seconds=seconds), random_seed=seed,
            # the objective is integral: stop only when the gap is below one unit
            relative_gap_tolerance=0.0, absolute_gap_tolerance=0.99)
        try:
            res = mathopt.solve(self.model, mathopt.SolverType.HIGHS, params=params,
                                model_params=model_params)
        except (RuntimeError, ValueError):  # the MIP is an aid: CP-SAT remains
            return MipOutcome("unknown", None, None)
        reason = res.termination.reason
        if reason == mathopt.TerminationReason.INFEASIBLE:
            return MipOutcome("infeasible", None, None)
        bound = res.termination.objective_bounds.dual_bound
        bound = math.floor(bound + 1e-6) if math.isfinite(bound) else None
        sol = None
        if res.has_primal_feasible_solution():
            vals = res.variable_values()
            sol = {"x": {k for k, var in self.x.items() if vals[var] > 0.5},
                   "y": {k for k, var in self.y.items() if vals[var] > 0.5},
                   "r": set()}
        if reason == mathopt.TerminationReason.OPTIMAL and sol is not None:
            return MipOutcome("optimal", sol, bound)
        return MipOutcome("feasible" if sol is not None else "unknown", sol, bound)


def lp_bound(d, f_hi: int, seconds: float) -> int | None:
    """The LP relaxation's optimum of the spec's objective with the floor at most ``f_hi``
    (a proved bound on it): a proved bound on the objective, or None if not solved in time.
    At 10x HiGHS's dual simplex solves it in about 12 s (building it takes about 19 s in
    Python), where CP-SAT's LP with cuts was still 1-2% above it after 120 s."""
    lp = FloorMip(d, relax=True)
    lp.floor.upper_bound = f_hi
    lp.model.maximize(lp.total + d.inst.fairness_weight * lp.floor)
    try:
        res = mathopt.solve(lp.model, mathopt.SolverType.HIGHS, params=mathopt.SolveParameters(
            time_limit=datetime.timedelta(seconds=max(0.01, seconds))))
    except (RuntimeError, ValueError):
        return None
    if res.termination.reason == mathopt.TerminationReason.INFEASIBLE:
        return -1  # no schedule at all (the caller has one, so never expected)
    if res.termination.reason != mathopt.TerminationReason.OPTIMAL:
        return None
    return math.floor(res.termination.objective_bounds.dual_bound + 1e-6)
