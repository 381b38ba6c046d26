"""A fast constructive schedule, used as the first hint of the search.

On large instances CP-SAT can spend its whole time limit without a first schedule; this
greedy gives one in well under a second when it succeeds (it may fail on tight instances,
then the search simply starts without it). It respects H1-H8 and fixed meetings/coaches;
rooms are assigned separately (rooms.py).
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict

from ortools.graph.python import min_cost_flow


def greedy_solution(d, deadline: float | None = None) -> dict | None:
    """A schedule from min-cost flows (H6 repaired by banning arcs), else the greedy."""
    coach = _coaches(d)
    if coach is None:
        return None
    x = _flow_meetings(d, deadline=deadline)
    if x is None:
        x = _greedy_meetings(d)
    if x is None:
        return None
    return {"x": x, "y": coach, "r": set()}


def fair_flow_solutions(d, evaluate, deadline: float, rounds: int = 8, stop=None):
    """Yield schedules from flows whose meeting values are multiplied for the weakest teams
    (a cheap primal heuristic for the fairness floor); stops at ``deadline``."""
    coach = _coaches(d)
    if coach is None:
        return
    mult = {t.id: 1 for t in d.inst.teams}
    for _ in range(rounds):
        if time.monotonic() > deadline:
            return
        x = _flow_meetings(d, deadline=deadline, mult=mult, stop=stop)
        if x is None:
            return
        sol = {"x": x, "y": coach, "r": set()}
        yield sol
        _obj, _total, _floor = evaluate(d, sol)
        values = Counter()
        for k in x:
            values[k[1]] += d.value[k]
        for t, c in coach:
            values[t] += d.coach_value[(t, c)]
        ranked = sorted(mult, key=lambda t: (values[t], t))
        for t in ranked[:max(1, len(ranked) // 8)]:
            mult[t] = min(mult[t] * 2, 64)


def _flow_meetings(d, rounds: int = 60, deadline: float | None = None,
                   mult: dict | None = None, stop=None) -> set | None:
    """Max flow of min cost: source -> partner (max_sessions) -> partner@session (1) ->
    team@session (min partners at a large bonus, then up to max) -> sink, cost -value.
    Everything but H6 is a flow constraint; pairs meeting too often get their weakest
    meeting banned (capacity 0) and the flow is solved again."""
    inst, r = d.inst, d.inst.rules
    fixed = {(m.session, m.team, m.partner) for m in inst.fixed.meetings}
    if not fixed <= set(d.value):
        return None
    big = 1 + sum(sorted(d.value.values())[-r.max_partners * len(d.sessions):] or [0])
    big *= max(mult.values(), default=1) if mult else 1
    f = min_cost_flow.SimpleMinCostFlow()
    ids: dict = {}

    def node(key):
        return ids.setdefault(key, len(ids))

    src, sink = node("src"), node("sink")
    for p in inst.partners:
        f.add_arc_with_capacity_and_unit_cost(src, node(("p", p.id)), p.max_sessions, 0)
    keys, arcs = [], []
    for (s, t, p) in d.triples:
        ps = node(("ps", p, s))
        if ps == len(ids) - 1:
            f.add_arc_with_capacity_and_unit_cost(node(("p", p)), ps, 1, 0)
        cost = -d.value[(s, t, p)] * (mult[t] if mult else 1) - (
            big * 4 if (s, t, p) in fixed else 0)
        arcs.append(f.add_arc_with_capacity_and_unit_cost(ps, node(("ts", t, s)), 1, cost))
        keys.append((s, t, p))
    arc_of = dict(zip(keys, arcs, strict=True))
    for t in inst.teams:
        for s in d.sessions:
            ts = node(("ts", t.id, s.id))
            f.add_arc_with_capacity_and_unit_cost(ts, sink, r.min_partners, -big)
            if r.max_partners > r.min_partners:
                f.add_arc_with_capacity_and_unit_cost(ts, sink,
                                                      r.max_partners - r.min_partners, 0)
    total = sum(p.max_sessions for p in inst.partners)
    f.set_node_supply(src, total)
    f.set_node_supply(sink, -total)
    for _ in range(rounds):
        if (deadline is not None and time.monotonic() > deadline) or (stop and stop()):
            return None
        if f.solve_max_flow_with_min_cost() != f.OPTIMAL:
            return None
        flows = f.flows(arcs)
        x = {k for k, fl in zip(keys, flows, strict=True) if fl > 0}
        count = Counter((k[1], k[0]) for k in x)
        if any(count[(t.id, s.id)] < r.min_partners for t in inst.teams for s in d.sessions):
            return None
        if not fixed <= x:
            return None
        pairs = defaultdict(list)
        for k in x:
            pairs[(k[2], k[1])].append(k)
        over = [ks for ks in pairs.values() if len(ks) > r.max_repeat]
        if not over:
            return x
        for ks in over:
            ks.sort(key=lambda k: (k in fixed, d.value[k], k))
            for k in ks[:len(ks) - r.max_repeat]:
                f.set_arc_capacity(arc_of[k], 0)
    return None


def _greedy_meetings(d) -> set | None:
    """Session by session: cover every team by augmenting paths, then fill by value."""
    inst = d.inst
    r = inst.rules
    budget = {p.id: p.max_sessions for p in inst.partners}
    met = Counter()
    x = set()
    by_ts = defaultdict(list)
    for key in d.triples:
        by_ts[(key[1], key[0])].append(key)
    sessions = list(d.sessions)
    avail_left = Counter()
    for s in sessions:
        for p in inst.partners:
            if s.id in p.available:
                avail_left[p.id] += 1
    # scarce sessions first: fewest partners per team
    sessions.sort(key=lambda s: sum(s.id in p.available for p in inst.partners))
    fixed = defaultdict(list)
    for m in inst.fixed.meetings:
        fixed[m.session].append((m.session, m.team, m.partner))
    for s in sessions:
        busy = set()
        count = Counter()
        for k in fixed[s.id]:
            if k not in d.value or k[2] in busy or budget[k[2]] <= 0:
                return None
            _take(k, x, busy, count, budget, met)
        for p in inst.partners:
            if s.id in p.available:
                avail_left[p.id] -= 1

        def ok(k, busy=busy):
            return (k[2] not in busy and budget[k[2]] > 0 and met[(k[2], k[1])] < r.max_repeat)

        for _ in range(r.min_partners):
            order = sorted((t.id for t in inst.teams if count[t.id] < r.min_partners),
                           key=lambda t, s=s: len(by_ts[(t, s.id)]))
            owner = {}  # partner -> team in this round
            # candidates: partners whose budget is not needed later first, then high value
            cands = {t: sorted((k for k in by_ts[(t, s.id)] if ok(k)),
                               key=lambda k: (budget[k[2]] - 1 < avail_left[k[2]],
                                              -d.value[k], k[2]))
                     for t in order}
            for t in order:
                if not _augment(t, cands, owner, set()):
                    return None
            for p, t in owner.items():
                _take((s.id, t, p), x, busy, count, budget, met)
        # fill up to max by value, only with partners that do not need the budget later
        extra = sorted((k for t in inst.teams for k in by_ts[(t.id, s.id)]),
                       key=lambda k: (-d.value[k], k))
        for k in extra:
            if count[k[1]] < r.max_partners and ok(k) and budget[k[2]] - 1 >= avail_left[k[2]]:
                _take(k, x, busy, count, budget, met)
    return x


def _take(k, x, busy, count, budget, met):
    x.add(k)
    busy.add(k[2])
    count[k[1]] += 1
    budget[k[2]] -= 1
    met[(k[2], k[1])] += 1


def _augment(t, cands, owner, seen) -> bool:
    for k in cands[t]:  # a free partner first
        if k[2] not in owner:
            owner[k[2]] = t
            return True
    for k in cands[t]:
        p = k[2]
        if p in seen:
            continue
        seen.add(p)
        if _augment(owner[p], cands, owner, seen):
            owner[p] = t
            return True
    return False


def _coaches(d) -> set | None:
    inst = d.inst
    cap = {c.id: c.max_teams for c in inst.coaches}
    got = {}
    for f in inst.fixed.coaches:
        if (f.team, f.coach) not in d.coach_value or cap[f.coach] <= 0:
            return None
        got[f.team] = f.coach
        cap[f.coach] -= 1
    options = defaultdict(list)
    for (t, c) in d.coach_pairs:
        options[t].append(c)
    for t in sorted((t.id for t in inst.teams if t.id not in got),
                    key=lambda t: len(options[t])):
        cs = [c for c in options[t] if cap[c] > 0]
        if not cs:
            return None
        c = max(cs, key=lambda c: (d.coach_value[(t, c)], cap[c], c))
        got[t] = c
        cap[c] -= 1
    return {(t, c) for t, c in got.items()}
