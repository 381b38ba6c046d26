"""The configuration LP over team agendas: proofs that no schedule lifts every team to F.

"Every team at least F" is a max-min fair allocation, and its LP relaxation (the one HiGHS
and CP-SAT start from) lets a partner's session be split between teams, so at the edge of
feasibility branch and bound needs long (event size, seed 2: "floor >= 70" infeasible after
37-44 s of HiGHS). The configuration LP has one column per team *agenda*: a set of meetings
and a coach that gives the team at least F on its own, with H2-H4, H6, H7 and the team's
fixed entries; its rows are what agendas share: partner-sessions (H1), partners' sessions
(H5), coaches' places (H8) and room places per session (H9 aggregated, as in the other
relaxations). If fewer than n columns' worth fit, no schedule reaches F.

Columns come from pricing: per team, the cheapest agenda at the current prices, a small
CP-SAT model (prices scaled to integers and rounded down). For any prices mu >= 0,

    sum(mu * capacity) + sum over teams of max(0, 1 - cheapest agenda's cost)

bounds the LP from above (Lagrangian bound), whatever the master LP did: the proof rests on
that sum alone, computed here from CP-SAT's proved bounds, never on floating-point duals.
The duals only steer the search (smoothed towards the prices with the best bound so far).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict

from ortools.math_opt.python import mathopt
from ortools.sat.python import cp_model

from .rules import partner_places, team_partner_places

SCALE = 1_000_000  # prices -> integer costs for CP-SAT, rounded down (bounds stay valid)
SMOOTHING = 0.5  # weight of the best prices so far in the prices priced (Wentges)
MARGIN = 1e-6  # the bound must fall this far below the number of teams


class _Pricer:
    """The cheapest agenda of one team reaching the floor."""

    def __init__(self, d, team, floor: int, coaches: list):
        inst, r = d.inst, d.inst.rules
        m = self.model = cp_model.CpModel()
        self.x = {k: m.new_bool_var("") for s in d.sessions
                  for k in d.by_ts.get((team.id, s.id), [])}
        self.y = {c: m.new_bool_var("") for c in coaches}
        if self.y:
            m.add_exactly_one(self.y.values())
        self.impossible = False  # a rule this team cannot meet even alone
        for s in d.sessions:
            heads = [var for k, var in self.x.items() if k[0] == s.id]
            top = r.max_partners
            if d.aggregate_rooms:
                top = min(top, team_partner_places(d, team, s.id))
            if len(heads) < r.min_partners or top < r.min_partners:
                self.impossible = True
            elif heads:
                m.add_linear_constraint(sum(heads), r.min_partners, top)
        per_partner = defaultdict(list)
        for k, var in self.x.items():
            per_partner[k[2]].append(var)
        caps = {p.id: min(r.max_repeat, p.max_sessions) for p in inst.partners}
        for p, xs in per_partner.items():
            if len(xs) > caps[p]:
                m.add(sum(xs) <= caps[p])
        m.add(sum(d.value[k] * var for k, var in self.x.items())
              + sum(d.coach_value[(team.id, c)] * var for c, var in self.y.items())
              >= floor)
        fixed = ([(self.x, (f.session, f.team, f.partner))
                  for f in inst.fixed.meetings if f.team == team.id]
                 + [(self.y, f.coach) for f in inst.fixed.coaches if f.team == team.id])
        for variables, key in fixed:
            if key in variables:
                m.add(variables[key] == 1)
            else:
                self.impossible = True
        if not coaches:
            self.impossible = True
        self.solver = cp_model.CpSolver()
        self.solver.parameters.num_workers = 1
        self.solver.parameters.cp_model_presolve = False  # measured: 6 ms a call instead of 13

    def cheapest(self, price: dict, seconds: float):
        """(proved lower bound on the cheapest agenda's cost, [the cheapest agenda found]);
        the bound is math.inf when no agenda reaches the floor."""
        if self.impossible:
            return math.inf, []
        costs = [math.floor(SCALE * (price.get(("ps", k[2], k[0]), 0.0)
                                     + price.get(("p", k[2]), 0.0)
                                     + price.get(("room", k[0]), 0.0))) for k in self.x]
        costs += [math.floor(SCALE * price.get(("c", c), 0.0)) for c in self.y]
        self.model.minimize(cp_model.LinearExpr.weighted_sum(
            [*self.x.values(), *self.y.values()], costs))
        self.solver.parameters.max_time_in_seconds = max(0.01, seconds)
        status = self.solver.solve(self.model)
        if status == cp_model.INFEASIBLE:
            return math.inf, []
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return 0.0, []  # nothing proved: the trivial bound
        value = self.solver.boolean_value
        cheapest = ([k for k, var in self.x.items() if value(var)],
                    next(c for c, var in self.y.items() if value(var)))
        return self.solver.best_objective_bound / SCALE, [cheapest]


def _capacities(d) -> dict:
    inst = d.inst
    caps = {("p", p.id): p.max_sessions for p in inst.partners}
    caps.update({("c", c.id): c.max_teams for c in inst.coaches})
    caps.update({("ps", k[2], k[0]): 1 for k in d.triples})
    if d.aggregate_rooms:
        caps.update({("room", s.id): partner_places(d) for s in d.sessions})
    return caps


def _rows(agenda, caps):
    meetings, coach = agenda
    for s, _t, p in meetings:
        for row in (("ps", p, s), ("p", p), ("room", s)):
            if row in caps:
                yield row
    yield ("c", coach)


def _cost(agenda, price, caps) -> float:
    return sum(price.get(row, 0.0) for row in _rows(agenda, caps))


class _Master:
    """max the number of teams given an agenda, each at most one, within the capacities
    (GLOP, columns added as they are priced)."""

    def __init__(self, teams, caps):
        self.model = mathopt.Model(name="agendas")
        self.caps = caps
        self.team_rows = {t: self.model.add_linear_constraint(ub=1) for t in teams}
        self.rows: dict = {}

    def add(self, team, agenda) -> None:
        var = self.model.add_variable(lb=0)
        self.model.objective.set_linear_coefficient(var, 1)
        self.team_rows[team].set_coefficient(var, 1)
        for row in _rows(agenda, self.caps):
            if row not in self.rows:
                self.rows[row] = self.model.add_linear_constraint(ub=self.caps[row])
            self.rows[row].set_coefficient(var, 1)

    def solve(self):
        """(value, prices of the capacity rows, prices of the team rows)."""
        self.model.objective.is_maximize = True
        res = mathopt.solve(self.model, mathopt.SolverType.GLOP)
        duals = res.dual_values()
        return (res.objective_value(),
                {row: max(0.0, duals[c]) for row, c in self.rows.items()},
                {t: max(0.0, duals[c]) for t, c in self.team_rows.items()})


def refute_floor(d, floor: int, seconds: float, stop=lambda: False,
                 agendas=(), note=lambda text: None) -> bool:
    """True when it is proved that no schedule gives every team at least ``floor`` (within
    ``seconds``); False when the configuration LP fits every team, or time or ``stop`` ran
    out. ``agendas``: known (team, (meetings, coach)) pairs to start from."""
    deadline = time.monotonic() + seconds
    inst = d.inst
    teams = [t.id for t in inst.teams]
    n = len(teams)
    caps = _capacities(d)
    coaches = defaultdict(list)
    for t, c in d.coach_pairs:
        coaches[t].append(c)
    pricers = {t.id: _Pricer(d, t, floor, coaches[t.id]) for t in inst.teams}
    master = _Master(teams, caps)
    for t, agenda in agendas:
        master.add(t, agenda)
    duals, team_duals = {}, dict.fromkeys(teams, 0.0)
    centre, best = {}, math.inf
    for it in range(100_000):
        smooth = SMOOTHING if it and centre else 0.0
        while True:  # price at the smoothed prices; at the master's if that adds nothing
            price = {row: smooth * centre.get(row, 0.0) + (1 - smooth) * duals.get(row, 0.0)
                     for row in centre.keys() | duals.keys()}
            bound, added = sum(v * caps[row] for row, v in price.items()), 0
            for t in teams:
                if stop() or time.monotonic() > deadline:
                    note(f"configuration LP: floor {floor} open after {it} rounds "
                         f"(bound {best:.4f} of {n} teams)")
                    return False
                lower, found = pricers[t].cheapest(price, deadline - time.monotonic())
                if lower == math.inf:
                    note(f"configuration LP: team {t} cannot reach {floor} even alone")
                    return True
                bound += max(0.0, 1.0 - lower)
                for agenda in found:
                    if 1.0 - team_duals[t] - _cost(agenda, duals, caps) > 1e-9:
                        master.add(t, agenda)
                        added += 1
            if bound < best:
                best, centre = bound, price
            if added or smooth == 0.0:
                break
            smooth = 0.0
        if best < n - MARGIN:
            note(f"configuration LP: at most {best:.4f} of {n} teams reach {floor} "
                 f"({it + 1} rounds): floor {floor} refuted")
            return True
        if not added:
            note(f"configuration LP: all {n} teams fit at floor {floor} ({it + 1} rounds)")
            return False
        _value, duals, team_duals = master.solve()
    return False


def known_agendas(d, schedules, floor: int) -> list:
    """The agendas of teams reaching ``floor`` in schedules already found: columns to start
    from."""
    out = []
    for sol in schedules:
        meetings, coach, value = defaultdict(list), {}, defaultdict(int)
        for k in sol["x"]:
            meetings[k[1]].append(k)
            value[k[1]] += d.value[k]
        for t, c in sol["y"]:
            coach[t] = c
            value[t] += d.coach_value[(t, c)]
        out += [(t, (meetings[t], coach[t])) for t in coach if value[t] >= floor]
    return out
