"""Measurement: the configuration LP's verdict on "can every team reach the floor F?".

    python benchmarks/config_lp.py --scale 1 --seed 2 --floor 70

The floor sub-problems that decide the last per mille at event size are hard for branch and
bound because their LP relaxation lets partners be shared fractionally (a max-min fair
allocation, like the Santa Claus problem). The configuration LP has one column per team
*agenda* (a set of meetings and a coach that gives the team at least F on its own, H4 and
H6 included) and rows for what agendas share: partner-sessions (H1), partner sessions (H5),
coach places (H8) and room places per session (H9, aggregated). If its optimum is below the
number of teams, no schedule reaches F.

Columns come from pricing: per team, the cheapest agenda at the current dual prices, an
exact MIP solved by HiGHS. ``sum(prices * capacities) + sum over teams of max(0, 1 -
cheapest agenda)`` is a proved upper bound on the LP (Lagrangian bound) at every
iteration, so the verdict "infeasible" is proved once it drops below the number of teams.
This is a measurement for docs/scheduler.md, not part of the solver: too slow there yet.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ortools.math_opt.python import mathopt  # noqa: E402

from benchmarks.generator import generate_instance  # noqa: E402
from benchmarks.solver import machine  # noqa: E402
from scheduler.io import parse_instance  # noqa: E402
from scheduler.model import build_data  # noqa: E402

fs = mathopt.fast_sum


class AgendaPricer:
    """The cheapest agenda of one team with value >= F (exact, HiGHS)."""

    def __init__(self, d, team, floor: int):
        inst, r = d.inst, d.inst.rules
        size = next(t.size for t in inst.teams if t.id == team)
        caps = {p.id: min(r.max_repeat, p.max_sessions) for p in inst.partners}
        m = self.model = mathopt.Model()
        self.keys = [k for k in d.triples if k[1] == team]
        self.x = {k: m.add_binary_variable() for k in self.keys}
        self.coaches = [c for (t, c) in d.coach_pairs if t == team]
        self.y = {c: m.add_binary_variable() for c in self.coaches}
        m.add_linear_constraint(fs(self.y.values()) == 1)
        for s in d.sessions:
            heads = fs(self.x[k] for k in d.by_ts.get((team, s.id), []))
            big = max((d.room_cap[rm] for rm in d.rooms_for[(team, s.id)]), default=0)
            top = r.max_partners if not d.inst.rooms else min(r.max_partners, big - size)
            m.add_linear_constraint(heads >= r.min_partners)
            m.add_linear_constraint(heads <= max(0, top))
        per_partner = defaultdict(list)
        for k in self.keys:
            per_partner[k[2]].append(self.x[k])
        for p, xs in per_partner.items():
            if len(xs) > caps[p]:
                m.add_linear_constraint(fs(xs) <= caps[p])
        m.add_linear_constraint(fs(d.value[k] * self.x[k] for k in self.keys)
                                + fs(d.coach_value[(team, c)] * self.y[c]
                                     for c in self.coaches) >= floor)

    def cheapest(self, price):
        """(proved lower bound on the cost, agenda) or (None, None) if no agenda reaches F."""
        self.model.minimize(
            fs((price.get(("ps", k[2], k[0]), 0) + price.get(("p", k[2]), 0)
                + price.get(("room", k[0]), 0)) * self.x[k] for k in self.keys)
            + fs(price.get(("c", c), 0) * self.y[c] for c in self.coaches))
        res = mathopt.solve(self.model, mathopt.SolverType.HIGHS, params=mathopt.SolveParameters(
            relative_gap_tolerance=1e-9, absolute_gap_tolerance=1e-7))
        if res.termination.reason == mathopt.TerminationReason.INFEASIBLE:
            return None, None
        vals = res.variable_values()
        agenda = ([k for k in self.keys if vals[self.x[k]] > 0.5],
                  next(c for c in self.coaches if vals[self.y[c]] > 0.5))
        return res.termination.objective_bounds.dual_bound, agenda


def capacities(d) -> dict:
    inst = d.inst
    rooms = (sum(r.capacity for r in inst.rooms if r.max_teams > 0)
             - sum(t.size for t in inst.teams)) if inst.rooms else None
    caps = {("p", p.id): p.max_sessions for p in inst.partners}
    caps.update({("c", c.id): c.max_teams for c in inst.coaches})
    caps.update({("ps", k[2], k[0]): 1 for k in d.triples})
    if rooms is not None:
        caps.update({("room", s.id): rooms for s in d.sessions})
    return caps


def master(teams, agendas, caps):
    """max sum of agenda weights, one per team at most, within the capacities; returns
    (value, prices of the capacity rows, prices of the team rows)."""
    m = mathopt.Model()
    lam = {(t, i): m.add_variable(lb=0) for t in teams for i in range(len(agendas[t]))}
    per_team = {t: m.add_linear_constraint(fs(lam[(t, i)] for i in range(len(agendas[t]))) <= 1)
                for t in teams}
    use = defaultdict(list)
    for t in teams:
        for i, (meetings, coach) in enumerate(agendas[t]):
            for s, _t, p in meetings:
                for row in (("ps", p, s), ("p", p), ("room", s)):
                    if row in caps:
                        use[row].append(lam[(t, i)])
            use[("c", coach)].append(lam[(t, i)])
    rows = {key: m.add_linear_constraint(fs(xs) <= caps[key]) for key, xs in use.items()}
    m.maximize(fs(lam.values()))
    res = mathopt.solve(m, mathopt.SolverType.GLOP)
    duals = res.dual_values()
    return (res.objective_value(), {key: max(0.0, duals[row]) for key, row in rows.items()},
            {t: max(0.0, duals[row]) for t, row in per_team.items()})


def verdict(d, floor: int, seconds: float, out=print) -> str:
    teams = [t.id for t in d.inst.teams]
    pricers = {t: AgendaPricer(d, t, floor) for t in teams}
    caps = capacities(d)
    agendas, price, team_price = defaultdict(list), {}, dict.fromkeys(teams, 0.0)
    t0, best = time.monotonic(), float("inf")
    for it in range(10_000):
        lagrange, added = sum(price[k] * caps[k] for k in price), 0
        for t in teams:
            cost, agenda = pricers[t].cheapest(price)
            if agenda is None:
                out(f"team {t} cannot reach {floor} even alone")
                return "infeasible"
            lagrange += max(0.0, 1 - cost)
            if 1 - team_price[t] - cost > 1e-7:
                agendas[t].append(agenda)
                added += 1
        if it:
            best = min(best, lagrange)
        if best < len(teams) - 1e-6:
            out(f"proved: at most {best:.4f} of {len(teams)} teams reach {floor} "
                f"({it} iterations, {time.monotonic() - t0:.1f}s)")
            return "infeasible"
        if not added:
            out(f"the configuration LP reaches all {len(teams)} teams at floor {floor} "
                f"({it} iterations, {time.monotonic() - t0:.1f}s): no proof")
            return "open"
        value, price, team_price = master(teams, agendas, caps)
        out(f"  iteration {it}: master {value:.4f}, bound {best:.4f}, "
            f"{time.monotonic() - t0:.1f}s")
        if time.monotonic() - t0 > seconds:
            return "time limit"
    return "open"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--floor", type=int, required=True)
    ap.add_argument("--seconds", type=float, default=300)
    args = ap.parse_args(argv)
    print(machine())
    inst = parse_instance(generate_instance(args.scale, seed=args.seed))
    d = build_data(inst, aggregate_rooms=bool(inst.rooms))
    print(f"scale {args.scale}, seed {args.seed}, floor {args.floor}: "
          f"{verdict(d, args.floor, args.seconds)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
