"""Cheap proved upper bounds on each team's value, hence on the fairness floor.

Team t alone (every other team removed, minimum partners dropped) is a max-value flow:
partner (min(max_sessions, max_repeat) meetings with t) -> partner@session (1) ->
session (max partners) -> sink, plus its best compatible coach. Removing teams and
lower bounds only relaxes the problem, so ``min_t alone(t)`` bounds the floor of every
schedule. The LP of the joint model cannot see this: fractionally, all teams can be equal.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.graph.python import min_cost_flow


def team_alone_bounds(d) -> dict:
    inst = d.inst
    r = inst.rules
    per_team = defaultdict(list)
    for k in d.triples:
        per_team[k[1]].append(k)
    coach_best = defaultdict(int)
    for (t, _c), val in d.coach_value.items():
        coach_best[t] = max(coach_best[t], val)
    cap = {p.id: min(p.max_sessions, r.max_repeat) for p in inst.partners}
    out = {}
    for t in inst.teams:
        keys = per_team[t.id]
        if not keys:
            out[t.id] = coach_best[t.id]
            continue
        f = min_cost_flow.SimpleMinCostFlow()
        ids: dict = {}

        def node(key, ids=ids):
            return ids.setdefault(key, len(ids))

        src, sink = node("src"), node("sink")
        for p in {k[2] for k in keys}:
            f.add_arc_with_capacity_and_unit_cost(src, node(("p", p)), cap[p], 0)
        for (s, _t, p) in keys:
            f.add_arc_with_capacity_and_unit_cost(node(("p", p)), node(("ps", p, s)), 1, 0)
            f.add_arc_with_capacity_and_unit_cost(node(("ps", p, s)), node(("s", s)), 1,
                                                  -d.value[(s, t.id, p)])
        for s in {k[0] for k in keys}:
            f.add_arc_with_capacity_and_unit_cost(node(("s", s)), sink, r.max_partners, 0)
        # allow stopping early: a zero-cost bypass makes "max flow" free to skip meetings
        total = sum(cap.values())
        f.add_arc_with_capacity_and_unit_cost(src, sink, total, 0)
        f.set_node_supply(src, total)
        f.set_node_supply(sink, -total)
        if f.solve() != f.OPTIMAL:
            out[t.id] = d.team_ub[t.id]
            continue
        out[t.id] = min(d.team_ub[t.id], -f.optimal_cost() + coach_best[t.id])
    return out


def total_upper_bound(d) -> int:
    """Proved bound on sum of team values - change * changed, from a max-value flow that
    keeps H1, H2, H3, H5, H7 and the H4 maximum but drops H4's minimum, H6, H9, H10, coach
    capacities (each team takes its best coach) and all kept previous entries."""
    inst = d.inst
    r = inst.rules
    f = min_cost_flow.SimpleMinCostFlow()
    ids: dict = {}

    def node(key):
        return ids.setdefault(key, len(ids))

    src, sink = node("src"), node("sink")
    for p in inst.partners:
        f.add_arc_with_capacity_and_unit_cost(src, node(("p", p.id)), p.max_sessions, 0)
    seen = set()
    for (s, t, p) in d.triples:
        if (p, s) not in seen:
            seen.add((p, s))
            f.add_arc_with_capacity_and_unit_cost(node(("p", p)), node(("ps", p, s)), 1, 0)
        f.add_arc_with_capacity_and_unit_cost(node(("ps", p, s)), node(("ts", t, s)), 1,
                                              -d.value[(s, t, p)])
    for t in inst.teams:
        for s in d.sessions:
            f.add_arc_with_capacity_and_unit_cost(node(("ts", t.id, s.id)), sink,
                                                  r.max_partners, 0)
    total = sum(p.max_sessions for p in inst.partners)
    f.add_arc_with_capacity_and_unit_cost(src, sink, total, 0)
    f.set_node_supply(src, total)
    f.set_node_supply(sink, -total)
    if f.solve() != f.OPTIMAL:
        return sum(d.team_ub.values())
    coach_best = defaultdict(int)
    for (t, _c), val in d.coach_value.items():
        coach_best[t] = max(coach_best[t], val)
    const = 0
    if inst.previous is not None:  # entries that cannot be kept always count as changed
        const += len({(m.session, m.team, m.partner) for m in inst.previous.meetings}
                     - set(d.value))
        const += len(set({c.team: c.coach for c in inst.previous.coaches}.items())
                     - set(d.coach_value))
    return -f.optimal_cost() + sum(coach_best.values()) - inst.rules.weights.change * const
